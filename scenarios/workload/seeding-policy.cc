// SPDX-License-Identifier: GPL-2.0-only
#include "seeding-policy.h"

#include <cmath>
#include <sstream>

namespace p2p::scenario
{

std::string
ParseSeedingPolicy(const std::string& text, SeedingPolicy& out)
{
    if (text == "stay" || text == "leave")
    {
        out = {text == "stay" ? SeedingPolicy::Kind::Stay : SeedingPolicy::Kind::Leave, 0};
        return {};
    }
    const std::string prefix = "linger=";
    if (text.rfind(prefix, 0) == 0)
    {
        std::istringstream in(text.substr(prefix.size()));
        double seconds = 0;
        if (in >> seconds && in.eof() && std::isfinite(seconds) && seconds >= 0 && seconds <= 1e6)
        {
            out = {SeedingPolicy::Kind::Linger, seconds};
            return {};
        }
    }
    return "--seeding is stay, leave or linger=T (T seconds in [0, 1e6]), not \"" + text + "\"";
}

} // namespace p2p::scenario
