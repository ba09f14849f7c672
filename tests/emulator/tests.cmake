# SPDX-License-Identifier: GPL-2.0-only
# The emulator world (scenarios/worlds/emulator): the plan of every workload on every topology it
# builds, read from p2p-scenario --writePlan (dry runs, no root); and small runs of churn and
# sessions in network namespaces (root), whose run folders are checked.
add_test(NAME emulator.dry_run
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/emulator/dry_run_test.sh $<TARGET_FILE_DIR:p2p-peer>
                 $<TARGET_FILE:p2p-scenario>)
set_tests_properties(emulator.dry_run PROPERTIES LABELS "emulator" TIMEOUT 300 SKIP_RETURN_CODE 77)
add_test(NAME emulator.lives_netns
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/emulator/lives_netns_test.sh $<TARGET_FILE_DIR:p2p-peer>
                 $<TARGET_FILE:p2p-scenario> $<TARGET_FILE:p2p-summarize>)
set_tests_properties(emulator.lives_netns PROPERTIES LABELS "emulator;netns" RESOURCE_LOCK netns TIMEOUT 600 SKIP_RETURN_CODE 77
                     RUN_SERIAL TRUE)
# A link's delay without netem (delay lines): the round trip across the dumbbell's 10 ms bottleneck.
add_test(NAME emulator.delay_rtt
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/emulator/delay_rtt_test.py
                 $<TARGET_FILE:p2p-scenario> $<TARGET_FILE:p2p-delay-line>)
set_tests_properties(emulator.delay_rtt PROPERTIES LABELS "emulator;netns" TIMEOUT 120 SKIP_RETURN_CODE 77
                     RUN_SERIAL TRUE)
# The switched LAN emulated per port: concurrent transfers each get their port's rate (a shared
# segment, the control, splits its one rate between them).
add_test(NAME emulator.switched_ports
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/emulator/switched_ports_test.py
                 $<TARGET_FILE:p2p-scenario>)
set_tests_properties(emulator.switched_ports PROPERTIES LABELS "emulator;netns" TIMEOUT 120 SKIP_RETURN_CODE 77
                     RUN_SERIAL TRUE)
# Hybrid runs: native peers in namespaces joining a simulated Wi-Fi cell through taps.
add_test(NAME emulator.hybrid
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/emulator/hybrid_test.sh $<TARGET_FILE_DIR:p2p-peer>
                 $<TARGET_FILE:p2p-hybrid>)
set_tests_properties(emulator.hybrid PROPERTIES LABELS "emulator;netns;tap" TIMEOUT 180 SKIP_RETURN_CODE 77
                     RUN_SERIAL TRUE)
# What fidelity.json records of the sysctls the comparison sets in its namespaces, for any kernel
# (Linux 6.17 and later ignore tcp_recovery=0). No root.
add_test(NAME emulator.fidelity_alignment
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/emulator/fidelity_alignment_test.py)
set_tests_properties(emulator.fidelity_alignment PROPERTIES LABELS "emulator" TIMEOUT 60 SKIP_RETURN_CODE 77)
