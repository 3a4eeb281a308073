# Fails when any C or C++ file in the tree differs from clang-format's output.
file(GLOB_RECURSE files ${ROOT}/include/*.hpp ${ROOT}/src/*.cpp ${ROOT}/src/*.hpp
     ${ROOT}/apps/*.cpp ${ROOT}/apps/*.hpp ${ROOT}/tests/*.cpp ${ROOT}/tests/*.hpp
     ${ROOT}/bench/*.cpp ${ROOT}/bench/*.hpp ${ROOT}/bench/*.c ${ROOT}/bench/*.h
     ${ROOT}/python/*.cpp)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${files} RESULT_VARIABLE rc
                ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "clang-format: these files need formatting (clang-format -i FILE):\n${out}")
endif()
list(LENGTH files n)
message(STATUS "clang-format: ${n} files formatted")
