// SPDX-License-Identifier: GPL-2.0-only
// The settings table (model/settings.h) as text: JSON for programs, Markdown for docs/settings.md.
#pragma once
#include <string>

namespace p2p::settings {

// Format "p2p-settings" version 1: see docs/settings.md, "Machine-readable form".
std::string to_json();
std::string to_markdown();

}  // namespace p2p::settings
