// SPDX-License-Identifier: GPL-2.0-only
// Progress of a running simulation on stderr: simulated time, downloads done of those asked for,
// wall time and an estimate of the wall time left. On a terminal one line is rewritten in place
// (about every 0.5 s of wall time); otherwise a plain line every 10 s of wall time (logs, batch
// jobs); --quiet: nothing.
//
// It is a simulator event that reschedules itself and looks at the wall clock. Its period (in
// simulated time) adapts to the simulation's speed so that it runs a few times per wall second at
// most. It reads the run's state and changes nothing: the other events keep their order (ns-3
// orders events of the same time by when they were scheduled, and this one schedules only
// itself), so the run's results are the same with it or without; only the simulator's event
// count grows, and Checks() says by how much.
#pragma once
#include "scenarios/workload/workload.h"

#include "model/peer_events.h"

#include "ns3/nstime.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace p2p::scenario
{

// Downloads so far, for the display only (summary.json counts them from events.csv).
struct DownloadTally
{
    uint64_t requested = 0;
    uint64_t completed = 0;
    uint64_t failed = 0;
    uint64_t survivingOver = 0; // completed or failed by lives that last to the end of the run

    void OnPeerEvent(bool survives, const p2p::PeerEvent& event);
};

class ProgressDisplay
{
  public:
    enum class Mode
    {
        InPlace, // a terminal: one line, rewritten
        Lines,   // not a terminal: a line now and then
    };

    // The mode for this process's stderr.
    static Mode ModeOfStderr();

    ProgressDisplay(const DownloadTally& downloads,
                    const WorkloadPlan& plan,
                    ns3::Time limit,
                    Mode mode,
                    std::chrono::steady_clock::time_point wallStart);

    // After the simulation: clears the line on a terminal.
    void Finish();
    // Simulator events it executed (to leave out of the run's event count).
    uint64_t Checks() const { return m_checks; }

  private:
    void Check();
    void Show(double wall);
    // Fraction of the run done (0..1), the larger of: how far both conditions of the run's end are
    // (every surviving fetch resolved, the last planned event passed), and how far --simTime is.
    double Done() const;

    const DownloadTally& m_downloads;
    const WorkloadPlan& m_plan;
    const uint64_t m_survivingFetches;
    const ns3::Time m_limit;
    const Mode m_mode;
    const std::chrono::steady_clock::time_point m_wallStart;
    std::chrono::steady_clock::time_point m_lastCheck;
    double m_lastShown = 0; // wall s
    ns3::Time m_period;
    ns3::Time m_maxPeriod;
    uint64_t m_checks = 0;
    bool m_shownInPlace = false;
};

// "42.0 s", "3m07s", "1h05m".
std::string WallDuration(double seconds);

} // namespace p2p::scenario
