// SPDX-License-Identifier: GPL-2.0-only
// Runs a native program as a child process for system tests: output to files, bounded waits,
// and a kill in the destructor so a failing test never leaves a process behind.
#pragma once
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace p2p::testing {

class ChildProcess {
 public:
  // stdin is /dev/null, or with `typed_input` a pipe that type() writes to.
  ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& out, const std::filesystem::path& err,
               bool typed_input = false)
      : out_(out), err_(err) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    int input[2] = {-1, -1};
    if (typed_input) {
      if (::pipe2(input, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
      posix_spawn_file_actions_adddup2(&actions, input[0], 0);
      input_ = input[1];
    } else {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (input[0] >= 0) ::close(input[0]);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  }
  ~ChildProcess() {
    end_input();
    if (running()) {
      ::kill(pid_, SIGKILL);
      wait_exit(std::chrono::seconds(5));
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool running() const { return !status_; }
  void signal(int sig) const {
    if (running()) ::kill(pid_, sig);
  }
  // The exit status, or nothing if the process still runs after `limit` (a hang guard, not a measure).
  std::optional<int> wait_exit(std::chrono::milliseconds limit) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (!status_) {
      int st = 0;
      if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        break;
      }
      if (std::chrono::steady_clock::now() > until) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return status_;
  }
  // Writes to the child's stdin (typed_input only); end_input() closes it: end of input.
  void type(const std::string& text) const {
    if (input_ >= 0 && ::write(input_, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
      throw std::runtime_error("cannot write to the child's stdin");
  }
  void end_input() {
    if (input_ >= 0) ::close(input_);
    input_ = -1;
  }

  std::string out() const { return slurp(out_); }
  std::string err() const { return slurp(err_); }

  // Wait until stdout or stderr contains `text`; false after `limit`.
  bool wait_for_out(const std::string& text, std::chrono::milliseconds limit) const {
    return wait_for(out_, text, limit);
  }
  bool wait_for_err(const std::string& text, std::chrono::milliseconds limit) const {
    return wait_for(err_, text, limit);
  }

 private:
  static bool wait_for(const std::filesystem::path& file, const std::string& text, std::chrono::milliseconds limit) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (slurp(file).find(text) == std::string::npos) {
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
  }
  static std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  pid_t pid_ = -1;
  int input_ = -1;
  std::optional<int> status_;
  std::filesystem::path out_, err_;
};

}  // namespace p2p::testing
