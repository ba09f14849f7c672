// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/peer_menu.h"

#include <unistd.h>

#include <algorithm>
#include <boost/asio/read_until.hpp>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <istream>

#include "apps/native/content_names.h"
#include "apps/native/exit_codes.h"

namespace p2p::native {

namespace asio = boost::asio;

namespace {

void say(const std::string& text) {
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

const char* verb(char choice) {
  switch (choice) {
    case 'R': return "register";
    case 'T': return "de-register";
    case 'D': return "download";
    default: return "";
  }
}

}  // namespace

PeerMenu::PeerMenu(PeerSession& session)
    : s_(session), input_(session.io()), signals_(session.io(), SIGINT, SIGTERM, SIGHUP) {
  terminal_in_ = ::isatty(STDIN_FILENO) == 1;
  terminal_out_ = ::isatty(STDOUT_FILENO) == 1;
  s_.host().add_listener([this](const PeerEvent& ev) { on_event(ev); });
  // On a terminal, a running download's progress is a line of its own every 2 s above the prompt;
  // otherwise (output to a file or a pipe) only its result line is printed.
  if (terminal_out_)
    s_.progress().set_line_sink([this](const std::string& line) { say_line("  " + line); },
                                std::chrono::seconds(2));
}

void PeerMenu::on_event(const PeerEvent& ev) {
  if (ev.kind == PeerEventKind::DownloadCompleted) completed_[ev.op] = ev;
  if (ev.kind == PeerEventKind::ListAnswered) listings_[ev.op] = ev.names;
  if (ev.kind == PeerEventKind::Registered) registered_ops_.insert(ev.op);
  if (quitting_) return;
  // Registrations the core makes by itself: a retry that the index answered at last, or a renewal
  // the index refused (the content is then no longer registered).
  if (ev.kind == PeerEventKind::RequestFailed && ev.pdu == 'R' && !ev.content.empty()) {
    if (!ev.error) {
      unanswered_.insert(ev.content);
    } else {
      unanswered_.erase(ev.content);
      if (ev.op == 0) say_line(ev.content.str() + " is no longer registered: " + ev.detail);
    }
  }
  if (ev.kind == PeerEventKind::Registered && unanswered_.erase(ev.content) && ev.op == 0)
    say_line(ev.content.str() + " registered: the index answered at last");
}

int PeerMenu::run() {
  boost::system::error_code ec;
  input_.assign(::dup(STDIN_FILENO), ec);
  if (ec) {
    s_.log().error("the menu needs a terminal or a pipe on stdin (" + ec.message() + "); use a command such as serve");
    return exit_code::kUsage;
  }
  const auto& o = s_.options();
  say("p2p-peer " + o.engine.name.str() + ": index " + o.engine.index.to_string() + ", serving on tcp " +
      s_.host().listening().to_string() + "\nshare " + s_.store().share().string() + ", downloads " +
      s_.store().downloads().string() + "\n");
  if (!s_.address_warning().empty()) say("warning: " + s_.address_warning() + "\n");
  show_menu();
  prompt();
  // Ctrl-C, SIGTERM and SIGHUP (the terminal closed) de-register and leave at once, downloads
  // under way cancelled; a second one leaves without de-registering.
  signals_.async_wait([this](const boost::system::error_code& e, int) {
    if (e) return;
    say("\n");
    quit();
  });
  read_line();
  s_.io().run();
  return status_;
}

void PeerMenu::show_menu() {
  say("\n  R  register content      T  de-register content\n"
      "  L  list local content    O  list online content\n"
      "  D  download content      Q  quit\n"
      "Type a letter, optionally followed by a content name (e.g. \"D song\").\n"
      "A download runs in the background: other commands can be typed meanwhile.\n");
}

void PeerMenu::prompt() {
  if (quitting_ || input_over_) return;
  if (awaiting_name_ != 0) say(std::string("content to ") + verb(awaiting_name_) + "> ");
  else say("choice [R/T/L/O/D/Q, ? for the menu]> ");
  prompt_shown_ = true;
}

// On a terminal the prompt line is cleared first and shown again after, so the line stands alone
// (what was typed so far stays in the terminal's buffer and is still read).
void PeerMenu::say_line(const std::string& text) {
  if (quitting_) return;
  if (prompt_shown_ && terminal_out_) {
    say("\r\033[K" + text + "\n");
    prompt_shown_ = false;
    prompt();
    return;
  }
  if (prompt_shown_) say("\n");
  prompt_shown_ = false;
  say(text + "\n");
}

void PeerMenu::read_line() {
  asio::async_read_until(input_, buffer_, '\n', [this](const boost::system::error_code& ec, std::size_t) {
    if (quitting_) return;
    if (ec) {
      // End of input (Ctrl-D, or the end of a pipe): every line read is answered, then the menu
      // leaves as Q would, downloads under way included.
      if (buffer_.size() > 0) {  // a last line without its newline
        std::istream in(&buffer_);
        std::string line;
        std::getline(in, line);
        queued_.push_back(line);
      }
      input_over_ = true;
      if (prompt_shown_) say("\n");  // Ctrl-D leaves the cursor after the prompt
      prompt_shown_ = false;
      return drain();
    }
    std::istream in(&buffer_);
    std::string line;
    std::getline(in, line);
    prompt_shown_ = false;
    // Q typed at a terminal is obeyed at once, even while R, T or O waits for the index.
    std::string word = trim(line);
    if (terminal_in_ && awaiting_name_ == 0 && (word == "Q" || word == "q")) return quit();
    queued_.push_back(line);
    drain();
    if (!quitting_ && !input_over_) read_line();
  });
}

void PeerMenu::drain() {
  while (!busy_ && !queued_.empty() && !quitting_) {
    std::string line = queued_.front();
    queued_.pop_front();
    handle_line(line);
  }
  if (quitting_ || !input_over_ || busy_ || !queued_.empty() || !downloads_.empty()) return;
  quit();
}

void PeerMenu::handle_line(const std::string& raw) {
  std::string line = trim(raw);
  if (awaiting_name_ != 0) {
    char choice = awaiting_name_;
    awaiting_name_ = 0;
    if (line.empty()) {
      say("cancelled\n");
      return prompt();
    }
    return choose(choice, line);
  }
  if (line.empty()) return prompt();
  char choice = static_cast<char>(std::toupper(static_cast<unsigned char>(line[0])));
  std::string argument = line.size() > 1 && (line[1] == ' ' || line[1] == '\t') ? trim(line.substr(1)) : "";
  if (line.size() > 1 && argument.empty()) choice = '!';  // "register" typed in full is not "R"
  choose(choice, argument);
}

void PeerMenu::choose(char choice, const std::string& argument) {
  switch (choice) {
    case 'R':
    case 'T':
    case 'D': {
      if (argument.empty()) return ask_name(choice);
      std::string why;
      auto name = parse_content_name(argument, why);
      if (!name) {
        say(why + "\n");
        return prompt();
      }
      return start(choice, *name);
    }
    case 'L':
      list_local();
      return prompt();
    case 'O': {
      busy_ = true;
      say("asking the index...\n");
      s_.host().run([](PeerEngine& e, Time now) { return e.list_online(now); },
                    [this](const PeerEvent& ev) { operation_done('O', ev); });
      return;
    }
    case 'Q':
      // Typed at a terminal: leave now (downloads under way are cancelled). Read from a pipe: a
      // script's last word, obeyed once what it asked before is done.
      if (!terminal_in_) {
        input_over_ = true;
        queued_.clear();  // what follows Q is not read
        return;
      }
      return quit();
    case '?':
    case 'H':
      show_menu();
      return prompt();
    default:
      say("unknown choice: type R, T, L, O, D or Q (? shows the menu)\n");
      return prompt();
  }
}

void PeerMenu::ask_name(char choice) {
  if (choice == 'T' || choice == 'R') {
    // Offer what makes sense: registered content for T, local content for R.
    std::vector<Name> offer;
    if (choice == 'T') offer.assign(s_.host().engine().registered().begin(), s_.host().engine().registered().end());
    else offer = s_.store().list();
    std::string names;
    for (const Name& n : offer) names += " " + n.str();
    say(offer.empty() ? std::string(choice == 'T' ? "(nothing registered)\n" : "(nothing in the share directory)\n")
                      : (choice == 'T' ? "registered:" : "local:") + names + "\n");
  }
  awaiting_name_ = choice;
  prompt();
}

void PeerMenu::list_local() {
  auto names = s_.store().list();
  if (names.empty()) {
    say("no local content (share " + s_.store().share().string() + ")\n");
  } else {
    const auto& registered = s_.host().engine().registered();
    say("local content:\n");
    for (const Name& n : names) {
      std::error_code ec;
      auto size = std::filesystem::file_size(s_.store().path_of(n), ec);
      char line[96];
      std::snprintf(line, sizeof line, "  %-10s %12s  %s\n", n.str().c_str(), ec ? "?" : human_bytes(size).c_str(),
                    registered.count(n) ? "registered" : "not registered");
      say(line);
    }
  }
  for (const auto& [op, name] : downloads_) say("  " + name.str() + " downloading...\n");
}

void PeerMenu::start(char choice, const Name& name) {
  if (choice == 'D') {
    for (const auto& [op, n] : downloads_)
      if (n == name) {
        say(name.str() + " is being downloaded already\n");
        return prompt();
      }
  } else {
    busy_ = true;
  }
  say(std::string(choice == 'R' ? "registering " : choice == 'T' ? "de-registering " : "downloading ") + name.str() +
      (choice == 'D' ? " in the background\n" : "...\n"));
  auto done = [this, choice](const PeerEvent& ev) { operation_done(choice, ev); };
  OpId op = 0;
  s_.host().run(
      [name, choice, &op](PeerEngine& e, Time now) {
        if (choice == 'R') op = e.register_content(name, now);
        else if (choice == 'T') op = e.deregister_content(name, now);
        else op = e.download(name, now);
        return op;
      },
      done);
  if (choice == 'D') {
    downloads_[op] = name;
    prompt();
  }
}

void PeerMenu::operation_done(char choice, const PeerEvent& ev) {
  if (quitting_) return;
  if (choice == 'D') downloads_.erase(ev.op);
  else busy_ = false;
  // --no-register keeps a download without a word in ev.detail: only a Registered event says it was.
  bool registered = registered_ops_.erase(ev.op) > 0;
  std::string text;
  if (!ev.ok) {
    std::string file_error = ev.local_failure ? s_.take_file_error() : std::string();
    text = std::string(choice == 'O' ? "listing" : verb(choice)) + (ev.content.empty() ? "" : " " + ev.content.str()) +
           " failed: " + ev.detail + (file_error.empty() ? "" : " (" + file_error + ")");
  } else if (choice == 'O') {
    auto names = listings_[ev.op];
    listings_.erase(ev.op);
    if (names.empty()) text = "nothing is registered at the index";
    for (const Name& n : names) text += (text.empty() ? "  " : "\n  ") + n.str();
  } else if (choice == 'D') {
    auto it = completed_.find(ev.op);
    if (it != completed_.end()) {
      const PeerEvent& c = it->second;
      // One server that sent it all is named alone; several get their share each.
      bool one = bytes_received(c.sources) == c.bytes &&
                 std::count_if(c.sources.begin(), c.sources.end(), [](const SourceShare& s) { return s.bytes; }) == 1;
      text = "downloaded " + ev.content.str() + ": " + human_bytes(c.bytes) + " from " +
             (one || c.sources.empty() ? c.server.str() : describe_sources(c.sources, false)) + ", sha256 verified" +
             (registered ? ", registered" : "") + (ev.detail.empty() ? "" : "; " + ev.detail);
    }
    completed_.erase(ev.op);
  } else {
    text = ev.content.str() + (choice == 'R' ? " registered" : " de-registered");
  }
  // A download's result comes whenever it ends: a line of its own. R, T and O answer the line typed.
  if (choice == 'D') {
    say_line(text);
  } else {
    say(text + "\n");
    prompt();
  }
  drain();
}

void PeerMenu::quit() {
  if (quitting_) {
    stop(exit_code::kInterrupted);
    return;
  }
  std::size_t n = s_.host().engine().registered().size();
  std::string cancelled = downloads_.empty() ? "" : "cancelling " + std::to_string(downloads_.size()) + " download(s), ";
  if (prompt_shown_) say("\n");
  quitting_ = true;
  say(cancelled + (n == 0 ? "bye\n" : "de-registering " + std::to_string(n) + " content and quitting...\n"));
  signals_.async_wait([this](const boost::system::error_code& e, int) {
    if (!e) stop(exit_code::kInterrupted);
  });
  s_.host().run([](PeerEngine& e, Time now) { return e.quit(now); }, [this](const PeerEvent& ev) {
    if (!ev.ok) say("de-registration failed: " + ev.detail + "\n");
    stop(ev.ok ? exit_code::kOk : s_.failure_status());
  });
}

void PeerMenu::stop(int status) {
  status_ = status;
  signals_.cancel();
  boost::system::error_code ec;
  input_.close(ec);
  s_.close();
  if (status == exit_code::kInterrupted) s_.io().stop();
}

}  // namespace p2p::native
