#include "apps/native/content_names.h"

namespace p2p::native {

std::optional<Name> parse_content_name(std::string_view text, std::string& why) {
  auto reason = Name::why_invalid(text);
  if (reason.empty()) return Name::parse(text);
  why = "'" + std::string(text) + "' is not a valid content name: " + std::string(reason) +
        " (content names are file names in the share directory: 1..10 printable ASCII bytes, no / or \\)";
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
