// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/peer_command.h"

#include <boost/asio/post.hpp>
#include <csignal>
#include <cstdio>

#include "apps/native/exit_codes.h"

namespace p2p::native {

namespace asio = boost::asio;

namespace {

const char* signal_name(int signal) {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "a signal";
  }
}

}  // namespace

// SIGHUP (the terminal closed, or a supervisor's "stop") stops the peer as SIGTERM does: it
// de-registers first. There is no configuration to reload.
PeerCommand::PeerCommand(PeerSession& session) : s_(session), signals_(session.io(), SIGINT, SIGTERM, SIGHUP) {
  s_.host().add_listener([this](const PeerEvent& ev) {
    if (ev.kind == PeerEventKind::DownloadCompleted) completed_[ev.op] = ev;
    if (ev.kind == PeerEventKind::ListAnswered) listings_[ev.op] = ev.names;
    if (ev.kind == PeerEventKind::RequestFailed && ev.pdu == 'R' && !ev.content.empty()) {
      if (ev.error) unanswered_.erase(ev.content);  // an E is final
      else unanswered_.insert(ev.content);
    }
    if (ev.kind == PeerEventKind::Registered && unanswered_.erase(ev.content) && !quitting_)
      s_.log().info(ev.content.str() + " is registered now: the index " + s_.options().engine.index.to_string() +
                    " answered");
  });
}

int PeerCommand::run() {
  const auto& o = s_.options();
  std::vector<Name> names = o.names;
  if (o.command == "serve") {
    names = s_.store().list();
    if (names.empty()) s_.log().warn("nothing to share in " + s_.store().share().string());
  }
  s_.log().info("peer " + o.engine.name.str() + " serving on tcp " + s_.host().listening().to_string() + ", index " +
                o.engine.index.to_string());
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (!ec) on_signal(signal);
  });
  asio::post(s_.io(), [this, names] { start(names); });
  s_.io().run();
  return status_;
}

void PeerCommand::start(const std::vector<Name>& names) {
  const std::string& command = s_.options().command;
  auto done = [this](const PeerEvent& ev) { operation_done(ev); };
  if (command == "list") {
    pending_ = 1;
    s_.host().run([](PeerEngine& e, Time now) { return e.list_online(now); }, done);
    return;
  }
  pending_ = names.size();
  if (pending_ == 0) return all_done();
  for (const Name& n : names) {
    if (command == "register" || command == "serve")
      s_.host().run([n](PeerEngine& e, Time now) { return e.register_content(n, now); }, done);
    else if (command == "deregister")
      s_.host().run([n](PeerEngine& e, Time now) { return e.deregister_content(n, now); }, done);
    else
      s_.host().run([n](PeerEngine& e, Time now) { return e.download(n, now); }, done);
  }
}

void PeerCommand::operation_done(const PeerEvent& ev) {
  if (quitting_) return;
  report(ev);
  const std::string& command = s_.options().command;
  bool serving = command == "serve" || (command == "get" && s_.options().keep_serving);
  if (ev.ok) ++succeeded_;
  else if (serving && unanswered_.count(ev.content)) ++waiting_;  // registered later, when the index answers
  else failed_ = true;
  if (--pending_ == 0) all_done();
}

