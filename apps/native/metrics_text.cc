// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/metrics_text.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace p2p::native {

namespace {

// Label values escape backslash, double quote and newline; HELP text backslash and newline.
std::string escaped(const std::string& text, bool quote) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '"' && quote) out += "\\\"";
    else out += c;
  }
  return out;
}

std::string label_set(const MetricLabels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (const auto& [name, value] : labels) {
    if (out.size() > 1) out += ',';
    out += name + "=\"" + escaped(value, true) + "\"";
  }
  return out + "}";
}

std::string number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

}  // namespace

void MetricsText::declare(const std::string& name, Type type, std::string help, bool labelled) {
  if (families_.count(name)) throw std::logic_error("metric declared twice: " + name);
  order_.push_back(name);
  Family& f = families_[name];
  f.type = type;
  f.help = std::move(help);
  if (!labelled) f.samples[""] = 0;
}

MetricsText::Family& MetricsText::family(const std::string& name) {
  auto it = families_.find(name);
  if (it == families_.end()) throw std::logic_error("metric not declared: " + name);
  return it->second;
}

void MetricsText::add(const std::string& name, const MetricLabels& labels, double delta) {
  family(name).samples[label_set(labels)] += delta;
}

void MetricsText::set(const std::string& name, const MetricLabels& labels, double value) {
  family(name).samples[label_set(labels)] = value;
}

std::string MetricsText::render() const {
  std::string out;
  for (const std::string& name : order_) {
    const Family& f = families_.at(name);
    out += "# HELP " + name + " " + escaped(f.help, false) + "\n";
    out += "# TYPE " + name + (f.type == Type::Counter ? " counter\n" : " gauge\n");
    for (const auto& [labels, value] : f.samples) out += name + labels + " " + number(value) + "\n";
  }
  return out;
}

}  // namespace p2p::native
