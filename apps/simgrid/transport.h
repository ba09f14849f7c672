// SPDX-License-Identifier: GPL-2.0-only
// One host's messaging in SimGrid (all of the adapter's use of S4U comms is here): a mailbox that
// receives at once (its actor is the permanent receiver, so transfers start when they are sent),
// and the host's own sends, which sit on its actor's short list rather than on the engine-wide
// list of detached host-to-host comms (whose every completion scans it: quadratic in a crowd).
// A message of one packet (a datagram, a connection's open, accept or close, a D or a lone F) is
// no flow on the path's links: every flow start and end re-solves the max-min sharing of all the
// flows that share a link with it, in a crowd nearly all of them, and such messages are most of
// a download's. It is put from the receiver's own host (a comm on the loopback) and handed over
// after its path's latency and its size at the path's bandwidth, which is what LV08 gives it
// alone on the path (latency factor 1 below a packet); what it would take of a shared link's
// capacity is a packet's worth, and is left out.
#pragma once
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Mailbox.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "apps/simgrid/message.h"
#include "apps/simgrid/time_quantum.h"
#include "model/timing.h"

namespace p2p::sg {

// Simulated seconds since the run began, in the core's clock.
Time now();
double now_seconds();

class Transport {
 public:
  // Called from the host's own actor: that actor receives what is sent to `node`.
  explicit Transport(std::uint32_t node);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  std::uint32_t node() const { return node_; }
  // Wakes on the next multiple of `seconds` (0: when due), so that SimGrid solves the sharing
  // once for all that a quantum starts or ends rather than once per event (time_quantum.h).
  static void set_time_quantum(double seconds) { quantum_ = seconds; }
  // Each node number's host (SimGrid 3.32 finds a host by name by searching every zone): set
  // once, before any actor sends.
  static void set_hosts(std::vector<::simgrid::s4u::Host*> by_node);
  // Sends `message` to host `to`, costing `size` bytes on the links; `done` runs when it arrived.
  void send(std::uint32_t to, std::unique_ptr<Message> message, std::uint64_t size,
            std::function<void()> done = {});
  // Waits until a message arrives (returned), a send completes (its `done` runs; null returned) or
  // simulated time `until` (null; a negative `until` waits without end).
  std::unique_ptr<Message> wait(double until);

 private:
  struct Sending {
    ::simgrid::s4u::CommPtr comm;
    std::function<void()> done;
  };
  struct Due {  // a one-packet message to hand over, or a one-packet send's `done` to run, at `at`
    double at = 0;
    std::uint64_t order = 0;  // ties in the order they were made
    std::unique_ptr<Message> message;
    std::function<void()> done;
  };
  void send_packet(std::uint32_t to, std::unique_ptr<Message> message, std::uint64_t size,
                   std::function<void()> done);
  void add_due(Due due);
  static double quantum_;
  std::uint32_t node_;
  ::simgrid::s4u::Mailbox* mailbox_;
  ::simgrid::s4u::CommPtr receiving_;
  Message* incoming_ = nullptr;
  std::vector<Sending> sending_;
  std::vector<::simgrid::s4u::CommPtr> waiting_;  // reused by wait()
  std::vector<Due> due_;  // by (at, order), earliest first
  std::uint64_t next_order_ = 0;
};

}  // namespace p2p::sg
