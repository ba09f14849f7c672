// SPDX-License-Identifier: GPL-2.0-only
// The interactive menu of the classic lab client, read from stdin in the same event loop that
// serves content: R register, T de-register, L list local, O list online, D download, Q quit.
// A download runs in the background: the prompt comes back at once, other commands are taken
// while it runs, and its progress (on a terminal) and its result each come on a line of their own.
// R, T and O are answered before the next line is read, so piped input gets its answers in order;
// end of input (or Q read from a pipe) leaves once everything asked for has been answered.
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
  void say_line(const std::string& text);  // a line of its own, even while the prompt is shown
  void read_line();
  void handle_line(const std::string& line);
  void choose(char choice, const std::string& argument);
  void ask_name(char choice);
  void list_local();
  void start(char choice, const Name& name);
  void operation_done(char choice, const PeerEvent& ev);
  void on_event(const PeerEvent& ev);
  void drain();  // runs queued lines, and leaves when input is over and nothing is pending
  void quit();
  void stop(int status);

  PeerSession& s_;
  boost::asio::posix::stream_descriptor input_;
  boost::asio::streambuf buffer_;
  boost::asio::signal_set signals_;
  bool terminal_in_ = false;   // stdin is a terminal: a person types
  bool terminal_out_ = false;  // stdout is a terminal: lines can be redrawn
  bool prompt_shown_ = false;  // the prompt is the last thing on the terminal
  std::deque<std::string> queued_;  // lines typed while R, T or O was under way
  char awaiting_name_ = 0;          // the choice whose content name the next line gives
  bool busy_ = false;               // R, T or O under way
  bool input_over_ = false;         // end of input, or Q from a pipe: leave once everything is answered
  bool quitting_ = false;
  int status_ = 0;
  std::map<OpId, Name> downloads_;  // under way, in the background
  std::map<OpId, PeerEvent> completed_;
  std::map<OpId, std::vector<Name>> listings_;
  std::set<OpId> registered_ops_;  // downloads whose content the index acknowledged
  std::set<Name> unanswered_;      // registrations the index did not answer (the core retries them)
};

}  // namespace p2p::native
