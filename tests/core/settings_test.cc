// SPDX-License-Identifier: GPL-2.0-only
// The settings table (model/settings.h): well-formed, the configs' defaults taken from it, and
// validate() refusing what lies outside a setting's range with a message that names it.
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <set>
#include <string>

#include "model/index_server.h"
#include "model/peer_config.h"
#include "model/settings.h"

using namespace p2p;
using settings::Kind;

BOOST_AUTO_TEST_CASE(every_setting_is_named_once_and_its_defaults_lie_in_its_range) {
  std::set<std::string_view> names;
  for (const settings::Setting* s : settings::all()) {
    BOOST_TEST(names.insert(s->name).second, s->name << " twice");
    BOOST_TEST((s->component == "peer" || s->component == "index"), s->name);
    BOOST_TEST(!s->doc.empty(), s->name);
    for (double d : {s->default_value, s->default_in_ns3(), s->default_in_native()})
      BOOST_TEST(settings::check(*s, d) == "", s->name << " default " << d);
    BOOST_TEST((!s->ns3.differs || !s->ns3.reason.empty()), s->name << ": an ns-3 default needs its reason");
    BOOST_TEST((!s->native.differs || !s->native.reason.empty()), s->name << ": a native default needs its reason");
    // A scenario option is an alias of an attribute: it needs one.
    BOOST_TEST((s->scenario_option.empty() || !s->ns3_attribute.empty()), s->name);
  }
}

BOOST_AUTO_TEST_CASE(the_configs_defaults_are_the_tables) {
  PeerConfig peer;
  BOOST_TEST(peer.validate() == "");
  BOOST_TEST(peer.upload_slots == 4u);
  BOOST_TEST(to_seconds(peer.busy_backoff.max) == settings::peer::busy_backoff_max.default_value);
  BOOST_TEST(peer.busy_backoff.initial == std::chrono::milliseconds(100));
  BOOST_TEST(peer.udp_retry.initial_timeout == std::chrono::seconds(1));
  IndexConfig index;
  BOOST_TEST(index.validate() == "");
  BOOST_TEST(to_string(index.policy) == "least-used");
  BOOST_TEST(index.lease_seconds == 0u);  // the core's; each world sets its own (the table says which)
}

BOOST_AUTO_TEST_CASE(a_value_outside_its_range_is_refused_by_name) {
  PeerConfig peer;
  peer.upload_slots = 65536;
  BOOST_TEST(peer.validate() == "upload_slots must be 0..65535 downloads, not 65536");
  peer = {};
  peer.sources = 0;
  BOOST_TEST(peer.validate() == "sources must be 1..8 servers, not 0");
  peer = {};
  peer.busy_backoff.max = std::chrono::hours(2);
  BOOST_TEST(peer.validate() == "busy_backoff_max must be 0.001..3600 s, not 7200");
  IndexConfig index;
  index.lease_seconds = 2'000'000;
  BOOST_TEST(index.validate() == "lease_seconds must be 0..1000000 s, not 2000000");
  index = {};
  index.requests_per_second = -1;
  BOOST_TEST(!index.validate().empty());
}

BOOST_AUTO_TEST_CASE(a_whole_number_setting_refuses_a_fraction_and_nan) {
  BOOST_TEST(settings::check(settings::peer::sources, 1.5) != "");
  BOOST_TEST(settings::check(settings::peer::busy_backoff, std::nan("")) != "");
  BOOST_TEST(settings::check(settings::peer::busy_backoff, 0.25) == "");
}
