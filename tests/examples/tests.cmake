# SPDX-License-Identifier: GPL-2.0-only
# The examples (examples/) run as users run them; each takes a second or two.
function(p2p_example_test name expected)
  add_test(NAME examples.${name}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_example.sh $<TARGET_FILE:p2p-example-${name}>
                   "${expected}" ${ARGN})
  set_tests_properties(examples.${name} PROPERTIES LABELS examples TIMEOUT 300)
endfunction()

p2p_example_test(first "peer4 completed song, 1000000 bytes from")
p2p_example_test(p2p-csma-lan "^7 downloads completed, 0 failed" --loss=0.02)
p2p_example_test(p2p-point-to-point-star "^4 of 4 downloads completed" --uploadSlots=1)
p2p_example_test(p2p-wifi "^3 of 3 downloads completed")
# Every trace source fires at least once.
p2p_example_test(p2p-trace-sources "Deregistered: [1-9]" --absent ": 0$")
