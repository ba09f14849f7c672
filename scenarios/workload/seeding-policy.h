// SPDX-License-Identifier: GPL-2.0-only
// What a fetcher does once its downloads are over (completed or given up): --seeding=
//   stay      serves until its session ends (or to the end of the run)
//   linger=T  serves T more seconds, then quits
//   leave     quits at once; it never registers its download, so it never serves
#pragma once
#include <string>

namespace p2p::scenario
{

struct SeedingPolicy
{
    enum class Kind
    {
        Stay,
        Linger,
        Leave,
    };
    Kind kind = Kind::Stay;
    double linger = 0; // s, for Linger

    bool Leaves() const { return kind != Kind::Stay; }
    // Seconds from the end of the downloads to the quit (Leaves() only).
    double Delay() const { return kind == Kind::Linger ? linger : 0; }
};

// Parses stay, linger=T (T in [0, 1e6] s) or leave; returns an empty string, or why not.
std::string ParseSeedingPolicy(const std::string& text, SeedingPolicy& out);

} // namespace p2p::scenario
