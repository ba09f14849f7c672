// SPDX-License-Identifier: GPL-2.0-only
// The native flags of the settings table (model/settings.h): each flag's name, default, range and
// help come from its setting, so that p2p-peer and p2p-index cannot drift from the other worlds.
#pragma once
#include <boost/program_options/options_description.hpp>
#include <string>

#include "model/settings.h"
#include "model/timing.h"

namespace p2p::native {

// Adds --FLAG (the setting's native flag) to `options`, its text read into `text`, which starts as
// the setting's native default in the flag's unit.
void add_setting_flag(boost::program_options::options_description& options, const settings::Setting& s,
                      std::string& text);

// The flag's value in the setting's unit (a flag in ms gives seconds); throws std::runtime_error
// ("--upload-slots must be 0..65535, not '65536'") when it is not a number in the setting's range.
double setting_value(const settings::Setting& s, const std::string& text);
Duration setting_duration(const settings::Setting& s, const std::string& text);

}  // namespace p2p::native
