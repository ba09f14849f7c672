// SPDX-License-Identifier: GPL-2.0-only
// What p2p-peer counts for Prometheus, fed from the peer engine's events (PeerEvent) and its
// upload slots in use: the metric names and their meaning are listed in apps/native/README.md.
#pragma once
#include <string>

#include "apps/native/metrics_text.h"
#include "model/peer_engine.h"

namespace p2p::native {

class PeerMetrics {
 public:
  PeerMetrics();
  void on_event(const PeerEvent& ev);
  // The text of one scrape; the upload slots in use are read now.
  std::string render(const PeerEngine& engine);

 private:
  MetricsText text_;
};

}  // namespace p2p::native
