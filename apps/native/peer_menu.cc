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
    : s_(session), input_(session.io()), signals_(session.io(), SIGINT, SIGTERM) {
  s_.host().add_listener([this](const PeerEvent& ev) {
    if (ev.kind == PeerEventKind::DownloadCompleted) completed_[ev.op] = ev;
    if (ev.kind == PeerEventKind::ListAnswered) listings_[ev.op] = ev.names;
    if (ev.kind == PeerEventKind::Registered) registered_ops_.insert(ev.op);
  });
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
  show_menu();
  prompt();
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
      "Type a letter, optionally followed by a content name (e.g. \"D song\").\n");
}

void PeerMenu::prompt() {
  if (quitting_) return;
  if (awaiting_name_ != 0) say(std::string("content to ") + verb(awaiting_name_) + "> ");
  else say("choice [R/T/L/O/D/Q, ? for the menu]> ");
}

void PeerMenu::read_line() {
  asio::async_read_until(input_, buffer_, '\n', [this](const boost::system::error_code& ec, std::size_t) {
    if (quitting_) return;
    if (ec) {  // end of input: leave as Q would
      say("\n");
      return quit();
    }
    std::istream in(&buffer_);
    std::string line;
    std::getline(in, line);
    // Q is obeyed at once, even during a long download; other lines wait their turn.
    if (busy_ && trim(line) != "Q" && trim(line) != "q") queued_.push_back(line);
    else handle_line(line);
    read_line();
  });
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
    case 'O':
      busy_ = true;
      say("asking the index...\n");
      s_.host().run([](PeerEngine& e, Time now) { return e.list_online(now); },
                    [this](const PeerEvent& ev) { operation_done('O', ev); });
      return;
    case 'Q':
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
    return;
  }
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

void PeerMenu::start(char choice, const Name& name) {
  busy_ = true;
  say(std::string(choice == 'R' ? "registering " : choice == 'T' ? "de-registering " : "downloading ") + name.str() +
      "...\n");
  auto done = [this, choice](const PeerEvent& ev) { operation_done(choice, ev); };
  s_.host().run(
      [name, choice](PeerEngine& e, Time now) {
        if (choice == 'R') return e.register_content(name, now);
        if (choice == 'T') return e.deregister_content(name, now);
        return e.download(name, now);
      },
      done);
}

void PeerMenu::operation_done(char choice, const PeerEvent& ev) {
  if (quitting_) return;
  busy_ = false;
  // --no-register keeps a download without a word in ev.detail: only a Registered event says it was.
  bool registered = registered_ops_.erase(ev.op) > 0;
  if (!ev.ok) {
    say(std::string(choice == 'O' ? "listing" : verb(choice)) + " failed: " + ev.detail + "\n");
  } else if (choice == 'O') {
    auto names = listings_[ev.op];
    listings_.erase(ev.op);
    if (names.empty()) say("nothing is registered at the index\n");
    for (const Name& n : names) say("  " + n.str() + "\n");
  } else if (choice == 'D') {
    auto it = completed_.find(ev.op);
    if (it != completed_.end()) {
      const PeerEvent& c = it->second;
      // One server that sent it all is named alone; several get their share each.
      bool one = bytes_received(c.sources) == c.bytes &&
                 std::count_if(c.sources.begin(), c.sources.end(), [](const SourceShare& s) { return s.bytes; }) == 1;
      say("downloaded " + ev.content.str() + ": " + human_bytes(c.bytes) + " from " +
          (one || c.sources.empty() ? c.server.str() : describe_sources(c.sources, false)) + ", sha256 verified" +
          (registered ? ", registered" : "") + (ev.detail.empty() ? "" : "; " + ev.detail) + "\n");
    }
    completed_.erase(ev.op);
  } else {
    say(ev.content.str() + (choice == 'R' ? " registered\n" : " de-registered\n"));
  }
  prompt();
  while (!busy_ && !queued_.empty() && !quitting_) {
    std::string line = queued_.front();
    queued_.pop_front();
    handle_line(line);
  }
}

void PeerMenu::quit() {
  if (quitting_) {
    stop(exit_code::kInterrupted);
    return;
  }
  quitting_ = true;
  std::size_t n = s_.host().engine().registered().size();
  say(n == 0 ? "bye\n" : "de-registering " + std::to_string(n) + " content and quitting...\n");
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
  s_.host().close();
  if (status == exit_code::kInterrupted) s_.io().stop();
}

}  // namespace p2p::native
