// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/event_csv.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>

#include "model/event_format.h"

namespace p2p::native {
namespace {

class CsvFile {
 public:
  explicit CsvFile(const char* path) : fd_(::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) {
    if (fd_ < 0) throw std::runtime_error(std::string("cannot open P2P_EVENTS_CSV ") + path + ": " + std::strerror(errno));
    const char* node = std::getenv("P2P_EVENTS_NODE");
    node_ = node ? node : "";
    const char* life = std::getenv("P2P_EVENTS_LIFE");
    if (life != nullptr && *life != '\0') {
      char* end = nullptr;
      errno = 0;
      unsigned long long n = std::strtoull(life, &end, 10);
      if (errno != 0 || *end != '\0' || *life == '-')
        throw std::runtime_error(std::string("P2P_EVENTS_LIFE is not a life number: ") + life);
      life_ = n;
    }
  }
  ~CsvFile() { ::close(fd_); }
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;

  const std::string& node() const { return node_; }
  std::optional<std::uint64_t> life() const { return life_; }
  void write(std::string row) {
    row += '\n';
    const char* p = row.data();
    std::size_t left = row.size();
    while (left > 0) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // a full disk: the run's checks see the missing rows
      p += n;
      left -= static_cast<std::size_t>(n);
    }
  }

 private:
  int fd_;
  std::string node_;
  std::optional<std::uint64_t> life_;
};

std::shared_ptr<CsvFile> open_from_environment() {
  const char* path = std::getenv("P2P_EVENTS_CSV");
  if (path == nullptr || *path == '\0') return nullptr;
  return std::make_shared<CsvFile>(path);
}

}  // namespace

Time steady_now() { return std::chrono::duration_cast<Time>(std::chrono::steady_clock::now().time_since_epoch()); }

std::function<void(const PeerEvent&)> peer_events_csv(const std::string& peer, Time epoch) {
  auto file = open_from_environment();
  if (!file) return {};
  return [file, peer, epoch](const PeerEvent& ev) {
    PeerEvent shifted = ev;
    shifted.time = ev.time + epoch;
    file->write(to_csv_row(shifted, file->node(), peer, file->life()));
  };
}

std::function<void(const IndexEvent&)> index_events_csv() {
  auto file = open_from_environment();
  if (!file) return {};
  auto epoch = std::make_shared<std::optional<Time>>();
  return [file, epoch](const IndexEvent& ev) {
    if (!*epoch) *epoch = steady_now() - ev.time;
    IndexEvent shifted = ev;
    shifted.time = ev.time + **epoch;
    file->write(to_csv_row(shifted, file->node()));
  };
}

}  // namespace p2p::native
