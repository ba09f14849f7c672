# SPDX-License-Identifier: GPL-2.0-only
# The installed package: cmake --install into a temporary prefix with first.cc built out of tree
# as C++17, and the Debian package (cpack -G DEB) unpacked into a temporary root.
add_test(NAME install.out-of-tree
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install_test.sh ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR}
                 ${CMAKE_CURRENT_BINARY_DIR}/install-test)
add_test(NAME install.deb
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/deb_test.sh ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR}
                 ${CMAKE_CURRENT_BINARY_DIR}/deb-test)
set_tests_properties(install.out-of-tree install.deb PROPERTIES LABELS install TIMEOUT 900)
set_tests_properties(install.deb PROPERTIES SKIP_RETURN_CODE 77)
