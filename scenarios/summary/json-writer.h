// SPDX-License-Identifier: GPL-2.0-only
// A small JSON emitter for summary.json: objects, arrays, strings and numbers, indented, keys in
// the order they are written (so that summaries diff well between runs). An object has one
// member per line, an array is written on one line, and so is everything inside a one-line
// container; BeginInlineObject and BeginArrayOfLines choose the other layout.
#pragma once
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace p2p::scenario
{

class JsonWriter
{
  public:
    explicit JsonWriter(std::ostream& out);

    void BeginObject();
    void BeginInlineObject(); // on one line: a record among many
    void EndObject();
    void BeginArray();
    void BeginArrayOfLines(); // one element per line: a list of records
    void EndArray();
    // Inside an object: the key of the next value.
    void Key(std::string_view key);

    void Value(std::string_view text);
    void Value(const char* text) { Value(std::string_view(text)); }
    void Value(const std::string& text) { Value(std::string_view(text)); }
    void Value(double number); // NaN and infinities become null
    void Value(uint64_t number);
    void Value(uint32_t number) { Value(static_cast<uint64_t>(number)); }
    void Value(bool flag);

    template <typename T>
    void Field(std::string_view key, const T& value)
    {
        Key(key);
        Value(value);
    }

  private:
    void BeforeValue();
    void NewLine();

    std::ostream& m_out;
    struct Container
    {
        bool empty = true;
        bool oneLine = false; // members separated by ", " rather than one per line
    };

    void Open(char bracket, bool oneLine);
    void Close(char bracket);

    std::vector<Container> m_open;
    bool m_afterKey = false;
};

std::string JsonEscape(std::string_view text);

// Writes the JSON file `path` whole or not at all: `write` fills PATH.tmp, which replaces `path`
// (rename) once it is written and closed without error; on error PATH.tmp is removed. Returns an
// empty string, or why the file could not be written.
std::string WriteJsonFile(const std::string& path, const std::function<void(JsonWriter&)>& write);
// The same for a text already made.
std::string WriteFileWhole(const std::string& path, const std::string& text);

} // namespace p2p::scenario
