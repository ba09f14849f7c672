# SPDX-License-Identifier: GPL-2.0-only
# The flow-level world (p2p-scenario --engine=simgrid): small runs checked by the scenario tests'
# checkers, the refusals, determinism, the swarm regimes and the comparison with ns-3. Included by
# tests/CMakeLists.txt when ns-3 and SimGrid are on; label `simgrid`.
set(P2P_SIMGRID_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})
set(P2P_SIMGRID_TEST_OUT ${CMAKE_CURRENT_BINARY_DIR}/simgrid-runs)
set(P2P_SIMGRID_SCENARIO_DIR ${CMAKE_CURRENT_LIST_DIR}/../scenarios)
set(P2P_SIMGRID_VALIDATION_DIR ${CMAKE_CURRENT_LIST_DIR}/../validation)

function(p2p_simgrid_test name)
  add_test(NAME simgrid.${name} COMMAND ${ARGN})
  set_tests_properties(simgrid.${name} PROPERTIES LABELS simgrid TIMEOUT 600)
endfunction()

# Every topology and every workload of this world on a few peers: the run folder passes the
# scenario tests' checkers (check_summary.py, check_plan.py), every download completes.
set(flow --engine=simgrid --peers=8 --seeds=1 --contentSize=300000 --quiet=true)
foreach(topology lan star dumbbell tree)
  p2p_simgrid_test(topology-${topology} bash ${P2P_SIMGRID_SCENARIO_DIR}/run_and_check.sh
                   $<TARGET_FILE:p2p-scenario> ${P2P_SIMGRID_TEST_OUT}/topology-${topology}
                   --topology=${topology} ${flow} --check --expect-flowmon=false)
endforeach()
# The shared LAN (the lan's default is switched): one shared link for the segment.
p2p_simgrid_test(topology-lan-shared bash ${P2P_SIMGRID_SCENARIO_DIR}/run_and_check.sh
                 $<TARGET_FILE:p2p-scenario> ${P2P_SIMGRID_TEST_OUT}/topology-lan-shared
                 --topology=lan --lanMedium=shared ${flow} --check --expect-flowmon=false)
foreach(workload staggered churn zipf sessions)
  p2p_simgrid_test(workload-${workload} bash ${P2P_SIMGRID_SCENARIO_DIR}/run_and_check.sh
                   $<TARGET_FILE:p2p-scenario> ${P2P_SIMGRID_TEST_OUT}/workload-${workload}
                   --topology=star --workload=${workload} ${flow} --check --expect-flowmon=false)
endforeach()
p2p_simgrid_test(peer-classes bash ${P2P_SIMGRID_SCENARIO_DIR}/run_and_check.sh
                 $<TARGET_FILE:p2p-scenario> ${P2P_SIMGRID_TEST_OUT}/peer-classes
                 --topology=star --seedClass=1
                 --peerClasses=0%:1Gbps:1ms,50%:20Mbps/5Mbps:2ms,50%:5Mbps/1Mbps:5ms ${flow}
                 --check --expect-flowmon=false)
p2p_simgrid_test(trace bash ${P2P_SIMGRID_SCENARIO_DIR}/run_and_check.sh
                 $<TARGET_FILE:p2p-scenario> ${P2P_SIMGRID_TEST_OUT}/trace
                 --workload=trace --trace=${PROJECT_SOURCE_DIR}/scenarios/traces/example.csv
                 --peers=4 --seeds=1 --engine=simgrid --topology=star --quiet=true --check --expect-flowmon=false
                 --also check_trace.py ${PROJECT_SOURCE_DIR}/scenarios/traces/example.csv
                 --also check_lifecycle.py --min-crashes=1 --min-returns=2)
# Per-PDU rows are optional at flow level (gigabytes at a million peers).
p2p_simgrid_test(no-pdu-rows bash ${P2P_SIMGRID_TEST_DIR}/no_pdu_rows.sh $<TARGET_FILE:p2p-scenario>
                 ${P2P_SIMGRID_TEST_OUT}/no-pdu-rows --topology=tree --peers=8 --seeds=1 --contentSize=300000
                 --quiet=true)

