// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/event_words.h"

#include <cstdio>

namespace p2p::native {
namespace {

std::string seconds_text(Duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", to_seconds(d));
  return buf;
}

std::string error_text(const PeerEvent& ev) {
  if (!ev.error) return {};
  return "E " + std::to_string(static_cast<int>(*ev.error)) + " (" + std::string(describe(*ev.error)) + ")";
}

// "S1:102596608 S2:97403392": the bytes each server sent, in the order first used.
std::string sources_text(const PeerEvent& ev) {
  std::string list;
  for (const auto& s : ev.sources) list += (list.empty() ? "" : " ") + s.server.str() + ":" + std::to_string(s.bytes);
  return list;
}

// What a request to the index was for, from its PDU type.
std::string request_text(const PeerEvent& ev) {
  const std::string c = ev.content.empty() ? std::string() : " " + ev.content.str();
  switch (ev.pdu) {
    case 'R': return "registering" + c;
    case 'T': return "withdrawing" + c;
    case 'S': return "searching for" + c;
    case 'O': return "listing the content online";
    case 'K': return "reporting a skipped server of" + c;
    default: return std::string("request ") + (ev.pdu ? std::string(1, ev.pdu) : std::string("?")) + c;
  }
}

// The request itself, as a noun: "the registration of song".
std::string request_noun(const PeerEvent& ev) {
  const std::string c = ev.content.empty() ? std::string() : " of " + ev.content.str();
  switch (ev.pdu) {
    case 'R': return "the registration" + c;
    case 'T': return "the withdrawal" + c;
    case 'S': return "the search" + (ev.content.empty() ? std::string() : " for " + ev.content.str());
    case 'O': return "the listing request";
    case 'K': return "the skip report" + (ev.content.empty() ? std::string() : " for " + ev.content.str());
    default: return std::string("the ") + (ev.pdu ? std::string(1, ev.pdu) : std::string("?")) + " request" + c;
  }
}

std::string with_detail(std::string s, const std::string& detail) {
  if (!detail.empty()) s += ": " + detail;
  return s;
}

}  // namespace

std::string event_words(const PeerEvent& ev) {
  const std::string content = ev.content.str();
  const std::string server = ev.server.str();
  const std::string pdu = ev.pdu ? std::string(1, ev.pdu) : std::string("?");
  const std::string bytes = std::to_string(ev.bytes) + " bytes";
  switch (ev.kind) {
    case PeerEventKind::PduSent:
      return "sent " + pdu + (content.empty() ? "" : " " + content) + " (" + bytes + ") to " + ev.remote.to_string();
    case PeerEventKind::PduReceived:
      return with_detail("received " + pdu + " (" + bytes + ") from " + ev.remote.to_string(), ev.detail);
    case PeerEventKind::Retransmit:
      return (ev.error ? "no usable answer from the index yet: sending " : "no answer from the index yet: sending ") +
             request_noun(ev) + " again (" + ev.detail + ")";
    case PeerEventKind::Registered:
      return "registered " + content + (ev.detail.empty() ? "" : " (" + ev.detail + ")");
    case PeerEventKind::Refreshed:
      return "renewed the registration of " + content + (ev.detail.empty() ? "" : " (" + ev.detail + ")");
    case PeerEventKind::Deregistered:
      return "withdrew " + content + " from the index";
    case PeerEventKind::RequestFailed: {
      std::string what = request_text(ev);
      // A renewal says what it was itself ("registering song again: no answer ...").
      if (ev.detail.rfind(what, 0) == 0) return ev.detail;
      return what + " failed: " + (ev.detail.empty() ? error_text(ev) : ev.detail);
    }
    case PeerEventKind::SearchAnswered:
      return "the index offers " + content + " at " + server + " (" + ev.remote.to_string() + ")";
    case PeerEventKind::ListAnswered: {
      std::string names;
      for (const auto& n : ev.names) names += " " + n.str();
      return "the index lists " + std::to_string(ev.names.size()) + " content" + (names.empty() ? "" : ":" + names);
    }
    case PeerEventKind::DownloadStarted:
      return "downloading " + content;
    case PeerEventKind::DownloadAttemptFailed:
      return with_detail("downloading " + content + " from " + (server.empty() ? "a server" : server) + " failed",
                         ev.detail);
    case PeerEventKind::ServerBusy:
      return server + " is busy (E 11) for " + content + ": another server is asked this round";
    case PeerEventKind::RoundStarted:
      return "every server of " + content + " was busy: starting " + ev.detail;
    case PeerEventKind::DownloadResumed:
      return "resuming " + content + " from " + server + " at byte " + std::to_string(ev.bytes);
    case PeerEventKind::SourceAdded:
      return "fetching " + content + " from " + server + " (" + ev.remote.to_string() + ")";
    case PeerEventKind::DownloadCompleted: {
      std::string s = "downloaded " + content + " from " + server + ": " + bytes + " in " + seconds_text(ev.duration) +
                      ", sha256 verified";
      if (!ev.sources.empty()) s += " (sources " + sources_text(ev) + ")";
      return s;
    }
    case PeerEventKind::DownloadFailed: {
      std::string s = with_detail("downloading " + content + " failed", ev.detail);
      if (!ev.sources.empty()) s += " (after " + seconds_text(ev.duration) + "; received " + sources_text(ev) + ")";
      return s;
    }
    case PeerEventKind::ServeStarted: {
      std::string s = "serving " + content + " to " + server + ": " + bytes;
      if (ev.detail.rfind("offset=", 0) == 0 && ev.detail != "offset=0") s += " from byte " + ev.detail.substr(7);
      return s + " (" + ev.remote.to_string() + ")";
    }
    case PeerEventKind::ServeCompleted:
      return "served " + content + " to " + server + ": " + bytes;
    case PeerEventKind::ServeFailed:
      return with_detail("serving " + content + " to " + server + " failed after " + bytes, ev.detail);
    case PeerEventKind::ServeRefused: {
      std::string whom = content.empty() ? "a connection from " + ev.remote.to_string()
                                         : content + " to " + server + " (" + ev.remote.to_string() + ")";
      return with_detail("refused " + whom + " with " + error_text(ev), ev.detail);
    }
    case PeerEventKind::QuitCompleted:
      return ev.ok ? "quit: every registration withdrawn" : with_detail("quit: not every registration withdrawn", ev.detail);
    case PeerEventKind::OperationDone:
      return with_detail("operation " + std::to_string(ev.op) + (ev.ok ? " succeeded" : " failed"), ev.detail);
  }
  return std::string(to_string(ev.kind));
}

}  // namespace p2p::native
