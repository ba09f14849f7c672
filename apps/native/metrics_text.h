// SPDX-License-Identifier: GPL-2.0-only
// Counters and gauges kept by a daemon and written in the Prometheus text exposition format
// (version 0.0.4): one "# HELP" and one "# TYPE" line per family, then one line per label set.
// It knows nothing of the protocol: index_metrics and peer_metrics decide what is counted.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace p2p::native {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class MetricsText {
 public:
  enum class Type { Counter, Gauge };

  // Declares a family. A family without labels starts with one sample at 0, so that a counter
  // exists before its first event; a labelled one shows its label sets as they are first used.
  void declare(const std::string& name, Type type, std::string help, bool labelled = false);
  void add(const std::string& name, const MetricLabels& labels = {}, double delta = 1);
  void set(const std::string& name, const MetricLabels& labels, double value);
  void set(const std::string& name, double value) { set(name, {}, value); }

  std::string render() const;

 private:
  struct Family {
    Type type = Type::Counter;
    std::string help;
    std::map<std::string, double> samples;  // by rendered label set: "" or {a="b",c="d"}
  };
  Family& family(const std::string& name);

  std::vector<std::string> order_;  // families in the order declared
  std::map<std::string, Family> families_;
};

}  // namespace p2p::native
