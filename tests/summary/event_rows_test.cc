// SPDX-License-Identifier: GPL-2.0-only
// The summarizer reads back what model/event_format.h writes, and its ids keep apart what a
// match by peer and content would mix up.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "model/event_format.h"
#include "scenarios/summary/event-row.h"
#include "scenarios/summary/run-statistics.h"

using namespace p2p;
using namespace p2p::summary;
using namespace std::chrono_literals;

namespace {

Name N(const char* s) { return *Name::parse(s); }

// events.csv with `rows` under the current header, read back.
std::vector<EventRow> read_back(const std::vector<std::string>& rows, std::string header = std::string(events_csv_header())) {
  auto path = std::filesystem::temp_directory_path() / ("event_rows_test_" + std::to_string(::getpid()) + ".csv");
  {
    std::ofstream out(path);
    out << header << '\n';
    for (const auto& r : rows) out << r << '\n';
  }
  EventsCsvReader reader(path.string());
  std::vector<EventRow> read;
  EventRow row;
  while (reader.Next(row)) read.push_back(row);
  std::string problem = reader.Problem();
  std::filesystem::remove(path);
  if (!problem.empty()) throw std::runtime_error(problem);
  return read;
}

PeerEvent event(PeerEventKind kind, Time at, OpId op = 0, ConnId conn = 0) {
  PeerEvent ev;
  ev.kind = kind;
  ev.time = at;
  ev.op = op;
  ev.conn = conn;
  ev.content = N("song");
  return ev;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_row_reads_back_as_written) {
  PeerEvent done = event(PeerEventKind::DownloadCompleted, 1500ms, 7, 3);
  done.server = N("p1");
  done.bytes = 42;
  done.duration = 250ms;
  done.detail = "sha256 verified, kept";  // a comma: the field is quoted
  done.sources = {SourceShare{N("p1"), 30}, SourceShare{N("p3"), 12}};
  PeerEvent refused = event(PeerEventKind::ServeRefused, 2s, 0, 9);
  refused.error = ErrorCode::Busy;
  IndexEvent request;
  request.kind = IndexEventKind::Request;
  request.time = 3s;
  request.request_type = 'R';
  request.reply_type = 'A';
  request.request_bytes = 33;
  request.reply_bytes = 25;
  auto rows = read_back({to_csv_row(done, "3", "p2", 4), to_csv_row(refused, "5", "p1", 0), to_csv_row(request, "0"),
                         life_csv_row(4.0, "3", "p2", "peer_left", "reason=seeding; session_s=2.500000000", 4)});
  BOOST_TEST_REQUIRE(rows.size() == 4u);
  const EventRow& d = rows[0];
  BOOST_TEST(d.time == 1.5);
  BOOST_TEST((d.kind == PeerEventKind::DownloadCompleted));
  BOOST_TEST(d.peer == "p2");
  BOOST_TEST(d.bytes == 42u);
  BOOST_TEST(*d.life == 4u);
  BOOST_TEST(d.op == 7u);
  BOOST_TEST(d.conn == 3u);
  BOOST_TEST(*d.Duration() == 0.25);
  auto sources = d.Sources();
  BOOST_TEST_REQUIRE(sources.size() == 2u);
  BOOST_TEST(sources[1].first == "p3");
  BOOST_TEST(sources[1].second == 12u);
  BOOST_TEST(*rows[1].ErrorCode() == 11);
  BOOST_TEST(!rows[2].kind);
  BOOST_TEST(rows[2].ReplyPdu() == 'A');
  BOOST_TEST(rows[2].replyBytes == 25u);
  BOOST_TEST(!rows[3].kind);
  BOOST_TEST(*rows[3].DetailValue("reason") == "seeding");
  BOOST_TEST(*rows[3].life == 4u);
}

BOOST_AUTO_TEST_CASE(a_file_without_the_id_columns_is_refused_and_says_why) {
  BOOST_CHECK_EXCEPTION(read_back({"0.000000000,1,seed0,peer_joined,,0,,"}, "time_s,node,peer,event,content,bytes,server,detail"),
                        std::runtime_error, [](const std::runtime_error& e) {
                          return std::string(e.what()).find("before event rows carried their ids") != std::string::npos;
                        });
}

BOOST_AUTO_TEST_CASE(a_peer_row_without_its_life_is_refused) {
  BOOST_CHECK_THROW(read_back({to_csv_row(event(PeerEventKind::DownloadStarted, 1s, 1), "1", "p1")}), std::runtime_error);
}

// Two lives of one peer both number their first download 1: the life column keeps them apart,
// where a match by peer and content would end the first with the second's completion.
BOOST_AUTO_TEST_CASE(ids_keep_two_lives_of_one_peer_apart) {
  PeerEvent done = event(PeerEventKind::DownloadCompleted, 9s, 1);
  done.bytes = 100;
  done.duration = 2s;
  auto rows = read_back({to_csv_row(event(PeerEventKind::DownloadStarted, 1s, 1), "1", "p1", 0),
                         life_csv_row(2.0, "1", "p1", "peer_crashed", "session_s=2.000000000", 0),
                         life_csv_row(6.0, "1", "p1", "peer_returned", "off_s=4.000000000", 1),
                         to_csv_row(event(PeerEventKind::DownloadStarted, 7s, 1), "1", "p1", 1),
                         to_csv_row(done, "1", "p1", 1)});
  RunStatistics stats;
  for (const EventRow& row : rows) stats.OnRow(row, *row.life == 1);
  stats.Finish();
  const auto& records = stats.Records().Records();
  BOOST_TEST_REQUIRE(records.size() == 2u);
  BOOST_TEST(records[0].Outcome() == std::string("unfinished"));
  BOOST_TEST(records[1].Outcome() == std::string("completed"));
  BOOST_TEST(records[1].start == 7.0);
  BOOST_TEST(stats.SurvivingDownloads().completed == 1u);
  BOOST_TEST(stats.Churn().crashes == 1u);
  BOOST_TEST(stats.Churn().returns == 1u);
}

// A crash ends what the life was serving at the crash, not at the end of the run.
BOOST_AUTO_TEST_CASE(a_crash_ends_the_ranges_its_life_was_serving) {
  PeerEvent started = event(PeerEventKind::ServeStarted, 1s, 0, 5);
  PeerEvent elsewhere = event(PeerEventKind::DownloadCompleted, 4s, 2);
  elsewhere.duration = 1s;
  auto rows = read_back({to_csv_row(started, "2", "s1", 0), life_csv_row(2.0, "2", "s1", "peer_crashed", "session_s=2.000000000", 0),
                         to_csv_row(event(PeerEventKind::DownloadStarted, 3s, 2), "3", "p1", 1), to_csv_row(elsewhere, "3", "p1", 1)});
  RunStatistics stats;
  for (const EventRow& row : rows) stats.OnRow(row, true);
  stats.Finish();
  BOOST_TEST(stats.Uploads().ActiveIntegral() == 1.0);  // from 1 s to the crash at 2 s
  BOOST_TEST(stats.Uploads().PeakActive() == 1u);
}
