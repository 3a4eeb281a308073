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
if(CYTOSTORM_SANITIZE)
  target_compile_options(cytostorm_build_flags INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(cytostorm_build_flags INTERFACE -fsanitize=address,undefined)
endif()
