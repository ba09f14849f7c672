# Scenario tests: scripts that run p2p-scenario with small sizes and check what it writes.
# Included by tests/CMakeLists.txt when ns-3 is on. Outputs go under the build tree.
set(P2P_SCENARIO_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})
set(P2P_SCENARIO_TEST_OUT ${CMAKE_CURRENT_BINARY_DIR}/scenario-runs)

function(p2p_scenario_test name)
  add_test(NAME scenarios.${name} COMMAND ${ARGN})
  set_tests_properties(scenarios.${name} PROPERTIES LABELS scenarios TIMEOUT 600)
endfunction()

# Runs the scenario with the given arguments and checks summary.json and events.csv; arguments
# after --check go to check_summary.py.
function(p2p_scenario_run name)
  p2p_scenario_test(${name} bash ${P2P_SCENARIO_TEST_DIR}/run_and_check.sh $<TARGET_FILE:p2p-scenario>
                    ${P2P_SCENARIO_TEST_OUT}/${name} ${ARGN})
endfunction()

set(small --peers=8 --seeds=1 --contentSize=300000)

# (a) Replications: the same --RngRun, the same events; another --RngRun, other events.
p2p_scenario_test(determinism bash ${P2P_SCENARIO_TEST_DIR}/determinism.sh $<TARGET_FILE:p2p-scenario>
                  ${P2P_SCENARIO_TEST_OUT}/determinism ${small} --loss=0.05)

# (b) Every topology and every workload runs and completes its downloads.
p2p_scenario_run(default --check --expect-flowmon=true)
p2p_scenario_run(topology-lan --topology=lan ${small})
p2p_scenario_run(topology-star --topology=star ${small})
p2p_scenario_run(topology-dumbbell --topology=dumbbell ${small} --lossOn=bottleneck)
p2p_scenario_run(topology-tree --topology=tree --peers=60 --seeds=2 --contentSize=300000 --lanSize=8
                 --lansPerRouter=2 --lossOn=access)
p2p_scenario_run(topology-wifi --topology=wifi ${small})
p2p_scenario_run(topology-file --topology=file ${small} --lossOn=bottleneck)
p2p_scenario_run(workload-flash-crowd --workload=flash-crowd ${small})
p2p_scenario_run(workload-staggered --workload=staggered ${small} --arrivalMean=0.5)
p2p_scenario_run(workload-churn --workload=churn --peers=12 --seeds=2 --contentSize=300000 --churnCount=6
                 --crashFraction=0.5)
p2p_scenario_run(workload-zipf --workload=zipf ${small} --contents=10 --fetchPerPeer=3 --arrivalMean=0.3)
p2p_scenario_run(loss-burst --lossModel=burst --burstSize=4 --loss=0.05 ${small})
# At 20% loss TCP's retransmission timer backs off past the default 10 s timeouts: give transfers
# (and the D of a new connection) a minute, as a user of such a link would.
p2p_scenario_run(loss-20-percent --loss=0.2 ${small} --stallTimeout=60 --connectTimeout=60 --requestTimeout=60)
# FlowMonitor's set-up grows with the square of the nodes: --flowmon=auto leaves it off above 2000
# peers, and such a run still completes and says so in summary.json.
p2p_scenario_run(flowmon-auto-large --topology=tree --peers=2001 --seeds=41 --contentSize=2000 --loss=0
                 --check --expect-flowmon=false)
# 3,000 peers on the tree at the default 2% loss: ns-3 3.37 used to crash here in
# TcpSocketBase::PersistTimeout (zero-window probes are now off, see ConfigureStackDefaults).
p2p_scenario_run(large-lossy-tree --topology=tree --peers=3000 --contentSize=65536)
set_tests_properties(scenarios.large-lossy-tree PROPERTIES LABELS "scenarios;large" TIMEOUT 900)
# Swarming (wire format v2). One upload slot and a crowd at once: servers answer E 11, fetchers
# start new rounds, nobody serves two ranges at once, and every download completes.
p2p_scenario_run(swarm-busy ${small} --loss=0 --crowdWindow=0 --uploadSlots=1 --busyBackoff=0.05
                 --busyBackoffMax=0.4 --check --expect-busy)
# Multi-source: pieces of 64 KiB from up to 3 servers at once, on a lossy LAN.
p2p_scenario_run(swarm-multi-source --peers=8 --seeds=3 --contentSize=300000 --sources=3 --pieceSize=65536
                 --check --expect-sources=2)
# The busy backoff's jitter is seeded by --RngRun: busy rounds replay identically.
p2p_scenario_test(determinism-busy bash ${P2P_SCENARIO_TEST_DIR}/determinism.sh $<TARGET_FILE:p2p-scenario>
                  ${P2P_SCENARIO_TEST_OUT}/determinism-busy ${small} --loss=0.02 --uploadSlots=1)
p2p_scenario_test(bad-options bash ${P2P_SCENARIO_TEST_DIR}/bad_options.sh $<TARGET_FILE:p2p-scenario>
                  ${P2P_SCENARIO_TEST_OUT}/bad-options)
# An output that cannot be written (events.csv, summary.json, a replay's summary.json on /dev/full)
# fails the run with exit 4 and leaves no summary.json.
p2p_scenario_test(write-failures bash ${P2P_SCENARIO_TEST_DIR}/write_failures.sh $<TARGET_FILE:p2p-scenario>
                  ${P2P_SCENARIO_TEST_OUT}/write-failures)
set_tests_properties(scenarios.write-failures PROPERTIES SKIP_RETURN_CODE 77)
# check_summary.py rejects a run cut short by --simTime and an unexpected FlowMonitor state.
p2p_scenario_test(check-summary-rejects bash ${P2P_SCENARIO_TEST_DIR}/check_summary_rejects.sh
                  $<TARGET_FILE:p2p-scenario> ${P2P_SCENARIO_TEST_OUT}/check-summary-rejects)

# (c) The pcaps of small scenarios decode with tools/wireshark/p2p.lua, no malformed PDU
# (Ethernet on the LAN; PPP and Ethernet on the dumbbell; 802.11 radiotap on Wi-Fi). Skipped
# without tshark.
foreach(topology lan dumbbell wifi)
  p2p_scenario_test(pcap-${topology} bash ${P2P_SCENARIO_TEST_DIR}/pcap_dissector.sh $<TARGET_FILE:p2p-scenario>
                    ${PROJECT_SOURCE_DIR}/tools/wireshark/check_dissector.sh ${P2P_SCENARIO_TEST_OUT}/pcap-${topology}
                    --topology=${topology} --peers=4 --seeds=1 --contentSize=100000 --loss=0.02)
  set_tests_properties(scenarios.pcap-${topology} PROPERTIES SKIP_RETURN_CODE 77)
endforeach()
# The v2 PDUs on the wire: the 24-byte A (lease), 36-byte D (ranges, length 0 for F alone) and E 11
# (one upload slot, a crowd at once, pieces larger than the TCP send buffer so that slots stay taken).
p2p_scenario_test(pcap-swarm bash ${P2P_SCENARIO_TEST_DIR}/pcap_dissector.sh $<TARGET_FILE:p2p-scenario>
                  ${PROJECT_SOURCE_DIR}/tools/wireshark/check_dissector.sh ${P2P_SCENARIO_TEST_OUT}/pcap-swarm
                  --topology=lan --peers=5 --seeds=1 --contentSize=400000 --loss=0.02 --sources=2
                  --pieceSize=150000 --uploadSlots=1 --crowdWindow=0)
set_tests_properties(scenarios.pcap-swarm PROPERTIES SKIP_RETURN_CODE 77)
