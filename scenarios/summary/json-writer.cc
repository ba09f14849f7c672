// SPDX-License-Identifier: GPL-2.0-only
#include "json-writer.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace p2p::scenario
{

std::string
JsonEscape(std::string_view text)
{
    std::string out;
    for (char c : text)
    {
        switch (c)
        {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
            {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                out += buf;
            }
            else
            {
                out += c;
            }
        }
    }
    return out;
}

JsonWriter::JsonWriter(std::ostream& out)
    : m_out(out)
{
}

void
JsonWriter::NewLine()
{
    m_out << '\n' << std::string(2 * m_open.size(), ' ');
}

void
JsonWriter::BeforeValue()
{
    if (m_afterKey)
    {
        m_afterKey = false;
        return;
    }
    if (m_open.empty())
    {
        return;
    }
    Container& c = m_open.back();
    if (!c.empty)
    {
        m_out << (c.oneLine ? ", " : ",");
    }
    if (!c.oneLine)
    {
        NewLine();
    }
    c.empty = false;
}

void
JsonWriter::Key(std::string_view key)
{
    BeforeValue();
    m_out << '"' << JsonEscape(key) << "\": ";
    m_afterKey = true;
}

void
JsonWriter::Open(char bracket, bool oneLine)
{
    BeforeValue();
    m_out << bracket;
    // Inside a one-line container everything stays on that line.
    m_open.push_back({true, oneLine || (!m_open.empty() && m_open.back().oneLine)});
}

void
JsonWriter::Close(char bracket)
{
    Container c = m_open.back();
    m_open.pop_back();
    if (!c.empty && !c.oneLine)
    {
        NewLine();
    }
    m_out << bracket;
    if (m_open.empty())
    {
        m_out << '\n';
    }
}

void
JsonWriter::BeginObject()
{
    Open('{', false);
}

void
JsonWriter::BeginInlineObject()
{
    Open('{', true);
}

void
JsonWriter::EndObject()
{
    Close('}');
}

void
JsonWriter::BeginArray()
{
    Open('[', true);
}

void
JsonWriter::BeginArrayOfLines()
{
    Open('[', false);
}

void
JsonWriter::EndArray()
{
    Close(']');
}

void
JsonWriter::Value(std::string_view text)
{
    BeforeValue();
    m_out << '"' << JsonEscape(text) << '"';
}

void
JsonWriter::Value(double number)
{
    BeforeValue();
    if (!std::isfinite(number))
    {
        m_out << "null";
        return;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", number);
    m_out << buf;
}

void
JsonWriter::Value(uint64_t number)
{
    BeforeValue();
    m_out << number;
}

void
JsonWriter::Value(bool flag)
{
    BeforeValue();
    m_out << (flag ? "true" : "false");
}

std::string
WriteJsonFile(const std::string& path, const std::function<void(JsonWriter&)>& write)
{
    std::ostringstream text;
    JsonWriter json(text);
    write(json);
    return WriteFileWhole(path, text.str());
}

std::string
WriteFileWhole(const std::string& path, const std::string& text)
{
    const std::string temporary = path + ".tmp";
    errno = 0;
    bool written = false;
    {
        std::ofstream out(temporary);
        if (out)
        {
            out << text;
            out.flush();
            written = out.good();
            out.close();
            written = written && !out.fail();
        }
    }
    std::string why = errno != 0 ? std::string(": ") + std::strerror(errno) : "";
    std::error_code error;
    if (written)
    {
        std::filesystem::rename(temporary, path, error);
        if (!error)
        {
            return {};
        }
        why = ": " + error.message();
    }
    std::filesystem::remove(temporary, error);
    return "cannot write " + path + why;
}

} // namespace p2p::scenario
