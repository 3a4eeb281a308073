include(CMakePackageConfigHelpers)
install(TARGETS cytostorm cytostorm_cli EXPORT cytostormTargets
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/cytostorm DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/cytostorm)
install(EXPORT cytostormTargets NAMESPACE cytostorm::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/cytostorm)
configure_package_config_file(cmake/cytostormConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/cytostormConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/cytostorm)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/cytostormConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/cytostormConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/cytostormConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/cytostorm)
# The bedside pages of `cytostorm serve` (web/, from the pages' branch) and uPlot from npm.
if(EXISTS ${PROJECT_SOURCE_DIR}/web)
  install(DIRECTORY web/ DESTINATION ${CMAKE_INSTALL_DATADIR}/cytostorm/web
          PATTERN node_modules EXCLUDE PATTERN package*.json EXCLUDE)
  if(EXISTS ${PROJECT_SOURCE_DIR}/web/node_modules/uplot/dist)
    install(DIRECTORY web/node_modules/uplot/dist/
            DESTINATION ${CMAKE_INSTALL_DATADIR}/cytostorm/web/node_modules/uplot/dist)
  endif()
endif()
