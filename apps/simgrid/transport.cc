// SPDX-License-Identifier: GPL-2.0-only
#include "apps/simgrid/transport.h"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace p2p::sg {

namespace s4u = ::simgrid::s4u;

namespace {
constexpr std::uint64_t kOnePacket = 1500;  // bytes: the links' MTU (as the latency calibration)
constexpr double kOnTime = 1e-9;            // the core's clock is in nanoseconds

s4u::Mailbox* mailbox_of(std::uint32_t node) {
  static std::vector<s4u::Mailbox*> boxes;  // a name is made and hashed once per node
  if (node >= boxes.size()) boxes.resize(node + 1, nullptr);
  if (boxes[node] == nullptr) boxes[node] = s4u::Mailbox::by_name("n" + std::to_string(node));
  return boxes[node];
}
std::vector<s4u::Host*>& host_table() {
  static std::vector<s4u::Host*> hosts;
  return hosts;
}
s4u::Host* host_of(std::uint32_t node) {
  const auto& hosts = host_table();
  if (node >= hosts.size() || hosts[node] == nullptr)
    throw std::out_of_range("no host for node " + std::to_string(node));
  return hosts[node];
}

// What LV08 gives one packet alone on the path from `from` to `to`: latency, then its size at
// the narrowest link (bandwidth factor 0.97, as the calibration).
double packet_time(const s4u::Host* from, const s4u::Host* to, std::uint64_t size) {
  std::vector<s4u::Link*> links;
  double latency = 0;
  from->route_to(to, links, &latency);
  double bandwidth = 0;
  for (const s4u::Link* l : links)
    if (bandwidth == 0 || l->get_bandwidth() < bandwidth) bandwidth = l->get_bandwidth();
  return latency + (bandwidth > 0 ? static_cast<double>(size) / (0.97 * bandwidth) : 0.0);
}
}  // namespace

double Transport::quantum_ = 0;

void Transport::set_hosts(std::vector<s4u::Host*> by_node) { host_table() = std::move(by_node); }

double now_seconds() { return s4u::Engine::get_clock(); }

Time now() { return Time(static_cast<Time::rep>(std::llround(now_seconds() * 1e9))); }

Transport::Transport(std::uint32_t node) : node_(node), mailbox_(mailbox_of(node)) {
  mailbox_->set_receiver(s4u::Actor::self());
}

Transport::~Transport() {
  // The actor may be killed at the end of the run: the comms die with it.
  delete incoming_;
}

void Transport::send(std::uint32_t to, std::unique_ptr<Message> message, std::uint64_t size,
                     std::function<void()> done) {
  if (size < kOnePacket && to != node_) return send_packet(to, std::move(message), size, std::move(done));
  s4u::CommPtr comm = mailbox_of(to)->put_async(message.release(), std::max<std::uint64_t>(size, 1));
  sending_.push_back({std::move(comm), std::move(done)});
}

void Transport::send_packet(std::uint32_t to, std::unique_ptr<Message> message, std::uint64_t size,
                            std::function<void()> done) {
  s4u::Host* self = s4u::this_actor::get_host();
  s4u::Host* there = host_of(to);
  const double at = now_seconds() + packet_time(self, there, size);
  message->due = at;
  // Put from the receiver's host: the comm takes the loopback, not the path's links.
  s4u::this_actor::set_host(there);
  s4u::CommPtr comm = mailbox_of(to)->put_async(message.release(), 1);
  s4u::this_actor::set_host(self);
  sending_.push_back({std::move(comm), {}});
  if (done) add_due(Due{at, 0, nullptr, std::move(done)});
}

void Transport::add_due(Due due) {
  due.order = next_order_++;
  auto later = std::upper_bound(due_.begin(), due_.end(), due, [](const Due& a, const Due& b) {
    return a.at < b.at || (a.at == b.at && a.order < b.order);
  });
  due_.insert(later, std::move(due));
}

std::unique_ptr<Message> Transport::wait(double until) {
  for (;;) {
    if (!due_.empty() && due_.front().at <= now_seconds() + kOnTime) {
      Due due = std::move(due_.front());
      due_.erase(due_.begin());
      if (due.message) return std::move(due.message);
      due.done();
      return nullptr;
    }
    if (!receiving_) receiving_ = mailbox_->get_async<Message>(&incoming_);
    waiting_.clear();
    waiting_.push_back(receiving_);
    for (const auto& s : sending_) waiting_.push_back(s.comm);
    double wake = until;
    if (!due_.empty() && (wake < 0 || due_.front().at < wake)) wake = due_.front().at;
    if (wake >= 0) wake = quantized(wake, quantum_);
    const double timeout = wake < 0 ? -1.0 : std::max(0.0, wake - now_seconds());
    const ssize_t which = s4u::Comm::wait_any_for(waiting_, timeout);
    waiting_.clear();
    if (which < 0) {
      if (!due_.empty() && due_.front().at <= now_seconds() + kOnTime) continue;
      return nullptr;
    }
    if (which == 0) {
      receiving_ = nullptr;
      std::unique_ptr<Message> message(incoming_);
      incoming_ = nullptr;
      if (message->due > now_seconds() + kOnTime) {  // a packet on its way: handed over when due
        const double at = message->due;
        add_due(Due{at, 0, std::move(message), {}});
        continue;
      }
      return message;
    }
    auto done = std::move(sending_[static_cast<std::size_t>(which) - 1].done);
    sending_.erase(sending_.begin() + (which - 1));
    if (done) done();
    return nullptr;
  }
}

}  // namespace p2p::sg
