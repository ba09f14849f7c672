// SPDX-License-Identifier: GPL-2.0-only
// The Prometheus text that the daemons' /metrics serves: HELP and TYPE per family, label values
// escaped so that a name from the network cannot break a line, and a family declared once.
#include <boost/test/unit_test.hpp>
#include <stdexcept>

#include "apps/native/metrics_text.h"

using p2p::native::MetricsText;

BOOST_AUTO_TEST_CASE(families_have_help_type_and_samples_in_declared_order) {
  MetricsText m;
  m.declare("b_total", MetricsText::Type::Counter, "Bs seen.");
  m.declare("a_entries", MetricsText::Type::Gauge, "As now.");
  m.add("b_total", {}, 2);
  m.add("b_total");
  m.set("a_entries", 7);
  BOOST_CHECK_EQUAL(m.render(),
                    "# HELP b_total Bs seen.\n# TYPE b_total counter\nb_total 3\n"
                    "# HELP a_entries As now.\n# TYPE a_entries gauge\na_entries 7\n");
}

BOOST_AUTO_TEST_CASE(label_values_are_escaped) {
  MetricsText m;
  m.declare("x_total", MetricsText::Type::Counter, "Line one\nline \\ two.", true);
  BOOST_CHECK_EQUAL(m.render(), "# HELP x_total Line one\\nline \\\\ two.\n# TYPE x_total counter\n");
  m.add("x_total", {{"name", "a\"b\\c\nd"}, {"code", "7"}});
  BOOST_CHECK(m.render().find("x_total{name=\"a\\\"b\\\\c\\nd\",code=\"7\"} 1\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(undeclared_or_twice_declared_families_are_errors) {
  MetricsText m;
  m.declare("y_total", MetricsText::Type::Counter, "Ys.");
  BOOST_CHECK_THROW(m.declare("y_total", MetricsText::Type::Counter, "Ys."), std::logic_error);
  BOOST_CHECK_THROW(m.add("z_total"), std::logic_error);
}
