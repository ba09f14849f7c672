# SPDX-License-Identifier: GPL-2.0-only
# What `cmake --install` puts in the prefix: the ns-3 applications library and its headers
# (apps/ns3/CMakeLists.txt), the native programs, p2p-scenario, p2p-settings, p2p-summarize and p2p-simgrid
# in bin/, their manual pages, the daemons' systemd units and settings (services.cmake), a CMake
# package config, the license, the README and the examples.
include(CMakePackageConfigHelpers)

set(P2P_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/p2p-testbed)
set(P2P_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/p2p-testbed)

install(TARGETS p2p-settings RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(P2P_WITH_NATIVE)
  install(TARGETS p2p-index p2p-peer p2p-load p2p-conformance RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  include(${CMAKE_CURRENT_LIST_DIR}/services.cmake)
endif()
install(TARGETS p2p-summarize RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(P2P_WITH_NS3)
  # p2p-scenario finds the shipped topology at ../share/p2p-testbed/topologies from its own path.
  install(TARGETS p2p-scenario RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/topologies/
          DESTINATION ${CMAKE_INSTALL_DATADIR}/p2p-testbed/topologies)
endif()
if(P2P_WITH_SIMGRID)
  install(TARGETS p2p-simgrid RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})  # runs a plan.json at flow level
endif()

if(P2P_WITH_NS3)
  set(P2P_NS3_VERSION ${ns3_VERSION})
  install(EXPORT p2p-testbed-targets
    FILE p2p-testbedTargets.cmake
    NAMESPACE p2p-testbed::
    DESTINATION ${P2P_CMAKE_DIR})
  configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/p2p-testbedConfig.cmake.in
    ${PROJECT_BINARY_DIR}/p2p-testbedConfig.cmake
    INSTALL_DESTINATION ${P2P_CMAKE_DIR})
  # 0.x: a minor release may change the interface.
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/p2p-testbedConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
  install(FILES ${PROJECT_BINARY_DIR}/p2p-testbedConfig.cmake
                ${PROJECT_BINARY_DIR}/p2p-testbedConfigVersion.cmake
          DESTINATION ${P2P_CMAKE_DIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${P2P_DOC_DIR}/examples
          FILES_MATCHING PATTERN "*.cc" PATTERN "*.txt" PATTERN "*.md")
endif()

include(${CMAKE_CURRENT_LIST_DIR}/manpages.cmake)

install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${P2P_DOC_DIR})
