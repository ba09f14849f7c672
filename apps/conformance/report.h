// SPDX-License-Identifier: GPL-2.0-only
// What the checker found, rule by rule: one line per rule on stdout (and, for a FAIL, the bytes sent
// and received in hex and decoded, what was expected and the spec's section), JSON and JUnit XML for
// scripts that grade many implementations.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "model/pdu.h"

namespace p2p::conformance {

enum class Status { Pass, Fail, Skip };
enum class Channel { ToIndex, FromIndex, Stream };  // how to decode what was sent and received

struct Exchange {
  Channel channel = Channel::ToIndex;
  Bytes sent;
  std::optional<Bytes> received;  // nothing: no answer within the rule's timeout
  std::string note;               // what the bytes were for, when a rule sends several
};

struct RuleResult {
  std::string id;
  Status status = Status::Pass;
  std::string summary;   // one line: what held, what was wrong, or why it was skipped
  std::string expected;  // for a FAIL
  std::string section;   // the spec's section: "Index server rules", ...
  std::vector<Exchange> exchanges;
};

// "41 6c 69..." and "A peer=alice content=song lease=120", or why the bytes do not decode.
std::string hex(const Bytes& bytes);
std::string decoded(const Bytes& bytes, Channel channel);

class Report {
 public:
  Report(std::string mode, std::string target, std::string level)
      : mode_(std::move(mode)), target_(std::move(target)), level_(std::move(level)) {}
  // Prints the rule's line (and, for a FAIL, its evidence) at once, and keeps it.
  void add(RuleResult r);
  // A rule judged: PASS with `pass` when `problem` is empty (its evidence dropped: evidence is for
  // failures), else FAIL with the problem and what was expected.
  void judge(RuleResult r, const std::string& problem, std::string pass, std::string expected);
  void skip(const std::string& id, const std::string& why);
  const std::vector<RuleResult>& rules() const { return rules_; }
  int count(Status s) const;
  bool write_json(const std::string& path) const;
  bool write_junit(const std::string& path) const;

 private:
  std::string mode_, target_, level_;
  std::vector<RuleResult> rules_;
};

}  // namespace p2p::conformance
