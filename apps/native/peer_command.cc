#include "apps/native/peer_command.h"

#include <boost/asio/post.hpp>
#include <csignal>
#include <cstdio>

#include "apps/native/exit_codes.h"

namespace p2p::native {

namespace asio = boost::asio;

PeerCommand::PeerCommand(PeerSession& session) : s_(session), signals_(session.io(), SIGINT, SIGTERM) {
  s_.host().add_listener([this](const PeerEvent& ev) {
    if (ev.kind == PeerEventKind::DownloadCompleted) completed_[ev.op] = ev;
    if (ev.kind == PeerEventKind::ListAnswered) listings_[ev.op] = ev.names;
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
  if (ev.ok) ++succeeded_;
  else failed_ = true;
  if (--pending_ == 0) all_done();
}

// Results go to stdout for scripts; failures to stderr through the log.
void PeerCommand::report(const PeerEvent& done) {
  const std::string& command = s_.options().command;
  const std::string what = done.content.empty() ? command : command + " " + done.content.str();
  if (!done.ok) {
    s_.log().error(what + " failed: " + done.detail);
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
    // Serving goes on with whatever registered; it gives up only when nothing could be.
    if (failed_ && succeeded_ == 0) return stop(s_.failure_status());
    return serve_until_signal();
  }
  // A get that exits withdraws its registrations: the index would send downloaders to it.
  if (command == "get" && !s_.host().engine().registered().empty()) return quit("downloads done");
  stop(failed_ ? s_.failure_status() : exit_code::kOk);
}

void PeerCommand::serve_until_signal() {
  s_.log().info("serving " + std::to_string(s_.host().engine().registered().size()) + " registered content on tcp " +
                s_.host().listening().to_string() + "; SIGINT or SIGTERM de-registers and stops");
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
  quit(std::string("stopping on ") + (signal == SIGINT ? "SIGINT" : "SIGTERM"));
}

// De-registers everything this peer registered, then stops; the status also tells earlier failures.
void PeerCommand::quit(const std::string& why) {
  quitting_ = true;
  s_.log().info(why + ": de-registering " + std::to_string(s_.host().engine().registered().size()) + " content");
  bool interrupted_work = pending_ > 0;
  s_.host().run([](PeerEngine& e, Time now) { return e.quit(now); }, [this, interrupted_work](const PeerEvent& ev) {
    if (!ev.ok) s_.log().error("de-registration failed: " + ev.detail);
    bool ok = ev.ok && !interrupted_work && !failed_;
    stop(ok ? exit_code::kOk : s_.failure_status());
  });
}

void PeerCommand::stop(int status) {
  status_ = status;
  signals_.cancel();
  s_.host().close();
}

}  // namespace p2p::native
