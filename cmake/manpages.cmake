# SPDX-License-Identifier: GPL-2.0-only
# Manual pages of the installed programs, made at build time by help2man from each program's
# --help and a hand-written include file (man/PROGRAM.h2m), installed into share/man/man1. A program
# that another part of the tree adds (p2p-conformance, ...) gets its page by being listed here with
# a man/PROGRAM.h2m of its own; a listed program whose target is not built is left out.
include(GNUInstallDirs)
find_program(P2P_HELP2MAN help2man)
if(NOT P2P_HELP2MAN)
  message(WARNING "help2man not found: no manual pages (Debian package help2man)")
  return()
endif()

set(P2P_MAN_PROGRAMS p2p-index p2p-peer p2p-load p2p-scenario p2p-simgrid p2p-settings p2p-summarize
    p2p-conformance)
set(p2p_man_pages)
foreach(program IN LISTS P2P_MAN_PROGRAMS)
  if(NOT TARGET ${program})
    continue()
  endif()
  set(include ${PROJECT_SOURCE_DIR}/man/${program}.h2m)
  set(include_option --include ${include})
  if(NOT EXISTS ${include})  # a page from --help alone, until its hand-written part is written
    message(WARNING "${program}: no man/${program}.h2m, its manual page has --help alone")
    set(include_option)
    set(include)
  endif()
  set(page ${PROJECT_BINARY_DIR}/man/${program}.1)
  set(gzipped ${page}.gz)  # compressed, as Debian's policy has manual pages (-n: no time stamp)
  add_custom_command(OUTPUT ${gzipped}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    # --version-string: the project's version, as every --version prints it (some have none).
    COMMAND ${P2P_HELP2MAN} --no-info --no-discard-stderr --section 1 --source p2p-testbed
            --version-string ${PROJECT_VERSION} ${include_option} --output ${page} $<TARGET_FILE:${program}>
    COMMAND gzip -9nf ${page}
    DEPENDS ${program} ${include}
    COMMENT "Manual page of ${program}"
    VERBATIM)
  list(APPEND p2p_man_pages ${gzipped})
endforeach()
add_custom_target(man-pages ALL DEPENDS ${p2p_man_pages})
install(FILES ${p2p_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
