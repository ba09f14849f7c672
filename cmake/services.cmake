# SPDX-License-Identifier: GPL-2.0-only
# The daemons as systemd services: p2p-index.service and the template p2p-peer@.service in
# lib/systemd/system, and their settings in /etc/default (the package's conffiles, packaging.cmake).
# The settings go to /etc when the prefix is /usr (the package), else to PREFIX/etc, so that an
# install into a private prefix writes nothing outside it.
set(P2P_UNITS ${PROJECT_SOURCE_DIR}/packaging/systemd/p2p-index.service
              ${PROJECT_SOURCE_DIR}/packaging/systemd/p2p-peer@.service)
set(P2P_DEFAULTS ${PROJECT_SOURCE_DIR}/packaging/default/p2p-index ${PROJECT_SOURCE_DIR}/packaging/default/p2p-peer)
install(FILES ${P2P_UNITS} DESTINATION lib/systemd/system)
install(CODE "
  if(CMAKE_INSTALL_PREFIX MATCHES \"^/usr/?$\")
    set(p2p_etc /etc)
  else()
    set(p2p_etc \"\${CMAKE_INSTALL_PREFIX}/etc\")
  endif()
  file(INSTALL DESTINATION \"\${p2p_etc}/default\" TYPE FILE FILES ${P2P_DEFAULTS})
")
