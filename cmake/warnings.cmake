# Project-wide warning and sanitizer flags, applied through an interface target so that they
# reach only cytostorm's own targets, never a consumer's.
add_library(cytostorm_build_flags INTERFACE)
target_compile_options(cytostorm_build_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
  -Wnon-virtual-dtor -Woverloaded-virtual -Wimplicit-fallthrough
  $<$<BOOL:${CYTOSTORM_WERROR}>:-Werror>
  # GCC 12 reports false -Wrestrict overlaps inside std::string concatenation at -O2 and above
  # (GCC bug 105329, fixed in GCC 13): not a finding in our code.
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)
if(CYTOSTORM_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "CYTOSTORM_FUZZ needs clang (CC=clang CXX=clang++): libFuzzer is part of it")
endif()
if(CYTOSTORM_SANITIZE AND CYTOSTORM_TSAN)
  message(FATAL_ERROR "CYTOSTORM_SANITIZE and CYTOSTORM_TSAN exclude each other")
endif()
if(CYTOSTORM_FUZZ)
  # Coverage for libFuzzer in every target; the harnesses add -fsanitize=fuzzer (its main).
  target_compile_options(cytostorm_build_flags INTERFACE -fsanitize=fuzzer-no-link)
  target_link_options(cytostorm_build_flags INTERFACE -fsanitize=fuzzer-no-link)
endif()
if(CYTOSTORM_TSAN)
  target_compile_options(cytostorm_build_flags INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(cytostorm_build_flags INTERFACE -fsanitize=thread)
endif()
if(CYTOSTORM_SANITIZE OR CYTOSTORM_FUZZ)
  target_compile_options(cytostorm_build_flags INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(cytostorm_build_flags INTERFACE -fsanitize=address,undefined)
endif()
