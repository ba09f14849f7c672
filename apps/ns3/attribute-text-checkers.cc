// SPDX-License-Identifier: GPL-2.0-only
#include "attribute-text-checkers.h"

#include "p2p-content-spec.h"

#include "model/name.h"

#include "ns3/string.h"

#include <functional>
#include <string>
#include <utility>

namespace ns3
{
namespace
{

/**
 * A StringValue that takes any text: ns-3's own stops reading at a space and aborts, so a refused
 * value with a space ("a b") would end the program instead of being refused by Check.
 */
class AnyTextValue : public StringValue
{
  public:
    Ptr<AttributeValue> Copy() const override
    {
        return ns3::Create<AnyTextValue>(*this);
    }

    bool DeserializeFromString(std::string value, Ptr<const AttributeChecker>) override
    {
        Set(value);
        return true;
    }
};

/// A StringValue checker whose Check also parses the text.
class TextChecker : public StringChecker
{
  public:
    using Validator = std::function<bool(const std::string&)>;

    TextChecker(Validator valid, std::string syntax)
        : m_valid(std::move(valid)),
          m_syntax(std::move(syntax))
    {
    }

    bool Check(const AttributeValue& value) const override
    {
        const auto* text = dynamic_cast<const StringValue*>(&value);
        return text != nullptr && m_valid(text->Get());
    }

    std::string GetValueTypeName() const override
    {
        return "ns3::StringValue";
    }

    bool HasUnderlyingTypeInformation() const override
    {
        return true;
    }

    std::string GetUnderlyingTypeInformation() const override
    {
        return m_syntax;
    }

    Ptr<AttributeValue> Create() const override
    {
        return ns3::Create<AnyTextValue>();
    }

    bool Copy(const AttributeValue& source, AttributeValue& destination) const override
    {
        const auto* from = dynamic_cast<const StringValue*>(&source);
        auto* to = dynamic_cast<StringValue*>(&destination);
        if (from == nullptr || to == nullptr)
        {
            return false;
        }
        *to = *from;
        return true;
    }

  private:
    Validator m_valid;
    std::string m_syntax;
};

} // namespace

Ptr<const AttributeChecker>
MakePeerNameChecker()
{
    return Create<TextChecker>(
        [](const std::string& text) { return text.empty() || p2p::Name::parse(text).has_value(); },
        "a peer name: 1..10 printable ASCII bytes, no space, / or \\ (empty: made up)");
}

Ptr<const AttributeChecker>
MakeHeldContentChecker()
{
    return Create<TextChecker>(
        [](const std::string& text) {
            std::vector<HeldContentItem> items;
            std::string error;
            return ParseHeldContent(text, items, error);
        },
        "name:bytes[,name:bytes...], each name 1..10 printable ASCII bytes");
}

Ptr<const AttributeChecker>
MakeContentNamesChecker()
{
    return Create<TextChecker>(
        [](const std::string& text) {
            std::vector<p2p::Name> names;
            std::string error;
            return ParseContentNames(text, names, error);
        },
        "name[,name...], each 1..10 printable ASCII bytes");
}

} // namespace ns3
