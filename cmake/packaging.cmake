# SPDX-License-Identifier: GPL-2.0-only
# A Debian package of what `cmake --install` installs: `cpack -G DEB` in the build directory makes
# p2p-testbed_VERSION_ARCH.deb, installed with `apt-get install ./p2p-testbed_*.deb`.
set(P2P_DEB_MAINTAINER "p2p-testbed maintainers <p2p-testbed@example.org>"
    CACHE STRING "Maintainer field of the Debian package")

set(CPACK_PACKAGE_NAME p2p-testbed)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "p2p-testbed")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "centralized-index P2P file sharing: ns-3 module and native programs")
set(CPACK_PACKAGE_DESCRIPTION
    "An index server and peers of a centralized-index peer-to-peer file-sharing protocol, as ns-3 3.37 applications (library libp2p-testbed-ns3, headers ns3/p2p-testbed-module.h, CMake package p2p-testbed) and as native programs on real sockets (p2p-index, p2p-peer, p2p-load).")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${P2P_DEB_MAINTAINER})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Debian 12's package names (dpkg -S on the libraries the programs and the library load): ns-3's
# shared libraries, libcrypto (SHA-256 in the core), Boost.Program_options (native programs),
# SimGrid (p2p-simgrid, the flow-level world).
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libns3.37 (>= 3.37), libssl3 (>= 3.0), libboost-program-options1.74.0, libstdc++6 (>= 12), libgcc-s1, libc6 (>= 2.34)")
if(P2P_WITH_NATIVE)
  # sd_notify (Type=notify services) from libsystemd.
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libsystemd0")
  # The services' settings (services.cmake) are conffiles: an upgrade keeps the operator's edits.
  file(WRITE ${PROJECT_BINARY_DIR}/debian/conffiles "/etc/default/p2p-index\n/etc/default/p2p-peer\n")
  set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_BINARY_DIR}/debian/conffiles)
endif()
if(P2P_WITH_SIMGRID)
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libsimgrid3.32")
endif()
# To build one's own scenarios against the package: ns-3's headers and CMake config (which needs
# the GSL, SQLite and libxml2 development files), a compiler and CMake.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libns3-dev (>= 3.37), libgsl-dev, libsqlite3-dev, libxml2-dev, g++, cmake")
# A shlibs file and the ldconfig trigger for libp2p-testbed-ns3.so.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)

include(CPack)
