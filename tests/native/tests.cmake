# Native programs: unit tests of the adapter pieces, the wire conformance test (runs p2p-peer and
# p2p-index against raw sockets), the loopback system test, and the network-namespace LAN test
# (needs root and `ip netns`; it exits 77, reported as skipped, where it cannot run).
p2p_add_tests(native p2p_native)

set(p2p_native_programs p2p-index p2p-peer p2p-load)
target_compile_definitions(native_wire_conformance_test PRIVATE
  P2P_PEER_EXE="$<TARGET_FILE:p2p-peer>" P2P_INDEX_EXE="$<TARGET_FILE:p2p-index>")
add_dependencies(native_wire_conformance_test ${p2p_native_programs})

add_test(NAME native.loopback
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/native/loopback_test.sh $<TARGET_FILE_DIR:p2p-peer>)
set_tests_properties(native.loopback PROPERTIES LABELS native TIMEOUT 300)

add_test(NAME native.netns_lan
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/native/netns_lan_test.sh $<TARGET_FILE_DIR:p2p-peer>)
set_tests_properties(native.netns_lan PROPERTIES LABELS "native;netns" TIMEOUT 600 SKIP_RETURN_CODE 77
                     RUN_SERIAL TRUE)
