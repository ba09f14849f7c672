// SPDX-License-Identifier: GPL-2.0-only
// A native process's event rows name its node and its life in the run's plan (P2P_EVENTS_NODE,
// P2P_EVENTS_LIFE), so that the summarizer keys its operations exactly.
#include "apps/native/event_csv.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

using namespace p2p;

namespace {

struct EventsFile {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("event_csv_test_" + std::to_string(::getpid()) + ".csv");
  EventsFile() {
    ::setenv("P2P_EVENTS_CSV", path.c_str(), 1);
    ::setenv("P2P_EVENTS_NODE", "7", 1);
  }
  ~EventsFile() {
    ::unsetenv("P2P_EVENTS_CSV");
    ::unsetenv("P2P_EVENTS_NODE");
    ::unsetenv("P2P_EVENTS_LIFE");
    std::filesystem::remove(path);
  }
  std::string first_line() const {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
  }
};

PeerEvent started() {
  PeerEvent ev;
  ev.kind = PeerEventKind::DownloadStarted;
  ev.op = 3;
  ev.content = *Name::parse("song");
  return ev;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_row_carries_the_life_and_the_ids) {
  EventsFile file;
  ::setenv("P2P_EVENTS_LIFE", "12", 1);
  native::peer_events_csv("p1", Time{})(started());
  BOOST_TEST(file.first_line() == "0.000000000,7,p1,download_started,song,0,,,12,3,0,");
}

BOOST_AUTO_TEST_CASE(without_a_life_the_column_is_empty) {
  EventsFile file;
  native::peer_events_csv("p1", Time{})(started());
  BOOST_TEST(file.first_line() == "0.000000000,7,p1,download_started,song,0,,,,3,0,");
}

BOOST_AUTO_TEST_CASE(a_life_that_is_not_a_number_is_refused) {
  EventsFile file;
  for (const char* bad : {"x", "-1", "3a"}) {
    ::setenv("P2P_EVENTS_LIFE", bad, 1);
    BOOST_CHECK_THROW(native::peer_events_csv("p1", Time{}), std::runtime_error);
  }
}
