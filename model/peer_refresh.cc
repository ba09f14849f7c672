// SPDX-License-Identifier: GPL-2.0-only
// Peer engine: soft state. A registration with a lease is repeated at about half the lease
// (seeded jitter), so an index that restarted empty is repopulated within one refresh and a peer
// that crashed vanishes within one lease. A registration that got no answer at all (the index is
// down, or not up yet) is tried again with backoff until it is answered or withdrawn.
#include "decimal_text.h"

#include "peer_engine_state.h"

namespace p2p {

void PeerEngine::schedule_refresh(const Name& content, std::optional<std::uint32_t> lease, Time now) {
  retry_at_.erase(content);
  if (!lease || *lease == 0) {  // no lease (a v1 index, or leases off): nothing to renew
    refresh_at_.erase(content);
    return;
  }
  double scale = 1.0 + config_.refresh_jitter * (2.0 * rng_.uniform01() - 1.0);
  auto half = std::chrono::duration<double>(*lease / 2.0 * scale);
  refresh_at_[content] = now + std::chrono::duration_cast<Duration>(half);
}

void PeerEngine::schedule_retry(const Name& content, Time now) {
  if (config_.registration_retry <= Duration::zero() || config_.registration_retry_max <= Duration::zero()) return;
  refresh_at_.erase(content);
  RetryState& r = retry_at_[content];
  Duration wait = config_.registration_retry;
  for (int i = 0; i < r.attempt && wait < config_.registration_retry_max; ++i) wait *= 2;
  wait = std::min(wait, config_.registration_retry_max);
  ++r.attempt;
  r.at = now + wait;
}

std::string PeerEngine::retry_note(const Name& content, Time now) const {
  auto it = retry_at_.find(content);
  if (it == retry_at_.end()) return {};
  return "; trying again in " + fixed_decimal(to_seconds(it->second.at - now), 1) + " s";
}

void PeerEngine::forget_soft_state(const Name& content) {
  refresh_at_.erase(content);
  retry_at_.erase(content);
}

void PeerEngine::check_refresh_timers(Time now) {
  std::vector<Name> due;
  for (const auto& [content, at] : refresh_at_)
    if (at <= now) due.push_back(content);
  for (const auto& [content, r] : retry_at_)
    if (r.at <= now) due.push_back(content);
  for (const Name& content : due) {
    refresh_at_.erase(content);
    if (auto r = retry_at_.find(content); r != retry_at_.end()) r->second.at = Time::max();  // keeps its attempt count
    bool queued = std::any_of(requests_.begin(), requests_.end(), [&](const UdpRequestState& q) {
      return q.content == content && (q.purpose == Purpose::Register || q.purpose == Purpose::DownloadRegister ||
                                      q.purpose == Purpose::Refresh || q.purpose == Purpose::Deregister);
    });
    if (queued) continue;
    UdpRequestState r;
    r.purpose = Purpose::Refresh;
    r.content = content;
    enqueue(std::move(r), now);
  }
}

}  // namespace p2p
