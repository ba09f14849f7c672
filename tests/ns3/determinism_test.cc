// SPDX-License-Identifier: GPL-2.0-only
// The same RngRun gives the byte-identical sequence of events (the CSV rows scenarios write),
// so a run can be reproduced exactly; another RngRun gives another run.
#include <boost/test/unit_test.hpp>

#include "tests/ns3/lan-fixture.h"

#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

using namespace p2p;
using namespace p2p::ns3test;
using ns3::Seconds;

namespace {

// A small lossy flash crowd; returns every event of every peer as CSV rows.
std::vector<std::string> run(std::uint32_t rng_run) {
  LanFixture lan({.peers = 5, .loss_rate = 0.05, .rng_run = rng_run});
  lan.peers().SetAttribute("RetryMaxTries", ns3::UintegerValue(10));
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:400000"));
  lan.install_peer(0, "seed");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
  lan.peers().SetAttribute("FetchContent", ns3::StringValue("song"));
  lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(2)));
  for (std::uint32_t i = 1; i < 5; ++i) lan.install_peer(i, "p" + std::to_string(i));
  lan.run_until(Seconds(120));
  return lan.csv_rows();
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_same_rng_run_gives_the_same_events) {
  std::vector<std::string> first = run(7);
  std::vector<std::string> second = run(7);
  BOOST_TEST_MESSAGE(first.size() << " events per run");
  BOOST_TEST(first.size() > 100u);
  BOOST_TEST(first == second);
}

BOOST_AUTO_TEST_CASE(another_rng_run_gives_another_run) {
  BOOST_TEST(run(7) != run(8));
}
