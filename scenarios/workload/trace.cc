// SPDX-License-Identifier: GPL-2.0-only
#include "trace.h"

#include "model/name.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace p2p::scenario
{
namespace
{

std::string
Trim(const std::string& text)
{
    size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos)
    {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

std::vector<std::string>
SplitCommas(const std::string& line)
{
    std::vector<std::string> fields;
    std::istringstream in(line);
    std::string field;
    while (std::getline(in, field, ','))
    {
        fields.push_back(Trim(field));
    }
    if (!line.empty() && line.back() == ',')
    {
        fields.emplace_back();
    }
    return fields;
}

// Why `text` cannot be a peer or content name, or an empty string.
std::string
NameProblem(const std::string& text)
{
    if (!p2p::Name::parse(text))
    {
        return std::string(p2p::Name::why_invalid(text));
    }
    return {};
}

// What the replay knows of one peer while reading.
struct PeerState
{
    bool up = false;
    double lastAction = -1;  // time of its previous action
    double lastDeparture = -1; // time of its last leave or crash
};

} // namespace

std::string
ReadTrace(const std::string& path, const std::set<std::string>& seeds, Trace& out)
{
    std::ifstream in(path);
    if (!in)
    {
        return path + ": cannot read the trace";
    }
    Trace trace;
    trace.path = path;
    std::map<std::string, PeerState> peers;
    for (const std::string& seed : seeds)
    {
        peers[seed].up = true;
    }
    std::string line;
    uint32_t number = 0;
    bool header = false;
    double lastTime = 0;
    while (std::getline(in, line))
    {
        ++number;
        std::string text = Trim(line);
        if (text.empty() || text[0] == '#')
        {
            continue;
        }
        auto where = [&](const std::string& why) {
            return path + ":" + std::to_string(number) + ": " + why;
        };
        std::vector<std::string> f = SplitCommas(text);
        if (!header)
        {
            if (f != std::vector<std::string>{"time_s", "peer", "action"})
            {
                return where("the first line must be the header time_s,peer,action");
            }
            header = true;
            continue;
        }
        if (f.size() != 3)
        {
            return where("expected time_s,peer,action (3 fields, no ',' in names), got " +
                         std::to_string(f.size()) + " fields");
        }
        TraceAction a;
        a.line = number;
        std::istringstream time(f[0]);
        if (f[0].empty() || !(time >> a.time) || !time.eof() || !std::isfinite(a.time) ||
            a.time < 0 || a.time > 1e6)
        {
            return where("time_s must be a number of seconds in [0, 1e6], got \"" + f[0] + "\"");
        }
        if (a.time < lastTime)
        {
            return where("times must not decrease down the file");
        }
        lastTime = a.time;
        a.peer = f[1];
        if (std::string why = NameProblem(a.peer); !why.empty())
        {
            return where("bad peer name \"" + a.peer + "\": " + why);
        }
        std::istringstream action(f[2]);
        std::string verb;
        action >> verb;
        std::string rest;
        std::getline(action, rest);
        rest = Trim(rest);
        if (verb == "join" || verb == "leave" || verb == "crash")
        {
            a.kind = verb == "join"    ? TraceActionKind::Join
                     : verb == "leave" ? TraceActionKind::Leave
                                       : TraceActionKind::Crash;
            if (!rest.empty())
            {
                return where(verb + " takes no argument");
            }
        }
        else if (verb == "fetch")
        {
            a.kind = TraceActionKind::Fetch;
            a.content = rest;
            if (std::string why = NameProblem(a.content); !why.empty())
            {
                return where("fetch CONTENT: bad content name \"" + a.content + "\": " + why);
            }
        }
        else
        {
            return where("unknown action \"" + f[2] +
                         "\" (join, fetch CONTENT, leave or crash)");
        }

        bool known = peers.count(a.peer) > 0;
        PeerState& p = peers[a.peer];
        if (!known)
        {
            trace.peers.push_back(a.peer);
        }
        switch (a.kind)
        {
        case TraceActionKind::Join:
            if (p.up)
            {
                return where(a.peer + " joins but is up already");
            }
            if (p.lastDeparture >= 0 && a.time <= p.lastDeparture)
            {
                return where(a.peer + " joins at the time it left: a join comes strictly later");
            }
            p.up = true;
            break;
        case TraceActionKind::Fetch:
            if (!p.up)
            {
                return where(a.peer + " fetches while down (join first)");
            }
            if (std::find(trace.contents.begin(), trace.contents.end(), a.content) ==
                trace.contents.end())
            {
                trace.contents.push_back(a.content);
            }
            break;
        case TraceActionKind::Leave:
        case TraceActionKind::Crash:
            if (!p.up)
            {
                return where(a.peer + " " + verb + "s while down");
            }
            if (a.time <= p.lastAction)
            {
                return where(a.peer + " " + verb +
                             "s at the time of its previous action: a departure comes strictly "
                             "later");
            }
            p.up = false;
            p.lastDeparture = a.time;
            break;
        }
        p.lastAction = a.time;
        trace.actions.push_back(a);
    }
    if (!header)
    {
        return path + ": empty trace (no header time_s,peer,action)";
    }
    out = std::move(trace);
    return {};
}

} // namespace p2p::scenario
