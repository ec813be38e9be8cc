# The dependencies of the WebAssembly build (RATESIM_WASM, configured with
# emcmake; scripts/build-playground-module does it all). Emscripten has its
# own sysroot, so Debian's header-only libraries come in through a folder of
# links to just their trees under /usr/include, fmt is used header-only, and
# yaml-cpp is compiled from Debian's source package, which the script fetches
# from the archive and checks against the package's checksum.
set(RATESIM_YAML_CPP_SOURCE "" CACHE PATH "yaml-cpp's source tree (Debian's yaml-cpp 0.7.0 orig tarball)")
if(NOT EXISTS "${RATESIM_YAML_CPP_SOURCE}/CMakeLists.txt")
  message(FATAL_ERROR "RATESIM_WASM needs RATESIM_YAML_CPP_SOURCE, yaml-cpp's source tree: "
                      "run scripts/build-playground-module, which fetches it")
endif()
set(YAML_CPP_BUILD_TESTS OFF CACHE BOOL "" FORCE)
set(YAML_CPP_BUILD_TOOLS OFF CACHE BOOL "" FORCE)
set(YAML_CPP_BUILD_CONTRIB OFF CACHE BOOL "" FORCE)
set(YAML_CPP_INSTALL OFF CACHE BOOL "" FORCE)
set(YAML_BUILD_SHARED_LIBS OFF CACHE BOOL "" FORCE)
add_subdirectory(${RATESIM_YAML_CPP_SOURCE} ${CMAKE_CURRENT_BINARY_DIR}/yaml-cpp EXCLUDE_FROM_ALL)

set(RATESIM_SYSTEM_HEADERS ${CMAKE_CURRENT_BINARY_DIR}/system-headers)
file(MAKE_DIRECTORY ${RATESIM_SYSTEM_HEADERS})
foreach(tree fmt nlohmann boost)
  if(NOT EXISTS /usr/include/${tree})
    message(FATAL_ERROR "/usr/include/${tree} is missing: install scripts/debian-packages.txt (scripts/setup.sh)")
  endif()
  if(NOT EXISTS ${RATESIM_SYSTEM_HEADERS}/${tree})
    file(CREATE_LINK /usr/include/${tree} ${RATESIM_SYSTEM_HEADERS}/${tree} SYMBOLIC)
  endif()
endforeach()
# The names the native build's packages give their targets.
add_library(ratesim_header_only INTERFACE)
target_include_directories(ratesim_header_only SYSTEM INTERFACE ${RATESIM_SYSTEM_HEADERS} /usr/include/eigen3)
target_compile_definitions(ratesim_header_only INTERFACE FMT_HEADER_ONLY)
foreach(name fmt::fmt nlohmann_json::nlohmann_json Eigen3::Eigen Boost::headers)
  add_library(${name} ALIAS ratesim_header_only)
endforeach()
# Errors are exceptions (ScenarioError and the rest); Emscripten's default
# turns a throw into an abort.
add_compile_options(-fexceptions)
add_link_options(-fexceptions)
