// SPDX-License-Identifier: GPL-2.0-only
#include "settings.h"

#include <cstdio>

namespace p2p::settings {

std::span<const Setting* const> all() { return kAll; }

const Setting* find(std::string_view name) {
  for (const Setting* s : kAll)
    if (s->name == name) return s;
  return nullptr;
}

const Setting* by_ns3_attribute(std::string_view component, std::string_view attribute) {
  for (const Setting* s : kAll)
    if (s->component == component && !attribute.empty() && s->ns3_attribute == attribute) return s;
  return nullptr;
}

const Setting* by_scenario_option(std::string_view option) {
  for (const Setting* s : kAll)
    if (!option.empty() && s->scenario_option == option) return s;
  return nullptr;
}

std::string number_text(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", value);
  return buf;
}

std::string range_text(const Setting& s) {
  if (s.kind == Kind::Choice) {
    std::string text(s.choices);
    for (char& c : text)
      if (c == '|') c = ',';
    return "one of " + text;
  }
  std::string text = number_text(s.min) + ".." + number_text(s.max);
  return s.kind == Kind::Flag ? text : text + " " + std::string(s.unit);
}

std::string check(const Setting& s, double value) {
  bool whole = s.kind != Kind::Real && s.kind != Kind::Seconds;
  if (value >= s.min && value <= s.max && (!whole || value == std::floor(value))) return {};
  return std::string(s.name) + " must be " + range_text(s) + ", not " + number_text(value);
}

}  // namespace p2p::settings
