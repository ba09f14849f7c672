// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/option_ranges.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace p2p::native {
namespace {

[[noreturn]] void out_of_range(std::string_view flag, const std::string& range, const std::string& text) {
  throw std::runtime_error(std::string(flag) + " must be " + range + ", not '" + text + "'");
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

double checked_number(std::string_view flag, const std::string& text, double min, double max, const char* unit) {
  double v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(v) || v < min || v > max)
    out_of_range(flag, number(min) + ".." + number(max) + unit, text);
  return v;
}

}  // namespace

std::int64_t integer_option(std::string_view flag, const std::string& text, std::int64_t min, std::int64_t max) {
  std::int64_t v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  std::string range = std::to_string(min) + ".." + std::to_string(max);
  if (text.empty() || ec != std::errc() || ptr != end || v < min || v > max) out_of_range(flag, range, text);
  return v;
}

double number_option(std::string_view flag, const std::string& text, double min, double max) {
  return checked_number(flag, text, min, max, "");
}

Duration seconds_option(std::string_view flag, const std::string& text, double min, double max) {
  double v = checked_number(flag, text, min, max, " seconds");
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(v));
}

}  // namespace p2p::native
