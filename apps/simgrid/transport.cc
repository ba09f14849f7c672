// SPDX-License-Identifier: GPL-2.0-only
#include "apps/simgrid/transport.h"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace p2p::sg {

namespace s4u = ::simgrid::s4u;

namespace {
s4u::Mailbox* mailbox_of(std::uint32_t node) { return s4u::Mailbox::by_name("n" + std::to_string(node)); }
}  // namespace

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
  s4u::CommPtr comm = mailbox_of(to)->put_async(message.release(), std::max<std::uint64_t>(size, 1));
  sending_.push_back({std::move(comm), std::move(done)});
}

std::unique_ptr<Message> Transport::wait(double until) {
  if (!receiving_) receiving_ = mailbox_->get_async<Message>(&incoming_);
  waiting_.clear();
  waiting_.push_back(receiving_);
  for (const auto& s : sending_) waiting_.push_back(s.comm);
  const double timeout = until < 0 ? -1.0 : std::max(0.0, until - now_seconds());
  const ssize_t which = s4u::Comm::wait_any_for(waiting_, timeout);
  waiting_.clear();
  if (which < 0) return nullptr;
  if (which == 0) {
    receiving_ = nullptr;
    std::unique_ptr<Message> message(incoming_);
    incoming_ = nullptr;
    return message;
  }
  auto done = std::move(sending_[static_cast<std::size_t>(which) - 1].done);
  sending_.erase(sending_.begin() + (which - 1));
  if (done) done();
  return nullptr;
}

}  // namespace p2p::sg
