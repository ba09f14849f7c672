# SPDX-License-Identifier: GPL-2.0-only
# Native programs: unit tests of the adapter pieces, the wire conformance test (runs p2p-peer and
# p2p-index against raw sockets), the loopback system tests, and the network-namespace LAN test
# (needs root and `ip netns`; it exits 77, reported as skipped, where it cannot run).
p2p_add_tests(native p2p_native)

set(p2p_native_programs p2p-index p2p-peer p2p-load)
target_compile_definitions(native_wire_conformance_test PRIVATE
  P2P_PEER_EXE="$<TARGET_FILE:p2p-peer>" P2P_INDEX_EXE="$<TARGET_FILE:p2p-index>")
add_dependencies(native_wire_conformance_test ${p2p_native_programs})

add_test(NAME native.loopback
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/native/loopback_test.sh $<TARGET_FILE_DIR:p2p-peer>)
set_tests_properties(native.loopback PROPERTIES LABELS native TIMEOUT 300)

# v2 at size: a 200 MB download resumed from a second server after the first is killed (bytes moved
# measured, at most 110% of the size), and a 4-source download. About 5-10 s with /dev/shm.
add_test(NAME native.resume_and_sources
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/native/resume_sources_test.sh $<TARGET_FILE_DIR:p2p-peer>)
set_tests_properties(native.resume_and_sources PROPERTIES LABELS native TIMEOUT 300 RUN_SERIAL TRUE)

# The Prometheus endpoints (--metrics): promtool accepts every scrape, the counters follow a
# register, search and download, 404 and size cut-off, a half-open flood (a few seconds; skipped
# without promtool).
add_test(NAME native.metrics
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/native/metrics_test.sh $<TARGET_FILE_DIR:p2p-peer>)
set_tests_properties(native.metrics PROPERTIES LABELS native TIMEOUT 120 SKIP_RETURN_CODE 77)

# The daemons as systemd services without systemd: the units pass systemd-analyze verify,
# READY=1 reaches NOTIFY_SOCKET once the sockets answer, journald lines carry no timestamp.
add_test(NAME native.service
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/native/service_test.sh $<TARGET_FILE_DIR:p2p-peer> ${PROJECT_SOURCE_DIR})
set_tests_properties(native.service PROPERTIES LABELS native TIMEOUT 120)

# Nothing served by accident, bounded cost, conventional daemons (about 70 s, most of it the slow
# reader's; its root-only parts report themselves skipped when not root).
add_test(NAME native.hardening
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/native/hardening_test.sh $<TARGET_FILE_DIR:p2p-peer>)
set_tests_properties(native.hardening PROPERTIES LABELS "native;long" TIMEOUT 300)

# Soak and faults (about 65 s): churn with SIGKILLs, an index restart, a registration flood, 1,000
# idle connections and a stream of verified downloads; then a machine vanishing from a namespace LAN
# (root only, skipped otherwise).
add_test(NAME native.soak
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/native/soak_test.sh $<TARGET_FILE_DIR:p2p-peer>)
set_tests_properties(native.soak PROPERTIES LABELS "native;long" TIMEOUT 300 RUN_SERIAL TRUE)

add_test(NAME native.netns_lan
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/native/netns_lan_test.sh $<TARGET_FILE_DIR:p2p-peer>)
set_tests_properties(native.netns_lan PROPERTIES LABELS "native;netns" RESOURCE_LOCK netns TIMEOUT 600 SKIP_RETURN_CODE 77
                     RUN_SERIAL TRUE)

# The Wireshark dissector on the sample pcaps of tools/wireshark/make_sample_pcap.py (v2 fields and
# faults); skipped without tshark. Registered here because it needs no ns-3.
add_test(NAME wireshark.dissector_samples COMMAND bash ${PROJECT_SOURCE_DIR}/tools/wireshark/test_dissector.sh)
set_tests_properties(wireshark.dissector_samples PROPERTIES LABELS wireshark TIMEOUT 120 SKIP_RETURN_CODE 77)

# p2p-conformance against p2p-index and p2p-peer (both levels) and against deliberately faulty servers
# (tests/conformance/faulty_*.py), each caught by its rule; the grading script on its JSON. About 15 s.
add_test(NAME native.conformance
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/conformance/conformance_test.sh $<TARGET_FILE_DIR:p2p-peer>
                 $<TARGET_FILE:p2p-conformance>)
set_tests_properties(native.conformance PROPERTIES LABELS native TIMEOUT 300)
