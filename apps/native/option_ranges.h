// SPDX-License-Identifier: GPL-2.0-only
// Numbers from the command line, checked against the range each option allows. They are taken as
// text and parsed as signed numbers, so that "-1" is refused with the allowed range instead of
// wrapping round to a huge unsigned value (boost::lexical_cast does that for unsigned types).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "model/timing.h"

namespace p2p::native {

// The integer in `text`; throws std::runtime_error ("--sources must be 1..8, not '9'") when it is
// not one or lies outside [min, max].
std::int64_t integer_option(std::string_view flag, const std::string& text, std::int64_t min, std::int64_t max);

// A number (decimals allowed) in [min, max]; throws as above.
double number_option(std::string_view flag, const std::string& text, double min, double max);

// A number of seconds (decimals allowed) in [min, max], as a Duration; throws as above.
Duration seconds_option(std::string_view flag, const std::string& text, double min, double max);

}  // namespace p2p::native
