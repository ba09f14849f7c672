# SPDX-License-Identifier: GPL-2.0-only
# The settings table (model/settings.h): its generated reference and its agreement across worlds.
add_test(NAME settings.doc_is_current
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/settings/doc_is_current.sh $<TARGET_FILE:p2p-settings>
                 ${PROJECT_SOURCE_DIR}/docs/settings.md)
set_tests_properties(settings.doc_is_current PROPERTIES LABELS settings)
