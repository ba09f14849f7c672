// SPDX-License-Identifier: GPL-2.0-only
#include "apps/simgrid/index_node.h"

namespace p2p::sg {

namespace {
constexpr std::uint64_t kDatagramHeaders = 28;  // IPv4 and UDP
}

IndexNode::IndexNode(Transport& transport, Endpoint self, const IndexConfig& config, PeerNode::Resolver resolve,
                     EventSink sink)
    : transport_(transport), self_(self), server_(config), resolve_(std::move(resolve)), sink_(std::move(sink)) {}

void IndexNode::on_message(std::unique_ptr<Message> m) {
  if (m->kind != Message::Kind::Datagram) return;  // nothing listens for TCP here
  auto answer = server_.on_datagram(m->source, m->bytes, now());
  report();
  if (!answer) return;
  auto to = resolve_(m->source.ip);
  if (!to) return;
  auto out = std::make_unique<Message>();
  out->kind = Message::Kind::Datagram;
  out->from = transport_.node();
  out->source = self_;
  out->bytes = std::move(*answer);
  const std::uint64_t size = out->bytes.size() + kDatagramHeaders;
  transport_.send(*to, std::move(out), size);
}

std::optional<double> IndexNode::next_deadline() {
  auto deadline = server_.next_deadline();
  if (!deadline) return std::nullopt;
  return to_seconds(*deadline);
}

void IndexNode::on_timer() {
  server_.on_timer(now());
  report();
}

void IndexNode::report() {
  for (const auto& ev : server_.take_events()) sink_(ev);
}

}  // namespace p2p::sg