// Results go to stdout for scripts; failures to stderr through the log.
void PeerCommand::report(const PeerEvent& done) {
  const std::string& command = s_.options().command;
  const std::string what = done.content.empty() ? command : command + " " + done.content.str();
  if (!done.ok) {
    // A registration the index did not answer is tried again while this peer serves: said once
    // by the core's warning and once in all_done(), it is not an error.
    bool serving = command == "serve" || (command == "get" && s_.options().keep_serving);
    if (serving && unanswered_.count(done.content)) return;
    std::string file_error = done.local_failure ? s_.take_file_error() : std::string();
    s_.log().error(what + " failed: " + done.detail + (file_error.empty() ? "" : " (" + file_error + ")"));
    return;
  }
  if (command == "list") {
    for (const Name& n : listings_[done.op]) std::printf("%s\n", n.str().c_str());
  } else if (command == "get") {
    auto it = completed_.find(done.op);
    if (it != completed_.end()) {
      const PeerEvent& c = it->second;
      double seconds = to_seconds(c.duration);
      auto rate = seconds > 0 ? static_cast<std::uint64_t>(static_cast<double>(c.bytes) / seconds) : 0;
      // Which servers sent how much: with resumes and several sources, what moved can exceed the size.
      std::string sources = describe_sources(c.sources, true);
      std::uint64_t received = bytes_received(c.sources);
      if (received != c.bytes || c.sources.size() > 1)
        sources += " (" + std::to_string(received) + " bytes received in all)";
      std::printf("%s: %s in %.3f s, %s/s, sha256 verified; from %s\n", c.content.str().c_str(),
                  human_bytes(c.bytes).c_str(), seconds, human_bytes(rate).c_str(),
                  sources.empty() ? c.server.str().c_str() : sources.c_str());
    }
    if (!done.detail.empty()) s_.log().warn(what + ": " + done.detail);
  } else if (command != "serve") {
    std::printf("%s: ok\n", what.c_str());
  }
  std::fflush(stdout);
}

void PeerCommand::all_done() {
  const std::string& command = s_.options().command;
  if (command == "serve" || (command == "get" && s_.options().keep_serving)) {
    // Serving goes on with whatever registered; it gives up only when nothing could be, and
    // nothing waits for an index that is not up yet.
    if (failed_ && succeeded_ == 0 && waiting_ == 0) return stop(s_.failure_status());
    if (waiting_ > 0)
      s_.log().warn("the index " + s_.options().engine.index.to_string() + " does not answer: serving anyway; " +
                    std::to_string(unanswered_.size()) + " content will be registered as soon as it does " +
                    "(tried again after 5 s, then every 10, 20, 40, 60 s)");
    return serve_until_signal();
  }
  // A get that exits withdraws its registrations: the index would send downloaders to it.
  if (command == "get" && !s_.host().engine().registered().empty()) return quit("downloads done");
  stop(failed_ ? s_.failure_status() : exit_code::kOk);
}

void PeerCommand::serve_until_signal() {
  s_.log().info("serving " + std::to_string(s_.host().engine().registered().size()) + " registered content on tcp " +
                s_.host().listening().to_string() + "; SIGINT, SIGTERM or SIGHUP de-registers and stops");
}

void PeerCommand::on_signal(int signal) {
  if (quitting_) {
    s_.log().warn("signal during de-registration: stopping without de-registering");
    status_ = exit_code::kInterrupted;
    s_.io().stop();
    return;
  }
  // A second signal cuts the de-registration short.
  signals_.async_wait([this](const boost::system::error_code& ec, int again) {
    if (!ec) on_signal(again);
  });
  quit(std::string("stopping on ") + signal_name(signal));
}

// De-registers everything this peer registered, then stops; the status also tells earlier failures.
void PeerCommand::quit(const std::string& why) {
  quitting_ = true;
  s_.log().info(why + ": de-registering " + std::to_string(s_.host().engine().registered().size()) + " content");
  bool interrupted_work = pending_ > 0;
  s_.host().run([](PeerEngine& e, Time now) { return e.quit(now); }, [this, interrupted_work](const PeerEvent& ev) {
    if (!ev.ok) s_.log().error("de-registration failed: " + ev.detail);
    if (!unanswered_.empty())
      s_.log().warn(std::to_string(unanswered_.size()) + " content never got registered: the index " +
                    s_.options().engine.index.to_string() + " did not answer");
    bool ok = ev.ok && !interrupted_work && !failed_ && unanswered_.empty();
    stop(ok ? exit_code::kOk : unanswered_.empty() ? s_.failure_status() : exit_code::kIndexUnreachable);
  });
}

void PeerCommand::stop(int status) {
  status_ = status;
  signals_.cancel();
  s_.close();
}

}  // namespace p2p::native
