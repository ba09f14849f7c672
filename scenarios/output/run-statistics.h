// The headline figures of a run, gathered from the core's events as they happen.
#pragma once
#include "model/index_server.h"
#include "model/peer_events.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace p2p::scenario
{

struct DownloadFigures
{
    uint64_t requested = 0; // downloads started
    uint64_t completed = 0;
    uint64_t failed = 0;                 // given up after every server and retry
    std::vector<double> completionTimes; // s, in completion order
};

class RunStatistics
{
  public:
    // `survives`: the event comes from a peer life that lasts to the end of the run.
    void OnPeerEvent(const std::string& peer, bool survives, const p2p::PeerEvent& event);
    void OnIndexEvent(const p2p::IndexEvent& event);

    const DownloadFigures& Downloads() const { return m_all; }
    const DownloadFigures& SurvivingDownloads() const { return m_surviving; }
    // Uploads completed (serve_completed) per peer that was ever a registered server, zeros
    // included.
    const std::map<std::string, uint64_t>& ServerLoad() const { return m_load; }
    // Jain's fairness index over ServerLoad(): (sum x)^2 / (n sum x^2); NaN when nobody uploaded.
    double JainFairness() const;
    const std::map<char, uint64_t>& BytesByPduType() const { return m_bytesByPdu; }
    uint64_t Retransmissions() const { return m_retransmissions; }
    uint64_t FailedAttempts() const { return m_failedAttempts; }

  private:
    DownloadFigures m_all;
    DownloadFigures m_surviving;
    std::map<std::string, uint64_t> m_load;
    std::map<char, uint64_t> m_bytesByPdu;
    uint64_t m_retransmissions = 0;
    uint64_t m_failedAttempts = 0;
};

// Linear interpolation between the closest ranks (numpy's default); NaN for no values.
double Percentile(std::vector<double> values, double q);
double Mean(const std::vector<double>& values);

} // namespace p2p::scenario
