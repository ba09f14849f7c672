# SPDX-License-Identifier: GPL-2.0-only
# The ns-3 applications' tests: in-process simulations on a small CSMA LAN (tests/ns3/lan-fixture.h).
add_library(p2p_ns3_test_fixture STATIC ${CMAKE_CURRENT_LIST_DIR}/lan-fixture.cc)
target_include_directories(p2p_ns3_test_fixture PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(p2p_ns3_test_fixture PUBLIC p2p_ns3_internal ns3::libcsma PRIVATE p2p_warnings)

p2p_add_tests(ns3 p2p_ns3_test_fixture)
