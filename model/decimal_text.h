// SPDX-License-Identifier: GPL-2.0-only
// Numbers as text without printf: glibc's printf formats a double with several KiB of stack, and
// the flow-level world runs the core on actor stacks of a few KiB (a million of them must fit).
// The text is printf's ("%.*f", "%.*g"): both round the binary value exactly.
#pragma once
#include <string>

namespace p2p {

std::string fixed_decimal(double value, int digits);    // printf("%.*f", digits, value)
std::string general_decimal(double value, int digits);  // printf("%.*g", digits, value)

}  // namespace p2p
