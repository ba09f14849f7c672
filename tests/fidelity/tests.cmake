# SPDX-License-Identifier: GPL-2.0-only
# The same experiment in both worlds: the default comparison with 8 peers, simulated by
# p2p-scenario and emulated in network namespaces by scenarios/emulate, two RngRuns each; both
# worlds' run folders must pass check_summary.py and every download must complete with verified
# bytes; the emulator must leave nothing behind, interrupted or killed. Needs root and `ip netns`
# (exits 77, reported as skipped, elsewhere). About 20 s.
if(TARGET p2p-summarize)  # the emulator's summary.json is p2p-summarize's (the test skips without it)
  set(P2P_FIDELITY_SUMMARIZE $<TARGET_FILE:p2p-summarize>)
else()
  set(P2P_FIDELITY_SUMMARIZE "")
endif()
add_test(NAME fidelity.both_worlds
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/fidelity/fidelity_test.sh $<TARGET_FILE_DIR:p2p-peer>
                 $<TARGET_FILE:p2p-scenario> ${P2P_FIDELITY_SUMMARIZE})
set_tests_properties(fidelity.both_worlds PROPERTIES LABELS "fidelity;netns" RESOURCE_LOCK netns TIMEOUT 600 SKIP_RETURN_CODE 77
                     RUN_SERIAL TRUE)
