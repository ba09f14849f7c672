// SPDX-License-Identifier: GPL-2.0-only
// What p2p-index counts for Prometheus, fed from the index server's events (IndexEvent) and its
// registry's size: the metric names and their meaning are listed in apps/native/README.md.
#pragma once
#include <string>

#include "apps/native/metrics_text.h"
#include "model/index_server.h"

namespace p2p::native {

class IndexMetrics {
 public:
  IndexMetrics();
  void on_event(const IndexEvent& ev);
  void on_check(bool accepted);  // an address check ended
  // The text of one scrape; the registry's size is read now.
  std::string render(const IndexServer& server);

 private:
  MetricsText text_;
};

}  // namespace p2p::native
