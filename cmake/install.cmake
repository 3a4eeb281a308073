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
