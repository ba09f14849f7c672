# SPDX-License-Identifier: GPL-2.0-only
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

# The one summarizer: p2p-summarize reproduces every workload's summary.json from its folder, and
# refuses a folder from before the id columns.
p2p_scenario_test(summarize-folders bash ${P2P_SCENARIO_TEST_DIR}/summarize_folders.sh $<TARGET_FILE:p2p-scenario>
                  $<TARGET_FILE:p2p-summarize> ${P2P_SCENARIO_TEST_OUT}/summarize-folders)

# The plan of a run (plan.json, docs/plan-format.md): --writePlan gives the same plan for the same
# --RngRun without running it, refuses what the run refuses, and every topology has one.
p2p_scenario_test(write-plan bash ${P2P_SCENARIO_TEST_DIR}/write_plan.sh $<TARGET_FILE:p2p-scenario>
                  ${P2P_SCENARIO_TEST_OUT}/write-plan)

# (b) Every topology and every workload runs and completes its downloads.
p2p_scenario_run(default --check --expect-flowmon=true)
p2p_scenario_run(topology-lan --topology=lan ${small})
p2p_scenario_run(topology-lan-shared --topology=lan --lanMedium=shared ${small})
p2p_scenario_run(topology-star --topology=star ${small})
p2p_scenario_run(topology-dumbbell --topology=dumbbell ${small} --lossOn=bottleneck)
p2p_scenario_run(topology-dumbbell-shared --topology=dumbbell --lanMedium=shared ${small} --lossOn=bottleneck)
p2p_scenario_run(topology-tree --topology=tree --peers=60 --seeds=2 --contentSize=300000 --lanSize=8
                 --lansPerRouter=2 --lossOn=access)
p2p_scenario_run(topology-tree-shared --topology=tree --lanMedium=shared --peers=60 --seeds=2
                 --contentSize=300000 --lanSize=8 --lansPerRouter=2 --lossOn=access)
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
p2p_scenario_run(large-lossy-tree --topology=tree --lanMedium=shared --peers=3000 --contentSize=65536)
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
# ns-3 attributes on the command line win over the stack defaults, change what goes on the wire
# and are recorded in summary.json; malformed ones of ours are refused at parse time (exit 2).
p2p_scenario_test(ns3-attributes bash ${P2P_SCENARIO_TEST_DIR}/ns3_attributes.sh $<TARGET_FILE:p2p-scenario>
                  ${P2P_SCENARIO_TEST_OUT}/ns3-attributes)
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
# (raw IP on the switched LAN; Ethernet on the shared one; PPP and raw IP on the dumbbell;
# 802.11 radiotap on Wi-Fi). Skipped without tshark.
foreach(topology lan dumbbell wifi)
  p2p_scenario_test(pcap-${topology} bash ${P2P_SCENARIO_TEST_DIR}/pcap_dissector.sh $<TARGET_FILE:p2p-scenario>
                    ${PROJECT_SOURCE_DIR}/tools/wireshark/check_dissector.sh ${P2P_SCENARIO_TEST_OUT}/pcap-${topology}
                    --topology=${topology} --peers=4 --seeds=1 --contentSize=100000 --loss=0.02)
  set_tests_properties(scenarios.pcap-${topology} PROPERTIES SKIP_RETURN_CODE 77)
endforeach()
# ARP learns from requests as Linux does: no pair of hosts asks for each other both ways.
p2p_scenario_test(arp-learning /usr/bin/python3 ${P2P_SCENARIO_TEST_DIR}/arp_learning.py $<TARGET_FILE:p2p-scenario>
                  ${P2P_SCENARIO_TEST_OUT}/arp-learning)
p2p_scenario_test(pcap-lan-shared bash ${P2P_SCENARIO_TEST_DIR}/pcap_dissector.sh $<TARGET_FILE:p2p-scenario>
                  ${PROJECT_SOURCE_DIR}/tools/wireshark/check_dissector.sh ${P2P_SCENARIO_TEST_OUT}/pcap-lan-shared
                  --topology=lan --lanMedium=shared --peers=4 --seeds=1 --contentSize=100000 --loss=0.02)
set_tests_properties(scenarios.pcap-lan-shared PROPERTIES SKIP_RETURN_CODE 77)
# The v2 PDUs on the wire: the 24-byte A (lease), 36-byte D (ranges, length 0 for F alone) and E 11
# (one upload slot, a crowd at once, pieces larger than the TCP send buffer so that slots stay taken).
p2p_scenario_test(pcap-swarm bash ${P2P_SCENARIO_TEST_DIR}/pcap_dissector.sh $<TARGET_FILE:p2p-scenario>
                  ${PROJECT_SOURCE_DIR}/tools/wireshark/check_dissector.sh ${P2P_SCENARIO_TEST_OUT}/pcap-swarm
                  --topology=lan --peers=5 --seeds=1 --contentSize=400000 --loss=0.02 --sources=2
                  --pieceSize=150000 --uploadSlots=1 --crowdWindow=0)
