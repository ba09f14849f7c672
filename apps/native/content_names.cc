// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/content_names.h"

namespace p2p::native {

std::optional<Name> parse_content_name(std::string_view text, std::string& why) {
  std::string reason(Name::why_invalid(text));
  // Hidden files are never shared (.bashrc, .netrc, a download's .NAME.part-XXXXXX): a name that
  // starts with a dot names no content here, so none is served, registered or downloaded.
  if (reason.empty() && is_hidden(text)) reason = "it starts with '.' (hidden files are never shared)";
  if (reason.empty()) return Name::parse(text);
  why = "'" + std::string(text) + "' is not a valid content name: " + reason +
        " (content names are file names in the share directory: 1..10 printable ASCII bytes, no / or \\, "
        "not starting with '.')";
  return std::nullopt;
}

std::optional<std::vector<Name>> parse_content_names(const std::vector<std::string>& texts, std::string& why) {
  std::vector<Name> names;
  for (const auto& t : texts) {
    auto n = parse_content_name(t, why);
    if (!n) return std::nullopt;
    names.push_back(*n);
  }
  return names;
}

}  // namespace p2p::native
