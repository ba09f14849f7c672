// SPDX-License-Identifier: GPL-2.0-only
// A workload trace: what peers do and when, one action a line, replayed as written.
//
//   time_s,peer,action
//   # comments and blank lines are skipped
//   1.0,alice,join
//   1.0,alice,fetch song
//   30.5,alice,leave
//   40,bob,join
//   41,bob,fetch song
//   80,bob,crash
//   95,alice,join
//
// time_s: simulated seconds (0..1e6), never decreasing down the file. peer: a peer name (1..10
// printable bytes, no ',', '/' or '\'); a seed's name (seed0, ...) addresses that seed, which is up
// from the start. action: join (the peer comes up: the first time an arrival, later a return,
// holding nothing), fetch CONTENT (it downloads CONTENT), leave (it quits: T for everything) or
// crash (it stops; the index keeps its entries until their lease ends). A peer must be up to
// fetch, leave or crash and down to join; a leave or crash comes strictly after the peer's
// previous action, and a join strictly after its leave or crash.
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace p2p::scenario
{

enum class TraceActionKind
{
    Join,
    Fetch,
    Leave,
    Crash,
};

struct TraceAction
{
    double time = 0; // s
    std::string peer;
    TraceActionKind kind = TraceActionKind::Join;
    std::string content; // fetch
    uint32_t line = 0;   // in the file, for messages
};

struct Trace
{
    std::string path;
    std::vector<TraceAction> actions;  // in file order
    std::vector<std::string> peers;    // not seeds, in order of first appearance
    std::vector<std::string> contents; // fetched, in order of first appearance
};

// Reads and checks a trace whose seeds are `seeds` (up from the start). Returns an empty string,
// or "PATH:LINE: why".
std::string ReadTrace(const std::string& path, const std::set<std::string>& seeds, Trace& out);

} // namespace p2p::scenario
