// SPDX-License-Identifier: GPL-2.0-only
// libFuzzer target: an IndexServer fed a sequence of datagrams from a few sources.
// Input: a config byte (policy, trusted addresses, registry size, cache size), then records of
// [source in the low 2 bits, seconds to let pass in the rest][length][datagram].
// Every answer must be a valid reply of the kind the request calls for, E and empty datagrams are
// never answered, and the registry never grows past its limit.
#include <algorithm>
#include <chrono>
#include <cstdint>

#include "model/event_format.h"
#include "model/index_server.h"
#include "script.h"

namespace {

using namespace p2p;
using fuzz::check;

IndexConfig config_from(std::uint8_t b) {
  IndexConfig c;
  c.policy = static_cast<SelectionPolicy>(b & 3);
  c.trust_addresses = (b & 4) != 0;
  c.max_entries = 1 + ((b >> 3) & 7) * 2u;
  c.reply_cache_capacity = (b & 0x40) != 0 ? 2 : 65536;  // a tiny cache exercises eviction
  c.seed = b;
  return c;
}

void check_answer(const UdpRequest& request, const UdpReply& reply) {
  if (std::holds_alternative<pdu::Error>(reply)) return;
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, pdu::Register> || std::is_same_v<T, pdu::Deregister>) {
          const auto* a = std::get_if<pdu::Ack>(&reply);
          check(a != nullptr, "R or T answered with something other than A or E");
          check(a->peer == m.peer && a->content == m.content, "A names something other than the request");
        } else if constexpr (std::is_same_v<T, pdu::SearchRequest>) {
          const auto* s = std::get_if<pdu::SearchAnswer>(&reply);
          check(s != nullptr, "S answered with something other than S or E");
          check(s->content == m.content, "S answer for another content");
          check(std::find(m.exclude.begin(), m.exclude.end(), s->peer) == m.exclude.end(),
                "S answer names an excluded peer");
        } else if constexpr (std::is_same_v<T, pdu::SkipReport>) {
          check(false, "a K the index can read was answered");
        } else {
          const auto* o = std::get_if<pdu::ListAnswer>(&reply);
          check(o != nullptr, "O answered with something other than O or E");
          check(o->names.size() <= kNamesPerListPage, "O answer with more than 9 names");
          check(std::adjacent_find(o->names.begin(), o->names.end(), std::greater_equal<>()) == o->names.end(),
                "O answer names are not strictly ascending");
          check(o->next_cursor == 0 || o->next_cursor == m.cursor + 1, "O answer's next cursor is not the next page");
        }
      },
      request);
}

void check_exchange(ByteView datagram, const std::optional<Bytes>& reply) {
  auto request = decode_request(datagram);
  // A K the index can read is never answered (docs/protocol-decisions.md, "Skip reports (K)").
  const bool report = request.ok() && std::holds_alternative<pdu::SkipReport>(*request);
  bool must_answer = !datagram.empty() && datagram[0] != 'E' && !report;
  check(reply.has_value() == must_answer, "answered an E, an empty datagram or a K, or left a request unanswered");
  if (!reply) return;
  auto decoded = decode_reply(*reply);
  check(decoded.ok(), "the index sent a reply that does not decode");
  check(encode(*decoded) == *reply, "the index's reply is not in its one canonical spelling");
  if (!request) {
    const auto* e = std::get_if<pdu::Error>(&*decoded);
    check(e != nullptr && e->code == request.error().code, "a bad request is not answered with its decode error");
    return;
  }
  check_answer(*request, *decoded);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::ScriptReader in(data, size);
  IndexServer index(config_from(in.byte()));
  Time now{};
  const auto& sources = fuzz::index_sources();
  while (!in.done()) {
    std::uint8_t control = in.byte();
    const Endpoint& from = sources[control & 3];
    now += std::chrono::seconds(control >> 2);  // up to 63 s: past the reply cache's lifetime
    ByteView datagram = in.counted();
    auto reply = index.on_datagram(from, datagram, now);
    for (const IndexEvent& ev : index.take_events()) {
      (void)describe(ev);
      (void)to_csv_row(ev, "index");
    }
    check_exchange(datagram, reply);
    check(index.registry().size() <= index.config().max_entries, "the registry grew past its limit");
  }
  return 0;
}