set_tests_properties(scenarios.pcap-swarm PROPERTIES SKIP_RETURN_CODE 77)

# (d) Research workloads: session churn, traces, seeding, heterogeneous access links, leases.
# Weibull sessions (shape 0.6, scale 30: mean 30 Gamma(1 + 1/0.6) = 45.1 s) over about 2,000
# sessions: their observed mean is within 10% of it, and every arrival, departure and return is
# counted as it happened (about 15 s).
p2p_scenario_run(workload-sessions-weibull --quiet --topology=star --flowmon=false --workload=sessions --peers=52
                 --seeds=2 --contentSize=50000 --session=weibull:shape=0.6,scale=30 --offTime=exponential:mean=15
                 --churnUntil=2400 --simTime=5000
                 --also check_sessions.py --min-sessions=500 --tolerance=0.1
                 --also check_lifecycle.py --min-crashes=100 --min-quits=100 --min-returns=100)
set_tests_properties(scenarios.workload-sessions-weibull PROPERTIES LABELS "scenarios;long")
# The shipped example trace and a generated one (12 peers, 120 actions) replay exactly.
set(example_trace ${PROJECT_SOURCE_DIR}/scenarios/traces/example.csv)
p2p_scenario_run(workload-trace-example --quiet --workload=trace --trace=${example_trace} --peers=4 --seeds=1 --loss=0
                 --also check_trace.py ${example_trace} --also check_lifecycle.py --min-crashes=1 --min-returns=2)
p2p_scenario_test(workload-trace-generated bash ${P2P_SCENARIO_TEST_DIR}/trace_generated.sh $<TARGET_FILE:p2p-scenario>
                  ${P2P_SCENARIO_TEST_OUT}/workload-trace-generated)
# The fixed-interval churn: its description and summary count the departures that happened, and
# with a short lease a crashed peer's entries leave the index (and swarm_growth) within a lease,
# so that the figure never counts more servers than peers.
p2p_scenario_run(churn-counts-and-leases --quiet --workload=churn --peers=16 --seeds=2 --churnCount=10
                 --crashFraction=0.6 --lease=6 --downTime=10 --loss=0
                 --also check_lifecycle.py --min-crashes=3 --min-quits=1 --min-returns=5
                 --also check_swarm.py ${PROJECT_SOURCE_DIR}/plots --min-expired=3)
# Crashes in mid-swarm (servers vanish without a word; their entries stay until the lease): the
# seeds stay up, so every download completes unless its own peer leaves (the index withholds the
# crashed servers once a requester skips one, and downloads go on to the next).
p2p_scenario_run(churn-crashes-lose-no-download --quiet --workload=churn --peers=30 --seeds=2
                 --contentSize=2000000 --churnCount=20 --crashFraction=0.8 --downTime=3 --loss=0
                 --also check_no_lost_downloads.py)
# Seeding policies: fetchers leave 2 s after their download (linger) or at once, never serving.
foreach(seeding linger=2 leave)
  string(REPLACE "=" "-" name ${seeding})
  p2p_scenario_run(seeding-${name} --quiet --workload=staggered --peers=10 --seeds=1 --contentSize=300000
                   --arrivalMean=0.5 --seeding=${seeding} --also check_lifecycle.py --min-quits=5)
endforeach()
# Per-class access rates in flowmon.xml: with a fast seed serving a crowd at once (no slot limit),
# each flow runs at its downloader's class down rate, on the star, on the tree's access switches
# and on the switched LAN's ports (the crowd's rates add up to more than one port carries: no
# shared channel); with a slow seed, at the seed's class up rate.
set(crowd_of_classes --quiet --seeds=1 --seedClass=1 --loss=0 --crowdWindow=0 --uploadSlots=0
    --peerClasses=0%:1Gbps:1ms,50%:20Mbps/5Mbps:2ms,50%:5Mbps/1Mbps:5ms)
p2p_scenario_run(peer-classes-star --topology=star --peers=11 ${crowd_of_classes}
                 --also check_flowmon_classes.py --near=0.8)
p2p_scenario_run(peer-classes-tree --topology=tree --peers=13 --lanSize=4 --lansPerRouter=2 ${crowd_of_classes}
                 --also check_flowmon_classes.py --near=0.8)
p2p_scenario_run(peer-classes-lan-switched --topology=lan --lanMedium=switched --peers=13 ${crowd_of_classes}
                 --also check_flowmon_classes.py --near=0.8)
