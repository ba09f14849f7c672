// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/setting_flags.h"

#include <boost/program_options/value_semantic.hpp>
#include <cmath>

#include "apps/native/option_ranges.h"

namespace p2p::native {
namespace {

using settings::Kind;

std::string flag_of(const settings::Setting& s) { return "--" + std::string(s.native_flag); }

std::string_view unit_of(const settings::Setting& s) { return s.native_unit.empty() ? s.unit : s.native_unit; }

// "downloads served at once ... (0..65535 downloads)"
std::string help_of(const settings::Setting& s) {
  std::string doc(s.doc);
  if (s.native.differs) doc += " Natively " + settings::number_text(s.native.value) + ": " + std::string(s.native.reason) + ".";
  if (s.kind == Kind::Choice) return doc + " (" + settings::range_text(s) + ")";
  return doc + " (" + settings::number_text(s.min * s.native_scale) + ".." + settings::number_text(s.max * s.native_scale) +
         " " + std::string(unit_of(s)) + ")";
}

std::string default_of(const settings::Setting& s) {
  double v = s.default_in_native();
  if (s.kind == Kind::Choice) {
    std::string_view rest = s.choices;
    for (int i = 0; i < static_cast<int>(v); ++i) rest = rest.substr(rest.find('|') + 1);
    return std::string(rest.substr(0, rest.find('|')));
  }
  return settings::number_text(v * s.native_scale);
}

}  // namespace

void add_setting_flag(boost::program_options::options_description& options, const settings::Setting& s,
                      std::string& text) {
  text = default_of(s);
  options.add_options()(std::string(s.native_flag).c_str(), boost::program_options::value(&text)->default_value(text),
                        help_of(s).c_str());
}

double setting_value(const settings::Setting& s, const std::string& text) {
  const double scale = s.native_scale;
  if (s.kind == Kind::Integer || (s.kind == Kind::Seconds && scale != 1)) {
    auto whole = [](double x) { return static_cast<std::int64_t>(std::llround(x)); };
    return static_cast<double>(integer_option(flag_of(s), text, whole(s.min * scale), whole(s.max * scale))) / scale;
  }
  if (s.kind == Kind::Seconds) return to_seconds(seconds_option(flag_of(s), text, s.min, s.max));
  return number_option(flag_of(s), text, s.min * scale, s.max * scale) / scale;
}

Duration setting_duration(const settings::Setting& s, const std::string& text) {
  return settings::Setting::seconds(setting_value(s, text));
}

}  // namespace p2p::native
