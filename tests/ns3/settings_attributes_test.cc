// SPDX-License-Identifier: GPL-2.0-only
// Every setting of the table (model/settings.h) that has an ns-3 attribute: the attribute's default
// is the table's ns-3 default, and its checker accepts the table's range, bounds included, and
// refuses a value beyond either bound (65,536 upload slots among them).
#include <boost/test/unit_test.hpp>

#include "apps/ns3/index-server-application.h"
#include "apps/ns3/peer-application.h"

#include "model/peer_config.h"
#include "model/settings.h"

#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <string>

using namespace ns3;
using p2p::settings::Kind;
using p2p::settings::Setting;

namespace {

TypeId::AttributeInformation attribute_of(const Setting& s) {
  TypeId tid = s.component == "peer" ? PeerApplication::GetTypeId() : IndexServerApplication::GetTypeId();
  TypeId::AttributeInformation info;
  BOOST_REQUIRE_MESSAGE(tid.LookupAttributeByName(std::string(s.ns3_attribute), &info), s.name);
  return info;
}

// "ns3::TimeValue": some checkers name their type without the namespace.
std::string value_type(const TypeId::AttributeInformation& info) {
  std::string type = info.checker->GetValueTypeName();
  return type.rfind("ns3::", 0) == 0 ? type : "ns3::" + type;
}

// The attribute's value for `v` in the setting's unit, in the attribute's own type.
Ptr<AttributeValue> value_of(const TypeId::AttributeInformation& info, const Setting& s, double v) {
  std::string type = value_type(info);
  if (type == "ns3::TimeValue") return Create<TimeValue>(NanoSeconds(Setting::seconds(v).count()));
  if (type == "ns3::UintegerValue") return Create<UintegerValue>(static_cast<uint64_t>(v * s.ns3_scale));
  if (type == "ns3::DoubleValue") return Create<DoubleValue>(v * s.ns3_scale);
  if (type == "ns3::DataRateValue") return Create<DataRateValue>(DataRate(static_cast<uint64_t>(v * s.ns3_scale)));
  if (type == "ns3::BooleanValue") return Create<BooleanValue>(v != 0);
  if (type == "ns3::EnumValue") return Create<EnumValue>(static_cast<int>(v));
  BOOST_FAIL("unexpected attribute type " + type + " of " + std::string(s.name));
  return nullptr;
}

std::string text(const TypeId::AttributeInformation& info, const AttributeValue& v) {
  return v.SerializeToString(info.checker);
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_attribute_has_the_tables_default) {
  int checked = 0;
  for (const Setting* s : p2p::settings::all()) {
    if (s->ns3_attribute.empty()) continue;
    auto info = attribute_of(*s);
    BOOST_TEST(text(info, *info.originalInitialValue) == text(info, *value_of(info, *s, s->default_in_ns3())),
               s->name << ": attribute default " << text(info, *info.originalInitialValue));
    ++checked;
  }
  BOOST_TEST(checked >= 25);  // every peer and index attribute of the table
}

BOOST_AUTO_TEST_CASE(every_attribute_accepts_the_tables_range_and_nothing_beyond) {
  for (const Setting* s : p2p::settings::all()) {
    if (s->ns3_attribute.empty() || s->kind == Kind::Flag) continue;
    auto info = attribute_of(*s);
    BOOST_TEST(info.checker->Check(*value_of(info, *s, s->min)), s->name << " refuses its minimum");
    BOOST_TEST(info.checker->Check(*value_of(info, *s, s->max)), s->name << " refuses its maximum");
    if (value_type(info) == "ns3::DataRateValue") continue;  // validate() bounds it (below)
    // One step beyond: the next whole number, or a thousandth of the bound (times have ns).
    bool whole = s->kind == Kind::Integer || s->kind == Kind::Choice;
    double above = whole ? s->max + 1 : s->max * 1.001;
    BOOST_TEST(!info.checker->Check(*value_of(info, *s, above)), s->name << " accepts " << above);
    if (s->min > 0) {
      double below = whole ? s->min - 1 : s->min * 0.999;
      BOOST_TEST(!info.checker->Check(*value_of(info, *s, below)), s->name << " accepts " << below);
    } else if (value_type(info) != "ns3::UintegerValue" &&
               value_type(info) != "ns3::EnumValue") {
      BOOST_TEST(!info.checker->Check(*value_of(info, *s, -1)), s->name << " accepts -1");
    }
  }
}

BOOST_AUTO_TEST_CASE(sixty_five_thousand_five_hundred_and_thirty_six_upload_slots_are_refused) {
  auto peer = CreateObject<PeerApplication>();
  BOOST_TEST(peer->SetAttributeFailSafe("UploadSlots", UintegerValue(65535)));
  BOOST_TEST(!peer->SetAttributeFailSafe("UploadSlots", UintegerValue(65536)));
  BOOST_TEST(!peer->SetAttributeFailSafe("UploadSlots", StringValue("65536")));
}

BOOST_AUTO_TEST_CASE(a_rate_beyond_its_range_fails_validation_of_the_config) {
  p2p::PeerConfig config;
  BOOST_TEST(config.validate() == "");
  config.serve_min_rate = static_cast<std::uint64_t>(p2p::settings::peer::serve_min_rate.max) + 1;
  BOOST_TEST(config.validate().find("serve_min_rate must be 0..") == 0);
}
