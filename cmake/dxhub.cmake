# One helper for every dxhub library, executable and test.
#
#   dxhub_library(NAME name SOURCES ... [DEPS ...] [PUBLIC_INCLUDE dir])
#       -> target dxhub_<name>, alias dxhub::<name>
#   dxhub_executable(NAME exe SOURCES ... [DEPS ...])
#       -> in build/bin, allocating through jemalloc (DXHUB_JEMALLOC)
#   dxhub_test(NAME name SOURCES ... [DEPS ...] [TIMEOUT s] [LABELS ...] [ONE_PROCESS])
#       -> gtest binary, registered with gtest_discover_tests and a timeout;
#          ONE_PROCESS registers the binary as a single test instead (for
#          suites whose expensive SetUpTestSuite should run once)
#
# With DXHUB_FUZZ (clang only; fuzz/README.md) every library is instrumented for
# libFuzzer, ASan and UBSan, and nothing is built by default but the fuzz
# targets and the libraries they link (executables and tests are left out).

include(GoogleTest)

add_library(dxhub_build_flags INTERFACE)
target_compile_features(dxhub_build_flags INTERFACE cxx_std_20)
target_compile_options(dxhub_build_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Wunused -Woverloaded-virtual
  -Wimplicit-fallthrough)
if(DXHUB_WERROR)
  target_compile_options(dxhub_build_flags INTERFACE -Werror)
endif()
if(DXHUB_SANITIZE)
  target_compile_options(dxhub_build_flags INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(dxhub_build_flags INTERFACE -fsanitize=address,undefined)
endif()

if(DXHUB_FUZZ)
  target_compile_options(dxhub_build_flags INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(dxhub_build_flags INTERFACE -fsanitize=address,undefined)
  set(DXHUB_EXCLUDE_FROM_ALL EXCLUDE_FROM_ALL)
endif()

set(DXHUB_DEFAULT_TEST_TIMEOUT 120 CACHE STRING "default per-test timeout (seconds)")

function(dxhub_library)
  cmake_parse_arguments(A "" "NAME" "SOURCES;DEPS;PUBLIC_INCLUDE" ${ARGN})
  add_library(dxhub_${A_NAME} STATIC ${DXHUB_EXCLUDE_FROM_ALL} ${A_SOURCES})
  add_library(dxhub::${A_NAME} ALIAS dxhub_${A_NAME})
  if(A_PUBLIC_INCLUDE)
    target_include_directories(dxhub_${A_NAME} PUBLIC ${A_PUBLIC_INCLUDE})
  else()
    target_include_directories(dxhub_${A_NAME} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  endif()
  target_link_libraries(dxhub_${A_NAME} PUBLIC ${A_DEPS} PRIVATE dxhub_build_flags)
  target_compile_features(dxhub_${A_NAME} PUBLIC cxx_std_20)
endfunction()

function(dxhub_executable)
  cmake_parse_arguments(A "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${A_NAME} ${DXHUB_EXCLUDE_FROM_ALL} ${A_SOURCES})
  target_link_libraries(${A_NAME} PRIVATE ${A_DEPS} dxhub_build_flags ${DXHUB_ALLOCATOR})
  set_target_properties(${A_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
endfunction()

function(dxhub_test)
  cmake_parse_arguments(A "ONE_PROCESS" "NAME;TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT A_TIMEOUT)
    set(A_TIMEOUT ${DXHUB_DEFAULT_TEST_TIMEOUT})
  endif()
  add_executable(${A_NAME} ${DXHUB_EXCLUDE_FROM_ALL} ${A_SOURCES})
  target_link_libraries(${A_NAME} PRIVATE ${A_DEPS} GTest::gtest GTest::gtest_main dxhub_build_flags)
  target_compile_definitions(${A_NAME} PRIVATE
    DXHUB_BIN_DIR="${CMAKE_BINARY_DIR}/bin"
    DXHUB_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  set_target_properties(${A_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  if(DXHUB_FUZZ)
    return()  # built on request only, never registered
  endif()
  set(labels unit)
  if(A_LABELS)
    set(labels ${A_LABELS})
  endif()
  if(A_ONE_PROCESS)
    add_test(NAME ${A_NAME} COMMAND ${A_NAME})
    set_tests_properties(${A_NAME} PROPERTIES TIMEOUT ${A_TIMEOUT} LABELS "${labels}")
  else()
    gtest_discover_tests(${A_NAME}
      DISCOVERY_TIMEOUT 60
      PROPERTIES TIMEOUT ${A_TIMEOUT} LABELS "${labels}")
  endif()
endfunction()
