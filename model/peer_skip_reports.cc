// SPDX-License-Identifier: GPL-2.0-only
// Peer engine: skip reports (K). When a download skips a server it tells the index why (busy,
// failed, in use, released), so that the index checks a dead server at once, does not hold a busy
// or used one against it, and keeps offering servers the requester has not tried. A report is a
// hint: it is sent once per server and reason, at a bounded rate, never retried and never waited
// for; an index that answers E 2 (v1) gets no more.
#include <algorithm>

#include "peer_engine_state.h"

namespace p2p {

void PeerEngine::report_skip(Download& d, const Name& server, pdu::SkipReason reason, Time now) {
  if (index_ignores_reports_ || config_.skip_reports_per_second <= 0 || server.empty() || server == config_.name)
    return;
  auto last = d.reported.find(server);
  if (last != d.reported.end() && last->second == reason) return;  // the index knows already
  // A token bucket with a burst of one second's worth.
  const double burst = std::max(1.0, config_.skip_reports_per_second);
  if (report_refilled_ == Time::min()) {
    report_tokens_ = burst;
  } else {
    report_tokens_ = std::min(burst, report_tokens_ + to_seconds(now - report_refilled_) * config_.skip_reports_per_second);
  }
  report_refilled_ = now;
  if (report_tokens_ < 1) return;
  report_tokens_ -= 1;
  d.reported[server] = reason;
  Bytes bytes = encode(UdpRequest{pdu::SkipReport{config_.name, d.content, server, reason}});
  ++reports_sent_;
  PeerEvent ev{.time = now, .kind = PeerEventKind::PduSent, .op = d.op, .pdu = 'K', .content = d.content,
               .server = server, .remote = config_.index, .bytes = bytes.size()};
  ev.detail = std::string(pdu::describe(reason));
  emit(std::move(ev));
  actions_.push_back(action::SendDatagram{config_.index, std::move(bytes)});
}

// An index that reads R, S, T and O never answers them E 2, so an E 2 after a K answers the K:
// the index does not take reports (v1). It is not the answer of the request in flight.
bool PeerEngine::skip_report_answer(const UdpReply& reply, Time now) {
  const auto* e = std::get_if<pdu::Error>(&reply);
  if (e == nullptr || e->code != ErrorCode::UnknownType || reports_sent_ == 0) return false;
  if (!index_ignores_reports_) {
    index_ignores_reports_ = true;
    PeerEvent ev{.time = now, .kind = PeerEventKind::RequestFailed, .pdu = 'K', .remote = config_.index,
                 .error = ErrorCode::UnknownType};
    ev.detail = "the index " + config_.index.to_string() + " does not take skip reports (E 2); none more are sent";
    emit(std::move(ev));
  }
  return true;
}

}  // namespace p2p
