# SPDX-License-Identifier: GPL-2.0-only
# The settings table (model/settings.h): its generated reference and its agreement across worlds.
add_test(NAME settings.doc_is_current
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/settings/doc_is_current.sh $<TARGET_FILE:p2p-settings>
                 ${PROJECT_SOURCE_DIR}/docs/settings.md)
set_tests_properties(settings.doc_is_current PROPERTIES LABELS settings)
if(P2P_WITH_NS3 AND P2P_WITH_NATIVE)
  add_test(NAME settings.worlds_agree
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/settings/check_worlds.py
                   $<TARGET_FILE:p2p-settings> $<TARGET_FILE:p2p-scenario> $<TARGET_FILE:p2p-peer>
                   $<TARGET_FILE:p2p-index> ${CMAKE_CURRENT_BINARY_DIR}/settings-runs)
  set_tests_properties(settings.worlds_agree PROPERTIES LABELS settings TIMEOUT 300)
endif()
