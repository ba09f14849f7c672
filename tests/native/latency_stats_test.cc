// SPDX-License-Identifier: GPL-2.0-only
// The load generator's percentiles (nearest rank), which the benchmarks report.
#include <boost/test/unit_test.hpp>

#include "apps/native/latency_stats.h"

using p2p::native::LatencyStats;
using std::chrono::nanoseconds;

BOOST_AUTO_TEST_CASE(percentiles_use_the_nearest_rank) {
  LatencyStats s;
  for (int i = 100; i >= 1; --i) s.add(nanoseconds(i));  // out of order on purpose
  BOOST_CHECK_EQUAL(s.percentile(0.50).count(), 50);
  BOOST_CHECK_EQUAL(s.percentile(0.90).count(), 90);
  BOOST_CHECK_EQUAL(s.percentile(0.99).count(), 99);
  BOOST_CHECK_EQUAL(s.max().count(), 100);
  s.add(nanoseconds(1000));
  BOOST_CHECK_EQUAL(s.max().count(), 1000);  // adding after a query re-sorts
}

BOOST_AUTO_TEST_CASE(no_samples_give_zero) {
  LatencyStats s;
  BOOST_CHECK_EQUAL(s.percentile(0.5).count(), 0);
  BOOST_CHECK_EQUAL(s.max().count(), 0);
}
