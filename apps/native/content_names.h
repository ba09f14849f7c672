// SPDX-License-Identifier: GPL-2.0-only
// Content names typed by people: checked against the protocol's naming rule with a clear message.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/name.h"

namespace p2p::native {

// The name, or nothing with `why` explaining the refusal ("'../x' is not a valid content name: ...").
std::optional<Name> parse_content_name(std::string_view text, std::string& why);

// True for names of hidden files (a leading '.'), which are never listed, registered or served.
inline bool is_hidden(std::string_view name) { return !name.empty() && name.front() == '.'; }

// All names, or nothing when any is invalid (`why` tells which and why).
std::optional<std::vector<Name>> parse_content_names(const std::vector<std::string>& texts, std::string& why);

}  // namespace p2p::native
