// The interactive menu of the classic lab client, read from stdin in the same event loop that
// serves content: R register, T de-register, L list local, O list online, D download, Q quit.
#pragma once
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/streambuf.hpp>
#include <deque>
#include <map>
#include <set>
#include <string>

#include "apps/native/peer_session.h"

namespace p2p::native {

class PeerMenu {
 public:
  explicit PeerMenu(PeerSession& session);
  int run();

 private:
  void show_menu();
  void prompt();
  void read_line();
  void handle_line(const std::string& line);
  void choose(char choice, const std::string& argument);
  void ask_name(char choice);
  void list_local();
  void start(char choice, const Name& name);
  void operation_done(char choice, const PeerEvent& ev);
  void quit();
  void stop(int status);

  PeerSession& s_;
  boost::asio::posix::stream_descriptor input_;
  boost::asio::streambuf buffer_;
  boost::asio::signal_set signals_;
  std::deque<std::string> queued_;  // lines typed while an operation was under way
  char awaiting_name_ = 0;          // the choice whose content name the next line gives
  bool busy_ = false;
  bool quitting_ = false;
  int status_ = 0;
  std::map<OpId, PeerEvent> completed_;
  std::map<OpId, std::vector<Name>> listings_;
  std::set<OpId> registered_ops_;  // downloads whose content the index acknowledged
};

}  // namespace p2p::native
