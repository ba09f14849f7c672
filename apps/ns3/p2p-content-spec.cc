// SPDX-License-Identifier: GPL-2.0-only
#include "p2p-content-spec.h"

#include <charconv>
#include <string_view>

namespace ns3
{

namespace
{

std::string_view
Trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    {
        text.remove_suffix(1);
    }
    return text;
}

/// Splits on ',' and trims each item; an all-blank text has no items.
std::vector<std::string_view>
SplitItems(std::string_view text)
{
    std::vector<std::string_view> items;
    if (Trim(text).empty())
    {
        return items;
    }
    for (std::size_t start = 0;;)
    {
        std::size_t comma = text.find(',', start);
        items.push_back(Trim(text.substr(start, comma - start)));
        if (comma == std::string_view::npos)
        {
            return items;
        }
        start = comma + 1;
    }
}

bool
ParseName(std::string_view text, p2p::Name& name, std::string& error)
{
    auto parsed = p2p::Name::parse(text);
    if (!parsed)
    {
        error = "bad content name \"" + std::string(text) + "\": " + std::string(p2p::Name::why_invalid(text));
        return false;
    }
    name = *parsed;
    return true;
}

} // namespace

bool
ParseHeldContent(const std::string& spec, std::vector<HeldContentItem>& items, std::string& error)
{
    items.clear();
    for (std::string_view item : SplitItems(spec))
    {
        std::size_t colon = item.rfind(':');
        if (colon == std::string_view::npos)
        {
            error = "\"" + std::string(item) + "\" is not name:size";
            return false;
        }
        HeldContentItem held;
        if (!ParseName(Trim(item.substr(0, colon)), held.name, error))
        {
            return false;
        }
        std::string_view size = Trim(item.substr(colon + 1));
        auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), held.size);
        if (ec != std::errc() || end != size.data() + size.size() || size.empty())
        {
            error = "bad size \"" + std::string(size) + "\" for " + held.name.str();
            return false;
        }
        items.push_back(held);
    }
    return true;
}

bool
ParseContentNames(const std::string& spec, std::vector<p2p::Name>& names, std::string& error)
{
    names.clear();
    for (std::string_view item : SplitItems(spec))
    {
        p2p::Name name;
        if (!ParseName(item, name, error))
        {
            return false;
        }
        names.push_back(name);
    }
    return true;
}

} // namespace ns3
