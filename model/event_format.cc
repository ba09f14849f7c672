// SPDX-License-Identifier: GPL-2.0-only
#include "event_format.h"

#include "decimal_text.h"

namespace p2p {
namespace {

std::string seconds(Time t) { return fixed_decimal(to_seconds(t), 9); }

std::string life_text(std::optional<std::uint64_t> life) { return life ? std::to_string(*life) : std::string(); }

std::string pdu_text(char pdu) { return pdu == 0 ? std::string() : std::string(1, pdu); }

// The detail column: what an event says beyond its fixed columns.
std::string detail_of(const PeerEvent& ev) {
  std::string d = ev.detail;
  auto add = [&](const std::string& s) { d += (d.empty() ? "" : "; ") + s; };
  switch (ev.kind) {
    case PeerEventKind::PduSent:
    case PeerEventKind::PduReceived:
    case PeerEventKind::Retransmit:
      d = pdu_text(ev.pdu) + (ev.detail.empty() ? "" : " " + ev.detail);
      break;
    case PeerEventKind::DownloadCompleted:
    case PeerEventKind::DownloadFailed: {
      add("duration_s=" + fixed_decimal(to_seconds(ev.duration), 9));
      if (!ev.sources.empty()) {
        std::string list;
        for (const auto& s : ev.sources) list += (list.empty() ? "" : " ") + s.server.str() + ":" + std::to_string(s.bytes);
        add("sources=" + list);
      }
      break;
    }
    case PeerEventKind::ListAnswered: {
      std::string names;
      for (const auto& n : ev.names) names += (names.empty() ? "" : " ") + n.str();
      add("names=" + names);
      break;
    }
    case PeerEventKind::OperationDone:
      add(ev.ok ? "ok" : "failed");
      break;
    default:
      break;
  }
  if (ev.error) add("E " + std::to_string(static_cast<int>(*ev.error)));
  return d;
}

}  // namespace

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string q = "\"";
  for (char c : text) {
    if (c == '"') q += '"';
    q += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return q + "\"";
}

std::string_view events_csv_header() {
  return "time_s,node,peer,event,content,bytes,server,detail,life,op,conn,reply_bytes";
}

std::string to_csv_row(const PeerEvent& ev, std::string_view node, std::string_view peer,
                       std::optional<std::uint64_t> life) {
  std::string row = seconds(ev.time);
  row += ',' + csv_field(node) + ',' + csv_field(peer) + ',' + std::string(to_string(ev.kind)) + ',' +
         csv_field(ev.content.view()) + ',' + std::to_string(ev.bytes) + ',' + csv_field(ev.server.view()) + ',' +
         csv_field(detail_of(ev)) + ',' + life_text(life) + ',' + std::to_string(ev.op) + ',' +
         std::to_string(ev.conn) + ',';
  return row;
}

std::string life_csv_row(double time_s, std::string_view node, std::string_view peer, std::string_view event,
                         std::string_view detail, std::optional<std::uint64_t> life) {
  return fixed_decimal(time_s, 9) + ',' + csv_field(node) + ',' + csv_field(peer) + ',' + std::string(event) + ",,0,," +
         csv_field(detail) + ',' + life_text(life) + ",,,";
}

std::string to_csv_row(const IndexEvent& ev, std::string_view node) {
  if (ev.kind != IndexEventKind::Request) {
    std::string_view name = ev.kind == IndexEventKind::Expired       ? "entry_expired"
                            : ev.kind == IndexEventKind::Unreachable ? "address_unreachable"
                                                                     : "rate_limited";
    return seconds(ev.time) + ',' + csv_field(node) + ',' + csv_field(ev.peer.view()) + ',' + std::string(name) + ',' +
           csv_field(ev.content.view()) + ",0," + csv_field(ev.chosen.view()) + ',' + csv_field(ev.detail) + ",,,,";
  }
  std::string detail = pdu_text(ev.request_type) + "->" + pdu_text(ev.reply_type);
  if (ev.error) detail += " E " + std::to_string(static_cast<int>(*ev.error));
  if (ev.from_cache) detail += " cached";
  if (!ev.detail.empty()) detail += "; " + ev.detail;
  return seconds(ev.time) + ',' + csv_field(node) + ",," + "index_request," + csv_field(ev.content.view()) + ',' +
         std::to_string(ev.request_bytes) + ',' + csv_field(ev.chosen.view()) + ',' + csv_field(detail) + ",,,," +
         std::to_string(ev.reply_bytes);
}

std::string describe(const PeerEvent& ev) {
  std::string s(to_string(ev.kind));
  if (!ev.content.empty()) s += " " + ev.content.str();
  if (!ev.server.empty()) {
    bool serving = ev.kind == PeerEventKind::ServeStarted || ev.kind == PeerEventKind::ServeCompleted ||
                   ev.kind == PeerEventKind::ServeFailed || ev.kind == PeerEventKind::ServeRefused;
    s += (serving ? " to " : " from ") + ev.server.str();
  }
  if (ev.pdu != 0) s += " [" + pdu_text(ev.pdu) + "]";
  if (ev.kind == PeerEventKind::DownloadCompleted) {
    s += ": " + std::to_string(ev.bytes) + " bytes in " + fixed_decimal(to_seconds(ev.duration), 3) + " s";
  } else if (ev.bytes != 0) {
    s += ": " + std::to_string(ev.bytes) + " bytes";
  }
  auto d = detail_of(ev);
  if (!d.empty() && ev.kind != PeerEventKind::PduSent && ev.kind != PeerEventKind::PduReceived) s += " (" + d + ")";
  return s;
}

std::string describe(const IndexEvent& ev) {
  if (ev.kind == IndexEventKind::Expired) return "entry expired: " + ev.peer.str() + "/" + ev.content.str() + " (" + ev.detail + ")";
  if (ev.kind == IndexEventKind::RateLimited) return "rate limited: " + ev.detail;
  if (ev.kind == IndexEventKind::Unreachable) return "address unreachable: " + ev.detail;
  std::string s = ev.from.to_string() + " " + pdu_text(ev.request_type);
  // What arrived, when it could not be read (E 1, 2, 3 from the decoder: no names were taken from it).
  bool unreadable = ev.error && (*ev.error == ErrorCode::Malformed || *ev.error == ErrorCode::UnknownType ||
                                 *ev.error == ErrorCode::BadName) && ev.peer.empty();
  if (unreadable) s += " (" + std::to_string(ev.request_bytes) + "-byte datagram)";
  if (!ev.peer.empty()) s += " " + ev.peer.str();
  if (!ev.content.empty()) s += "/" + ev.content.str();
  s += " -> " + (ev.reply_type ? pdu_text(ev.reply_type) : std::string("no reply"));
  if (ev.error) s += " " + std::to_string(static_cast<int>(*ev.error)) + " (" + std::string(describe(*ev.error)) + ")";
  if (!ev.chosen.empty()) s += " " + ev.chosen.str();
  if (ev.from_cache) s += " (cached)";
  if (!ev.detail.empty() && (!ev.error || unreadable)) s += ": " + ev.detail;
  return s;
}

}  // namespace p2p
