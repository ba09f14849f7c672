// SPDX-License-Identifier: GPL-2.0-only
#include "decimal_text.h"

#include <charconv>

namespace p2p {
namespace {
std::string format(double value, std::chars_format format, int digits) {
  char buf[400];  // %.9f of DBL_MAX is 319 characters
  auto result = std::to_chars(buf, buf + sizeof buf, value, format, digits);
  if (result.ec != std::errc()) return "?";  // more digits than any caller asks for
  return {buf, result.ptr};
}
}  // namespace

std::string fixed_decimal(double value, int digits) { return format(value, std::chars_format::fixed, digits); }

std::string general_decimal(double value, int digits) { return format(value, std::chars_format::general, digits); }

}  // namespace p2p
