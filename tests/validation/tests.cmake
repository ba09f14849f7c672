# SPDX-License-Identifier: GPL-2.0-only
# Validation: scripts that run p2p-scenario over small grids and check the swarm regimes
# and downloads under loss against what the protocol promises. Included by tests/CMakeLists.txt
# when ns-3 is on; label `validation` (and `long` for the ones over about a minute).
# Outputs go under the build tree; plots/plot_regimes.py draws the regimes from them.
set(P2P_VALIDATION_DIR ${CMAKE_CURRENT_LIST_DIR})
set(P2P_VALIDATION_OUT ${CMAKE_CURRENT_BINARY_DIR}/validation-runs)
# The system python3 (the scripts need only its standard library; plots/ needs matplotlib).
set(P2P_VALIDATION_PYTHON /usr/bin/python3 CACHE FILEPATH "python3 for tests/validation")

# Last completion time against N downloaders: log2 N on a star with one upload slot, linear in N
# with unlimited slots and on the shared LAN. 16 runs, 2 at a time.
add_test(NAME validation.swarm-regimes
         COMMAND ${P2P_VALIDATION_PYTHON} ${P2P_VALIDATION_DIR}/swarm_regimes.py --scenario $<TARGET_FILE:p2p-scenario>
                 --out ${P2P_VALIDATION_OUT}/regimes --jobs 2)
set_tests_properties(validation.swarm-regimes PROPERTIES LABELS "validation;long" TIMEOUT 1800 PROCESSORS 2)

# At 20% loss every download completes with verified bytes, with one source and with four.
add_test(NAME validation.loss-20-percent
         COMMAND ${P2P_VALIDATION_PYTHON} ${P2P_VALIDATION_DIR}/loss_verified.py --scenario $<TARGET_FILE:p2p-scenario>
                 --out ${P2P_VALIDATION_OUT}/loss --topology lan --loss 0.2 --jobs 2)
set_tests_properties(validation.loss-20-percent PROPERTIES LABELS validation TIMEOUT 1200 PROCESSORS 2)