# Byte-less by default (sizes and identities), and the same events as with the synthetic bytes;
# four sources per download, so that ranges (pieces) cross as sizes too.
p2p_simgrid_test(byteless bash ${P2P_SIMGRID_TEST_DIR}/byteless.sh $<TARGET_FILE:p2p-scenario>
                 $<TARGET_FILE:p2p-simgrid> ${P2P_SIMGRID_TEST_OUT}/byteless --topology=tree --peers=12
                 --seeds=4 --sources=4 --contentSize=1000000 --quiet=true)

# Slow start counts from the plan's "tcp" (ns-3's initial window).
p2p_simgrid_test(initial-window bash ${P2P_SIMGRID_TEST_DIR}/initial_window.sh $<TARGET_FILE:p2p-scenario>
                 ${P2P_SIMGRID_TEST_OUT}/initial-window --topology=star --peers=4 --seeds=1 --contentSize=65536
                 --delay=5ms --quiet=true)

# The same inputs, the same events; another --RngRun, other events.
p2p_simgrid_test(determinism bash ${P2P_SIMGRID_SCENARIO_DIR}/determinism.sh $<TARGET_FILE:p2p-scenario>
                 ${P2P_SIMGRID_TEST_OUT}/determinism ${flow} --workload=churn)

# --loss above 0, --pcap, --ascii, --netanim, --flowmon, --replay, wifi and file: exit 2; so do
# plans with a setting this world does not carry or without "tcp".
p2p_simgrid_test(refusals bash ${P2P_SIMGRID_TEST_DIR}/refusals.sh $<TARGET_FILE:p2p-scenario>
                 ${P2P_SIMGRID_TEST_OUT}/refusals)

# The swarm regimes on the star at 8 to 64 downloaders (one slot: log2 N; unlimited: linear), with
# the validation's own thresholds.
p2p_simgrid_test(swarm-regimes /usr/bin/python3 ${P2P_SIMGRID_VALIDATION_DIR}/swarm_regimes.py
                 --scenario $<TARGET_FILE:p2p-scenario> --out ${P2P_SIMGRID_TEST_OUT}/regimes --jobs 2
                 --configs star:1,star:0 --extra=--engine=simgrid)
set_tests_properties(simgrid.swarm-regimes PROPERTIES PROCESSORS 2)

# Mean completion within 15% of ns-3's on the star at 8 and 16 downloaders.
p2p_simgrid_test(cross-world /usr/bin/python3 ${P2P_SIMGRID_TEST_DIR}/cross_world.py
                 --scenario $<TARGET_FILE:p2p-scenario> --out ${P2P_SIMGRID_TEST_OUT}/cross-world --jobs 2)
set_tests_properties(simgrid.cross-world PROPERTIES PROCESSORS 2)

# Mean completion within 15% of ns-3's on the tree at 1,000 peers (64 KiB, one seed per 50).
p2p_simgrid_test(cross-world-tree /usr/bin/python3 ${P2P_SIMGRID_TEST_DIR}/cross_world.py
                 --scenario $<TARGET_FILE:p2p-scenario> --out ${P2P_SIMGRID_TEST_OUT}/cross-world-tree
                 --case tree --jobs 2)
set_tests_properties(simgrid.cross-world-tree PROPERTIES PROCESSORS 2)

# --timeQuantum (how 10^6 peers fit in 30 minutes): within 2% of the exact run, fewer solve times.
p2p_simgrid_test(time-quantum bash ${P2P_SIMGRID_TEST_DIR}/time_quantum.sh $<TARGET_FILE:p2p-scenario>
                 $<TARGET_FILE:p2p-simgrid> ${P2P_SIMGRID_TEST_OUT}/time-quantum --topology=tree
                 --workload=flash-crowd --peers=3000 --seeds=60 --contentSize=65536 --pduRows=false --quiet=true)
