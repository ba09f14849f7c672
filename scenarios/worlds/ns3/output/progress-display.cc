// SPDX-License-Identifier: GPL-2.0-only
#include "progress-display.h"

#include "ns3/simulator.h"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace p2p::scenario
{
namespace
{
constexpr double kInPlaceEvery = 0.5; // s of wall time between updates on a terminal
constexpr double kLinesEvery = 10;    // s of wall time between lines elsewhere
constexpr double kFastCheck = 0.05;   // s of wall time: a check sooner than this doubles the period
constexpr double kSlowCheck = 0.2;    // s of wall time: a check later than this halves it
} // namespace

std::string
WallDuration(double seconds)
{
    char text[32];
    if (seconds < 60)
    {
        std::snprintf(text, sizeof text, "%.1f s", seconds);
    }
    else if (seconds < 3600)
    {
        std::snprintf(text, sizeof text, "%dm%02ds", static_cast<int>(seconds) / 60,
                      static_cast<int>(seconds) % 60);
    }
    else
    {
        std::snprintf(text, sizeof text, "%dh%02dm", static_cast<int>(seconds) / 3600,
                      static_cast<int>(seconds) % 3600 / 60);
    }
    return text;
}

ProgressDisplay::Mode
ProgressDisplay::ModeOfStderr()
{
    return isatty(STDERR_FILENO) ? Mode::InPlace : Mode::Lines;
}

void
DownloadTally::OnPeerEvent(bool survives, const p2p::PeerEvent& event)
{
    switch (event.kind)
    {
    case p2p::PeerEventKind::DownloadStarted:
        ++requested;
        break;
    case p2p::PeerEventKind::DownloadCompleted:
        ++completed;
        survivingOver += survives ? 1 : 0;
        break;
    case p2p::PeerEventKind::DownloadFailed:
        ++failed;
        survivingOver += survives ? 1 : 0;
        break;
    default:
        break;
    }
}

ProgressDisplay::ProgressDisplay(const DownloadTally& downloads,
                                 const WorkloadPlan& plan,
                                 ns3::Time limit,
                                 Mode mode,
                                 std::chrono::steady_clock::time_point wallStart)
    : m_downloads(downloads),
      m_plan(plan),
      m_survivingFetches(plan.SurvivingFetches()),
      m_limit(limit),
      m_mode(mode),
      m_wallStart(wallStart),
      m_lastCheck(std::chrono::steady_clock::now()),
      m_period(ns3::MilliSeconds(1)),
      m_maxPeriod(std::max(ns3::MilliSeconds(1), limit / 1000))
{
    ns3::Simulator::Schedule(m_period, &ProgressDisplay::Check, this);
}

void
ProgressDisplay::Check()
{
    ++m_checks;
    auto now = std::chrono::steady_clock::now();
    double sinceCheck = std::chrono::duration<double>(now - m_lastCheck).count();
    m_lastCheck = now;
    if (sinceCheck < kFastCheck)
    {
        m_period = std::min(m_period * 2, m_maxPeriod);
    }
    else if (sinceCheck > kSlowCheck)
    {
        m_period = std::max(m_period / 2, ns3::MicroSeconds(1));
    }
    double wall = std::chrono::duration<double>(now - m_wallStart).count();
    if (wall - m_lastShown >= (m_mode == Mode::InPlace ? kInPlaceEvery : kLinesEvery))
    {
        m_lastShown = wall;
        Show(wall);
    }
    // Only while the run has other events: an empty schedule ends a simulation.
    if (!ns3::Simulator::IsFinished())
    {
        ns3::Simulator::Schedule(m_period, &ProgressDisplay::Check, this);
    }
}

double
ProgressDisplay::Done() const
{
    double now = ns3::Simulator::Now().GetSeconds();
    double fetches = m_survivingFetches == 0
                         ? 1.0
                         : static_cast<double>(m_downloads.survivingOver) /
                               static_cast<double>(m_survivingFetches);
    double planned = m_plan.lastPlanned.IsZero() ? 1.0 : now / m_plan.lastPlanned.GetSeconds();
    double workload = std::min({fetches, planned, 1.0});
    return std::max(workload, std::min(1.0, now / m_limit.GetSeconds()));
}

void
ProgressDisplay::Show(double wall)
{
    const DownloadTally& d = m_downloads;
    double done = Done();
    std::string left = done >= 0.01 && wall >= 1
                           ? "~" + WallDuration(wall * (1 - done) / done) + " left"
                           : "estimating";
    char text[256];
    std::snprintf(text, sizeof text,
                  "sim %.1f s of at most %.0f | downloads %llu/%llu done, %llu failed "
                  "(%llu planned) | wall %s, %s",
                  ns3::Simulator::Now().GetSeconds(), m_limit.GetSeconds(),
                  static_cast<unsigned long long>(d.completed),
                  static_cast<unsigned long long>(d.requested),
                  static_cast<unsigned long long>(d.failed),
                  static_cast<unsigned long long>(m_plan.PlannedFetches()),
                  WallDuration(wall).c_str(), left.c_str());
    if (m_mode == Mode::InPlace)
    {
        std::fprintf(stderr, "\r%s\033[K", text);
        m_shownInPlace = true;
    }
    else
    {
        std::fprintf(stderr, "p2p-scenario: %s\n", text);
    }
    std::fflush(stderr);
}

void
ProgressDisplay::Finish()
{
    if (m_shownInPlace)
    {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
    }
}

} // namespace p2p::scenario
