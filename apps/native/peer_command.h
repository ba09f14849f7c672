// SPDX-License-Identifier: GPL-2.0-only
// p2p-peer's script commands: register, deregister, list, get, serve. Each runs to its end in the
// session's event loop and yields an exit status (exit_codes.h).
#pragma once
#include <boost/asio/signal_set.hpp>
#include <map>
#include <set>
#include <vector>

#include "apps/native/peer_session.h"

namespace p2p::native {

class PeerCommand {
 public:
  explicit PeerCommand(PeerSession& session);
  int run();  // the command of the session's options

 private:
  void start(const std::vector<Name>& names);
  void operation_done(const PeerEvent& ev);
  void report(const PeerEvent& done);
  void all_done();
  void serve_until_signal();
  void on_signal(int signal);
  void quit(const std::string& why);
  void stop(int status);

  PeerSession& s_;
  boost::asio::signal_set signals_;
  std::size_t pending_ = 0;
  std::size_t succeeded_ = 0;
  bool failed_ = false;
  bool quitting_ = false;
  int status_ = 0;
  std::map<OpId, PeerEvent> completed_;           // DownloadCompleted events, for the result lines
  std::map<OpId, std::vector<Name>> listings_;    // ListAnswered names
  // Registrations the index never answered: the core tries them again (5 s, doubling to 60 s)
  // until it answers, so a serving peer started before its index keeps serving meanwhile.
  std::set<Name> unanswered_;
  std::size_t waiting_ = 0;  // operations that ended with such a registration
};

}  // namespace p2p::native
