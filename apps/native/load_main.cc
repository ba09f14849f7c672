// SPDX-License-Identifier: GPL-2.0-only
// p2p-load: measures an index server's answered queries per second and latency.
#include <boost/asio/io_context.hpp>
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "apps/native/daemon.h"
#include "apps/native/exit_codes.h"
#include "apps/native/load_generator.h"
#include "apps/native/net_address.h"
#include "apps/native/option_ranges.h"

namespace po = boost::program_options;
using namespace p2p;
using namespace p2p::native;

namespace {

double micros(std::chrono::nanoseconds d) { return std::chrono::duration<double, std::micro>(d).count(); }

double per_second(std::size_t count, double seconds) { return seconds > 0 ? static_cast<double>(count) / seconds : 0; }

void print_text(const LoadOptions& o, LoadReport& r) {
  if (o.preload > 0)
    std::printf("preload: %zu registrations acknowledged, %zu refused or lost, in %.3f s (%.0f R/s)\n", r.preloaded,
                r.preload_errors, r.preload_seconds, per_second(r.preloaded, r.preload_seconds));
  if (o.duration <= 0) return;
  std::string pace =
      o.rate > 0 ? "target " + std::to_string(static_cast<long long>(o.rate)) + " q/s" : "as fast as answered";
  std::printf("queries: %zu sent from %zu sources over %.3f s (%s)\n", r.sent, o.concurrency, r.seconds, pace.c_str());
  std::printf("answered: %zu (%zu S answers, %zu E), unanswered: %zu, not sent (every source busy): %zu\n", r.answered,
              r.search_answers, r.errors, r.unanswered, r.not_sent);
  std::printf("answered queries/s: %.0f\n", per_second(r.answered, r.seconds));
  std::printf("latency us: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n", micros(r.latency.percentile(0.50)),
              micros(r.latency.percentile(0.90)), micros(r.latency.percentile(0.99)), micros(r.latency.max()));
  if (r.answered > 0 && r.search_answers == 0)
    std::printf("note: no S answer at all: is %s registered at the index?\n", o.content.str().c_str());
}

void print_json(const LoadOptions& o, LoadReport& r) {
  std::printf(
      "{\"preloaded\": %zu, \"preload_errors\": %zu, \"preload_s\": %.6f, \"sources\": %zu, \"rate\": %.1f, "
      "\"seconds\": %.6f, \"sent\": %zu, \"answered\": %zu, \"search_answers\": %zu, \"errors\": %zu, "
      "\"unanswered\": %zu, \"not_sent\": %zu, \"answered_per_s\": %.1f, "
      "\"latency_us\": {\"p50\": %.1f, \"p90\": %.1f, \"p99\": %.1f, \"max\": %.1f}}\n",
      r.preloaded, r.preload_errors, r.preload_seconds, o.concurrency, o.rate, r.seconds, r.sent, r.answered,
      r.search_answers, r.errors, r.unanswered, r.not_sent,
      per_second(r.answered, r.seconds), micros(r.latency.percentile(0.50)),
      micros(r.latency.percentile(0.90)), micros(r.latency.percentile(0.99)), micros(r.latency.max()));
}

}  // namespace

int main(int argc, char** argv) {
  LoadOptions o;
  std::string index, content = "c0";
  // Numbers are read as text and range-checked (option_ranges.h): "-1" must not wrap round.
  std::string rate = "0", duration = "5", concurrency = std::to_string(o.concurrency), timeout_ms = "1000";
  std::string preload = "0", preload_contents = "0";
  bool as_fast = false, json = false;
  po::options_description desc(
      "Usage: p2p-load --index HOST:PORT [--rate QPS | --max] [options]\n"
      "Sends S queries to an index from several UDP sockets (distinct sources), each with at most one\n"
      "query outstanding, and reports answered queries per second and latency percentiles (a query\n"
      "not answered within --timeout counts as unanswered). --preload N first registers N entries\n"
      "(peers p0.., contents c0..) so that a large registry can be measured.\n\nOptions");
  desc.add_options()
      ("help,h", "show this help")
      ("version", "print the version and exit")
      ("index,i", po::value(&index)->required(), "the index server, HOST:PORT")
      ("rate,r", po::value(&rate), "queries per second (open loop; 0..10000000)")
      ("max", po::bool_switch(&as_fast), "as fast as answers come back (closed loop; the default)")
      ("duration", po::value(&duration)->default_value(duration), "seconds of queries (0..86400; 0: preload only)")
      ("content", po::value(&content)->default_value(content), "content name to search for")
      ("concurrency,c", po::value(&concurrency)->default_value(concurrency),
       "UDP sockets, i.e. distinct sources and queries in flight (1..65536)")
      ("timeout", po::value(&timeout_ms)->default_value(timeout_ms),
       "ms before a query counts as unanswered (1..600000)")
      ("preload", po::value(&preload)->default_value(preload), "registrations to make before the queries")
      ("preload-contents", po::value(&preload_contents)->default_value(preload_contents),
       "distinct content names among the preloaded entries (0: one per entry)")
      ("json", po::bool_switch(&json), "print the report as one JSON object");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    if (vm.count("help")) {
      std::cout << desc << "\n" << exit_code::kHelpText;
      return exit_code::kOk;
    }
    if (vm.count("version")) {
      std::cout << version_line("p2p-load") << "\n";
      return exit_code::kOk;
    }
    po::notify(vm);
    o.rate = number_option("--rate", rate, 0, 1e7);
    o.duration = number_option("--duration", duration, 0, 86400);
    o.concurrency = static_cast<std::size_t>(integer_option("--concurrency", concurrency, 1, 65536));
    o.timeout = std::chrono::milliseconds(integer_option("--timeout", timeout_ms, 1, 600000));
    o.preload = static_cast<std::size_t>(integer_option("--preload", preload, 0, 100'000'000));
    o.preload_contents = static_cast<std::size_t>(integer_option("--preload-contents", preload_contents, 0, 100'000'000));
    if (as_fast && o.rate > 0) throw std::runtime_error("--rate and --max exclude each other");
    auto name = Name::parse(content);
    if (!name) throw std::runtime_error("--content '" + content + "': " + std::string(Name::why_invalid(content)));
    o.content = *name;
    o.index = resolve_host_port(index, "--index");
  } catch (const std::exception& e) {
    std::cerr << "p2p-load: " << e.what() << "\n(see p2p-load --help)\n";
    return exit_code::kUsage;
  }
  LoadReport report;
  try {
    boost::asio::io_context io;
    LoadGenerator generator(io, o);
    report = generator.run();
  } catch (const std::exception& e) {
    std::cerr << "p2p-load: " << e.what() << "\n";
    return exit_code::kLocalError;
  }
  if (json) print_json(o, report);
  else print_text(o, report);
  bool silent = (o.duration > 0 && report.answered == 0) || (o.preload > 0 && report.preloaded == 0);
  return silent ? exit_code::kIndexUnreachable : exit_code::kOk;
}
