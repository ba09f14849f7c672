// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/index_metrics.h"

#include <cctype>

namespace p2p::native {

namespace {

using Type = MetricsText::Type;

// A PDU type as a label: the letter, or "none" (empty datagram) and "other" (not a letter), so
// that garbage cannot make up label values.
std::string type_label(char type) {
  if (type == 0) return "none";
  return std::isupper(static_cast<unsigned char>(type)) ? std::string(1, type) : "other";
}

}  // namespace

IndexMetrics::IndexMetrics() {
  text_.declare("p2p_index_requests_total", Type::Counter, "Datagrams handled, by the PDU type they carry.", true);
  text_.declare("p2p_index_replies_total", Type::Counter, "Replies sent, by PDU type (E included).", true);
  text_.declare("p2p_index_error_replies_total", Type::Counter, "E replies sent, by error code.", true);
  text_.declare("p2p_index_reply_cache_hits_total", Type::Counter,
                "Retransmitted requests answered from the reply cache.");
  text_.declare("p2p_index_received_bytes_total", Type::Counter, "Bytes of the datagrams handled.");
  text_.declare("p2p_index_sent_bytes_total", Type::Counter, "Bytes of the replies sent.");
  text_.declare("p2p_index_expired_entries_total", Type::Counter, "Registry entries removed when their lease ran out.");
  text_.declare("p2p_index_rate_limited_requests_total", Type::Counter,
                "Requests dropped unanswered over a host's rate, counted when reported (at most once per host "
                "and report interval).");
  text_.declare("p2p_index_unreachable_addresses_total", Type::Counter,
                "Registered addresses that an address check found accepting no connection (each time one turns "
                "unreachable); their entries are withheld.");
  text_.declare("p2p_index_address_checks_total", Type::Counter,
                "Address checks ended, by result: accepted (a connection was accepted) or refused (refused "
                "or timed out).", true);
  text_.declare("p2p_index_registry_entries", Type::Gauge, "Entries in the registry now.");
  for (const char* type : {"R", "S", "T", "O", "K"}) text_.add("p2p_index_requests_total", {{"type", type}}, 0);
}

void IndexMetrics::on_event(const IndexEvent& ev) {
  switch (ev.kind) {
    case IndexEventKind::Expired:
      text_.add("p2p_index_expired_entries_total");
      return;
    case IndexEventKind::RateLimited:
      text_.add("p2p_index_rate_limited_requests_total", {}, static_cast<double>(ev.dropped));
      return;
    case IndexEventKind::Unreachable:
      text_.add("p2p_index_unreachable_addresses_total");
      return;
    case IndexEventKind::Request:
      break;
  }
  text_.add("p2p_index_requests_total", {{"type", type_label(ev.request_type)}});
  text_.add("p2p_index_received_bytes_total", {}, static_cast<double>(ev.request_bytes));
  if (ev.from_cache) text_.add("p2p_index_reply_cache_hits_total");
  if (ev.reply_type == 0) return;
  text_.add("p2p_index_replies_total", {{"type", type_label(ev.reply_type)}});
  text_.add("p2p_index_sent_bytes_total", {}, static_cast<double>(ev.reply_bytes));
  if (ev.reply_type == 'E' && ev.error)
    text_.add("p2p_index_error_replies_total", {{"code", std::to_string(static_cast<int>(*ev.error))}});
}

void IndexMetrics::on_check(bool accepted) {
  text_.add("p2p_index_address_checks_total", {{"result", accepted ? "accepted" : "refused"}});
}

std::string IndexMetrics::render(const IndexServer& server) {
  text_.set("p2p_index_registry_entries", static_cast<double>(server.registry().size()));
  return text_.render();
}

}  // namespace p2p::native