p2p_scenario_run(peer-classes-upload --quiet --topology=star --peers=2 --seeds=1 --seedClass=1
                 --peerClasses=0%:100Mbps/2Mbps:1ms,100%:50Mbps/10Mbps:1ms --loss=0 --contentSize=500000
                 --also check_flowmon_classes.py --near=0.8)
# Session churn (here Pareto sessions and crashes) is planned from --RngRun alone.
p2p_scenario_test(determinism-sessions bash ${P2P_SCENARIO_TEST_DIR}/determinism.sh $<TARGET_FILE:p2p-scenario>
                  ${P2P_SCENARIO_TEST_OUT}/determinism-sessions --quiet --workload=sessions --peers=12 --seeds=2
                  --contentSize=100000 --session=pareto:shape=1.5,scale=3 --offTime=constant:value=2
                  --churnUntil=60 --crashFraction=0.3)
p2p_scenario_test(bad-workload-options bash ${P2P_SCENARIO_TEST_DIR}/bad_workload_options.sh
                  $<TARGET_FILE:p2p-scenario> ${P2P_SCENARIO_TEST_OUT}/bad-workload-options)
# The progress display (on a terminal, or none with --quiet) leaves events.csv and summary.json
# as they are.
p2p_scenario_test(progress-no-effect bash ${P2P_SCENARIO_TEST_DIR}/progress_no_effect.sh $<TARGET_FILE:p2p-scenario>
                  ${P2P_SCENARIO_TEST_OUT}/progress-no-effect --workload=sessions --peers=22 --seeds=2
                  --contentSize=300000 --session=weibull:shape=0.6,scale=10 --offTime=exponential:mean=5
                  --churnUntil=80 --simTime=1000)
set_tests_properties(scenarios.progress-no-effect PROPERTIES SKIP_RETURN_CODE 77)
# A run folder's figures in every format and both paper widths. Skipped (77) without matplotlib.
p2p_scenario_test(plot-run-formats bash ${P2P_SCENARIO_TEST_DIR}/plot_run_formats.sh $<TARGET_FILE:p2p-scenario>
                  ${PROJECT_SOURCE_DIR}/plots ${P2P_SCENARIO_TEST_OUT}/plot-run-formats)
set_tests_properties(scenarios.plot-run-formats PROPERTIES SKIP_RETURN_CODE 77)

# The network planners' graph is the ns-3 network built from it, read back (every planned
# topology, with and without classes, loss on every kind of link).
# network-options.cc: the planners' inputs from p2p-scenario's own defaults, as the program makes them.
add_executable(scenarios_graph_network_test ${P2P_SCENARIO_TEST_DIR}/graph_network_test.cc
               ${PROJECT_SOURCE_DIR}/scenarios/network-options.cc)
target_link_libraries(scenarios_graph_network_test PRIVATE p2p_network_plan p2p_ns3_network ns3::libcore
                      Boost::unit_test_framework p2p_warnings)
target_compile_definitions(scenarios_graph_network_test PRIVATE BOOST_TEST_DYN_LINK
                           BOOST_TEST_MODULE=scenarios_graph_network_test)
p2p_scenario_test(graph-network $<TARGET_FILE:scenarios_graph_network_test> --log_level=warning
                  --report_level=short)

# TCP with Linux's small queues: a few packets in the sender's host queues, a window that grows only
# while it limits the sender, every byte delivered with a send buffer above the receiver's window.
add_executable(scenarios_small_queues_test ${P2P_SCENARIO_TEST_DIR}/small_queues_test.cc)
target_link_libraries(scenarios_small_queues_test PRIVATE p2p_ns3_network ns3::libapplications
                      Boost::unit_test_framework p2p_warnings)
target_compile_definitions(scenarios_small_queues_test PRIVATE BOOST_TEST_DYN_LINK
                           BOOST_TEST_MODULE=scenarios_small_queues_test)
p2p_scenario_test(small-queues $<TARGET_FILE:scenarios_small_queues_test> --log_level=message
                  --report_level=short)

# The graph networks' indexed static routing forwards where ns-3's static routing would.
add_executable(scenarios_indexed_routing_test ${P2P_SCENARIO_TEST_DIR}/indexed_routing_test.cc)
target_link_libraries(scenarios_indexed_routing_test PRIVATE p2p_ns3_network
                      Boost::unit_test_framework p2p_warnings)
target_compile_definitions(scenarios_indexed_routing_test PRIVATE BOOST_TEST_DYN_LINK
                           BOOST_TEST_MODULE=scenarios_indexed_routing_test)
p2p_scenario_test(indexed-routing $<TARGET_FILE:scenarios_indexed_routing_test> --log_level=warning
                  --report_level=short)
