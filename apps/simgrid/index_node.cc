// SPDX-License-Identifier: GPL-2.0-only
#include "apps/simgrid/index_node.h"

namespace p2p::sg {

namespace {
constexpr std::uint64_t kDatagramHeaders = 28;  // IPv4 and UDP
constexpr std::uint64_t kControlBytes = 40;     // a SYN, SYN-ACK or FIN: IP and TCP headers
}

IndexNode::IndexNode(Transport& transport, Endpoint self, const IndexConfig& config, PeerNode::Resolver resolve,
                     EventSink sink)
    : transport_(transport), self_(self), server_(config), resolve_(std::move(resolve)), sink_(std::move(sink)) {}

void IndexNode::on_message(std::unique_ptr<Message> m) {
  // An address check's connection (its id is the check's): accepted, it is closed at once.
  if (m->kind == Message::Kind::Accept || m->kind == Message::Kind::Refuse) {
    const bool accepted = m->kind == Message::Kind::Accept;
    if (accepted) {
      auto fin = std::make_unique<Message>();
      fin->kind = Message::Kind::Fin;
      fin->from = transport_.node();
      fin->source = self_;
      fin->to_conn = m->from_conn;
      fin->to_life = m->from_life;
      transport_.send(m->from, std::move(fin), kControlBytes);
    }
    server_.on_check_result(m->to_conn, accepted, now());
    after_server_call();
    return;
  }
  if (m->kind != Message::Kind::Datagram) return;  // nothing else comes to the index over TCP
  auto answer = server_.on_datagram(m->source, m->bytes, now());
  after_server_call();
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
  after_server_call();
}

void IndexNode::after_server_call() {
  for (auto checks = server_.take_checks(); !checks.empty(); checks = server_.take_checks()) {
    for (const AddressCheck& check : checks) start_check(check);
  }
  for (const auto& ev : server_.take_events()) sink_(ev);
}

// No loss at flow level, so every check is answered (accepted by a host whose peer is up, refused
// otherwise) and the check timeout never runs out; an address of no host is refused at once.
void IndexNode::start_check(const AddressCheck& check) {
  auto to = resolve_(check.address.ip);
  if (!to) {
    server_.on_check_result(check.id, false, now());
    return;
  }
  auto m = std::make_unique<Message>();
  m->kind = Message::Kind::Connect;
  m->from = transport_.node();
  m->source = self_;
  m->from_conn = check.id;
  transport_.send(*to, std::move(m), kControlBytes);
}

}  // namespace p2p::sg
