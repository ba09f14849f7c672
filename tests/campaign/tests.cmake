# SPDX-License-Identifier: GPL-2.0-only
# Campaign tests: plots/sweep.py and plots/plot_sweep.py. Included by tests/CMakeLists.txt when ns-3
# is on (both also run a tiny campaign of the real p2p-scenario).
# - campaign.local: the local backend on the fake scenario of plots/fixtures (re-run, interrupt and
#   resume, mixed commits, failures, figures), then 4 tiny p2p-scenario runs; about 30 s.
# - campaign.slurm: a single-node Slurm started on this machine (root; it installs slurm-wlm and
#   munge when missing, exits 77, reported as skipped, where it cannot run): the same grid through
#   Slurm and locally gives byte-identical tables, an interrupted sweep.py waits for its job when
#   started again, a failing task is reported; about 15 s once the packages are there.
set(P2P_PLOTS_PYTHON /usr/bin/python3 CACHE FILEPATH "python3 with matplotlib for the plot scripts (Debian's)")

add_test(NAME campaign.local
         COMMAND ${P2P_PLOTS_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/campaign_test.py $<TARGET_FILE:p2p-scenario>)
set_tests_properties(campaign.local PROPERTIES LABELS "campaign;plots" TIMEOUT 300)

add_test(NAME campaign.slurm
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/slurm_test.sh $<TARGET_FILE:p2p-scenario> ${P2P_PLOTS_PYTHON})
set_tests_properties(campaign.slurm PROPERTIES LABELS "campaign;slurm" TIMEOUT 900 SKIP_RETURN_CODE 77
                     RUN_SERIAL TRUE)
