// SPDX-License-Identifier: GPL-2.0-only
#include "apps/conformance/index_rules.h"

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <random>
#include <set>
#include <thread>

namespace p2p::conformance {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::string_literals;

constexpr const char* kIndexRules = "Index server rules";
constexpr const char* kFraming = "Framing";
constexpr const char* kCodes = "PDU types (error codes)";

Name name(const std::string& text) { return *Name::parse(text); }

// "an A", "an S", "a T": PDU letters as they are read out.
std::string an(char type) {
  return (std::string_view("AEFHILMNORSX").find(type) != std::string_view::npos ? "an " : "a ") + std::string(1, type);
}

Bytes raw(std::string_view text) { return Bytes(text.begin(), text.end()); }

// A fresh tag per run, so that names do not meet those of an earlier run against the same index.
std::string run_tag() {
  std::random_device rd;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04x", static_cast<unsigned>(rd() & 0xFFFF));
  return buf;
}

class IndexChecker {
 public:
  IndexChecker(asio::io_context& io, const IndexCheck& check, Report& report)
      : io_(io), check_(check), report_(report), tag_(run_tag()) {}

  bool run() {
    const auto local = route_source(io_, check_.index);
    main_ = std::make_unique<UdpProbe>(io_, check_.index, local);
    // The addresses registered are this checker's own and it listens on them, so that an index that checks
    // reachability finds them open.
    for (int i = 0; i < 2; ++i) listeners_.push_back(std::make_unique<tcp::acceptor>(io_, tcp::endpoint(local, 0)));
    addr_a_ = Endpoint{native_ip(local), listeners_[0]->local_endpoint().port()};
    addr_b_ = Endpoint{native_ip(local), listeners_[1]->local_endpoint().port()};
    open_second(local);

    register_ack();
    if (!answered_) return false;  // nothing answers: the caller says so, and no rule is judged further
    register_repeat();
    register_unspecified();
    register_mismatch();
    register_taken();
    search_answer();
    search_exclude();
    search_missing();
    deregister_not_owner();
    deregister_missing();
    deregister_owner();
    deregister_retransmitted();
    list_paging();
    malformed();
    unknown_type();
    bad_name();
    if (check_.v2) {
      lease_in_ack();
      lease_expiry();
      live_load();
      reply_cache_fresh();
    }
    clean_up();
    return true;
  }

 private:
  static IpAddress native_ip(const asio::ip::address& a) {
    if (a.is_v4()) return IpAddress::v4(a.to_v4().to_uint());
    return IpAddress::v6(a.to_v6().to_bytes());
  }

  void open_second(const asio::ip::address& local) {
    auto second = check_.second;
    if (!second && local.is_loopback() && local.is_v4())
      second = asio::ip::make_address_v4(local.to_v4().to_uint() == 0x7F000002u ? "127.0.0.1" : "127.0.0.2");
    if (!second) {
      no_second_ = "needs a second local address (--second-address ADDR); the index is not on loopback";
      return;
    }
    try {
      other_ = std::make_unique<UdpProbe>(io_, check_.index, *second);
      listeners_.push_back(std::make_unique<tcp::acceptor>(io_, tcp::endpoint(*second, 0)));
      addr_other_ = Endpoint{native_ip(*second), listeners_.back()->local_endpoint().port()};
    } catch (const std::exception& e) {
      no_second_ = "cannot use the second address " + second->to_string() + ": " + e.what();
      other_.reset();
    }
  }

  std::optional<Bytes> ask(UdpProbe& from, const Bytes& request, RuleResult& r, std::string note = {}) {
    auto answer = from.ask(request, check_.timeout);
    if (answer) answered_ = true;
    r.exchanges.push_back(Exchange{Channel::ToIndex, request, answer, std::move(note)});
    return answer;
  }
  std::optional<Bytes> ask(const UdpRequest& request, RuleResult& r, std::string note = {}) {
    return ask(*main_, encode(request), r, std::move(note));
  }

  // Empty when `answer` is what was expected; else what it is instead.
  static std::string is_ack(const std::optional<Bytes>& answer, const Name& peer, const Name& content) {
    if (!answer) return "no answer";
    auto d = decode_reply(*answer);
    if (!d) return "an answer that does not decode: " + d.error().message;
    const auto* a = std::get_if<pdu::Ack>(&*d);
    if (!a) return an(type_of(*d)) + " instead of an A";
    if (a->peer != peer || a->content != content) return "an A naming " + a->peer.str() + "/" + a->content.str();
    return {};
  }
  static std::string is_error(const std::optional<Bytes>& answer, ErrorCode code) {
    if (!answer) return "no answer";
    auto d = decode_reply(*answer);
    if (!d) return "an answer that does not decode: " + d.error().message;
    const auto* e = std::get_if<pdu::Error>(&*d);
    if (!e) return an(type_of(*d)) + " instead of an E";
    if (e->code != code) return "E " + std::to_string(static_cast<int>(e->code)) + " (\"" + e->message + "\")";
    return {};
  }
  static std::optional<pdu::SearchAnswer> search_answer_of(const std::optional<Bytes>& answer) {
    if (!answer) return std::nullopt;
    auto d = decode_reply(*answer);
    if (!d) return std::nullopt;
    if (const auto* s = std::get_if<pdu::SearchAnswer>(&*d)) return *s;
    return std::nullopt;
  }
  static std::string describe_answer(const std::optional<Bytes>& answer) {
    return answer ? decoded(*answer, Channel::FromIndex) : "no answer";
  }

  void judge(RuleResult r, const std::string& problem, std::string pass, std::string expected, const char* section) {
    r.section = section;
    report_.judge(std::move(r), problem, std::move(pass), std::move(expected));
  }
  void skip(const std::string& id, const std::string& why) { report_.skip(id, why); }

  Name peer_a() const { return name("a" + tag_); }
  Name peer_b() const { return name("b" + tag_); }
  Name requester(int i) const { return name("q" + std::to_string(i) + tag_); }
  Name content() const { return name("c" + tag_); }
  Name content2() const { return name("d" + tag_); }
  Name missing() const { return name("m" + tag_); }

  void register_ack() {
    RuleResult r{.id = "index.R.ack"};
    auto a = ask(UdpRequest{pdu::Register{peer_a(), content(), addr_a_}}, r);
    if (a) first_ack_ = *a;
    std::string problem = is_ack(a, peer_a(), content());
    if (problem.empty()) registered_.push_back({peer_a(), content()});
    judge(std::move(r), problem.empty() ? "" : "R got " + problem,
          "R " + peer_a().str() + "/" + content().str() + " answered with an A naming them",
          "A peer[10] content[10] (lease[4] in v2) naming the R's peer and content", kIndexRules);
  }

  void register_repeat() {
    RuleResult r{.id = "index.R.repeat"};
    auto a = ask(UdpRequest{pdu::Register{peer_a(), content(), addr_a_}}, r);
    std::string problem = is_ack(a, peer_a(), content());
    judge(std::move(r), problem.empty() ? "" : "a repeated R from the same IP got " + problem,
          "a repeated R from the same IP is acknowledged again", "A (a repeat refreshes the entry)", kIndexRules);
  }

  void register_unspecified() {
    RuleResult r{.id = "index.R.unspecified"};
    Endpoint unspecified{IpAddress::v4(0), addr_b_.port};
    auto a = ask(UdpRequest{pdu::Register{peer_b(), content(), unspecified}}, r, "R with 0.0.0.0:port");
    std::string problem = is_ack(a, peer_b(), content());
    if (problem.empty()) {
      registered_.push_back({peer_b(), content()});
      auto s = ask(UdpRequest{pdu::SearchRequest{requester(1), content(), {peer_a()}}}, r, "S excluding the other");
      auto answer = search_answer_of(s);
      if (!answer) problem = "the S after it got " + describe_answer(s);
      else if (answer->peer != peer_b() || answer->address != addr_b_)
        problem = "the S after it named " + answer->peer.str() + " at " + answer->address.to_string();
    } else {
      problem = "R got " + problem;
    }
    judge(std::move(r), problem, "0.0.0.0:" + std::to_string(addr_b_.port) + " was registered as " + addr_b_.to_string(),
          "A, then an S answer naming " + peer_b().str() + " at " + addr_b_.to_string() + " (the sender's IP)",
          kIndexRules);
  }

  void register_mismatch() {
    RuleResult r{.id = "index.R.address_mismatch"};
    Endpoint elsewhere{IpAddress::v4(0xC0000201u), addr_a_.port};  // 192.0.2.1, TEST-NET-1: never this host
    auto a = ask(UdpRequest{pdu::Register{name("x" + tag_), content(), elsewhere}}, r);
    std::string problem = is_error(a, ErrorCode::AddressMismatch);
    if (is_ack(a, name("x" + tag_), content()).empty()) registered_.push_back({name("x" + tag_), content()});
    judge(std::move(r), problem.empty() ? "" : "R naming another host got " + problem,
          "R naming another host's address got E 8", "E 8 (address mismatch)", kIndexRules);
  }

  void register_taken() {
    if (!other_) return skip("index.R.name_taken", no_second_);
    RuleResult r{.id = "index.R.name_taken"};
    auto a = ask(*other_, encode(UdpRequest{pdu::Register{peer_a(), content(), addr_other_}}), r,
                 "R of an existing peer/content from a second address");
    std::string problem = is_error(a, ErrorCode::NameTaken);
    judge(std::move(r), problem.empty() ? "" : "R of a name another IP holds got " + problem,
          "R of a name another IP holds got E 4", "E 4 (name taken)", kIndexRules);
  }

  void search_answer() {
    RuleResult r{.id = "index.S.answer"};
    auto s = ask(UdpRequest{pdu::SearchRequest{requester(2), content(), {}}}, r);
    auto answer = search_answer_of(s);
    std::string problem;
    if (!answer) problem = "S got " + describe_answer(s);
    else if (answer->content != content()) problem = "the S answer names content " + answer->content.str();
    else if (!((answer->peer == peer_a() && answer->address == addr_a_) ||
               (answer->peer == peer_b() && answer->address == addr_b_)))
      problem = "the S answer names " + answer->peer.str() + " at " + answer->address.to_string() + ", not a server registered";
    judge(std::move(r), problem, "S answered with a registered server and its address",
          "S peer[10] content[10] address of one of the registered servers", kIndexRules);
  }

  void search_exclude() {
    RuleResult r{.id = "index.S.exclude"};
    auto s = ask(UdpRequest{pdu::SearchRequest{requester(3), content(), {peer_b()}}}, r, "excluding " + peer_b().str());
    auto answer = search_answer_of(s);
    std::string problem;
    if (!answer) problem = "S excluding " + peer_b().str() + " got " + describe_answer(s);
    else if (answer->peer != peer_a()) problem = "S excluding " + peer_b().str() + " was answered with " + answer->peer.str();
    if (problem.empty()) {
      auto none = ask(UdpRequest{pdu::SearchRequest{requester(3), content(), {peer_a(), peer_b()}}}, r,
                      "excluding every server");
      if (auto p = is_error(none, ErrorCode::NotFound); !p.empty()) problem = "S excluding every server got " + p;
    }
    judge(std::move(r), problem, "excluded servers are never chosen; excluding all of them gives E 5",
          "the server not excluded, then E 5 when all are", kIndexRules);
  }

  void search_missing() {
    RuleResult r{.id = "index.S.not_found"};
    auto s = ask(UdpRequest{pdu::SearchRequest{requester(2), missing(), {}}}, r);
    std::string problem = is_error(s, ErrorCode::NotFound);
    judge(std::move(r), problem.empty() ? "" : "S of unregistered content got " + problem,
          "S of unregistered content got E 5", "E 5 (not found)", kIndexRules);
  }

  void deregister_not_owner() {
    if (!other_) return skip("index.T.not_owner", no_second_);
    RuleResult r{.id = "index.T.not_owner"};
    auto a = ask(*other_, encode(UdpRequest{pdu::Deregister{peer_a(), content()}}), r, "T from another IP");
    std::string problem = is_error(a, ErrorCode::NotOwner);
    if (!problem.empty()) problem = "T from another IP than the owner's got " + problem;
    judge(std::move(r), problem, "T from another IP than the owner's got E 6", "E 6 (not the owner)", kIndexRules);
  }

  void deregister_missing() {
    RuleResult r{.id = "index.T.not_found"};
    auto a = ask(UdpRequest{pdu::Deregister{peer_a(), missing()}}, r);
    std::string problem = is_error(a, ErrorCode::NotFound);
    judge(std::move(r), problem.empty() ? "" : "T of an entry that does not exist got " + problem,
          "T of an entry that does not exist got E 5", "E 5 (not found)", kIndexRules);
  }

  void deregister_owner() {
    RuleResult r{.id = "index.T.owner"};
    t_request_ = encode(UdpRequest{pdu::Deregister{peer_b(), content()}});
    auto a = ask(*main_, t_request_, r, "T by the owner");
    t_answer_ = a;
    std::string problem = is_ack(a, peer_b(), content());
    if (problem.empty()) {
      std::erase(registered_, std::pair{peer_b(), content()});
      // At once the same T, as a lost A makes a peer send it (any other request would end what the index kept).
      RuleResult again{.id = "index.T.retransmitted"};
      t_again_ = ask(*main_, t_request_, again, "the same T again, as a lost A would make a peer send it");
      t_again_exchange_ = again.exchanges.back();
      auto s = ask(UdpRequest{pdu::SearchRequest{requester(4), content(), {peer_a()}}}, r,
                   "S for the de-registered entry alone");
      if (auto p = is_error(s, ErrorCode::NotFound); !p.empty()) problem = "after the T, an S still got " + p;
    } else {
      problem = "T by the owner got " + problem;
    }
    judge(std::move(r), problem, "T by the owner got A, and the entry is gone",
          "A, then E 5 for an S that only the de-registered entry could answer", kIndexRules);
  }

  void deregister_retransmitted() {
    RuleResult r{.id = "index.T.retransmitted"};
    if (!t_answer_ || !t_again_exchange_) return skip(r.id, "the T before it was not answered with an A");
    r.exchanges.push_back(*t_again_exchange_);
    const auto& a = t_again_;
    std::string problem;
    if (!a) problem = "the retransmitted T got no answer";
    else if (*a != *t_answer_) problem = "the retransmitted T got " + decoded(*a, Channel::FromIndex) + ", not the same A";
    judge(std::move(r), problem, "a retransmitted T got the same answer again (reply cache)",
          "the same bytes as the first answer: " + hex(*t_answer_), kIndexRules);
  }

  void list_paging() {
    RuleResult r{.id = "index.O.paging"};
    std::set<Name> ours = {content()};
    for (int i = 0; i < 10; ++i) {
      Name c = name("l" + tag_ + std::to_string(i));
      auto a = ask(UdpRequest{pdu::Register{peer_a(), c, addr_a_}}, r, "R of a content to list");
      if (!is_ack(a, peer_a(), c).empty()) {
        judge(std::move(r), "R of a content to list got " + describe_answer(a), "", "A", kIndexRules);
        return;
      }
      registered_.push_back({peer_a(), c});
      ours.insert(c);
    }
    std::uint16_t cursor = 0;
    int pages = 0;
    std::string problem;
    std::set<Name> seen;
    constexpr int kMaxPages = 200;  // 1,800 names: a bound, not a limit of the protocol
    do {
      auto o = ask(UdpRequest{pdu::ListRequest{cursor}}, r, "O cursor " + std::to_string(cursor));
      auto d = o ? decode_reply(*o) : Result<UdpReply>(ProtocolError{ErrorCode::Malformed, "no answer"});
      const auto* page = d ? std::get_if<pdu::ListAnswer>(&*d) : nullptr;
      if (!page) {
        problem = "O cursor " + std::to_string(cursor) + " got " + describe_answer(o);
        break;
      }
      if (page->names.size() > kNamesPerListPage) problem = "a page of more than 9 names";
      seen.insert(page->names.begin(), page->names.end());
      cursor = page->next_cursor;
      ++pages;
    } while (cursor != 0 && pages < kMaxPages && problem.empty());
    if (problem.empty()) {
      std::vector<std::string> lost;
      for (const Name& n : ours)
        if (!seen.count(n)) lost.push_back(n.str());
      if (pages == 1 && seen.size() < ours.size())
        problem = "one page with next_cursor 0 although " + std::to_string(ours.size()) + " names are registered";
      else if (!lost.empty())
        problem = std::to_string(lost.size()) + " registered names are on no page (e.g. " + lost.front() + ")";
      else if (cursor != 0)
        problem = "still more pages after " + std::to_string(kMaxPages);
    }
    // The evidence of a paging failure is the list requests; the registrations only make it long.
    if (!problem.empty())
      std::erase_if(r.exchanges, [](const Exchange& x) { return x.note == "R of a content to list"; });
    judge(std::move(r), problem,
          "O paged " + std::to_string(seen.size()) + " names over " + std::to_string(pages) + " pages, ours all among them",
          "pages of at most 9 names whose next_cursor leads to the last (0), every registered name on one", kIndexRules);
  }

  void malformed() {
    RuleResult r{.id = "index.E1.malformed"};
    auto a = ask(*main_, raw("Tabcde"), r, "T with 5 bytes of data");
    std::string problem = is_error(a, ErrorCode::Malformed);
    if (problem.empty()) {
      auto b = ask(*main_, raw("R" "abc\0\0\0\0\0\0\0" "song\0\0\0\0\0\0"s), r, "R without an address");
      if (auto p = is_error(b, ErrorCode::Malformed); !p.empty()) problem = "an R without an address got " + p;
    } else {
      problem = "a T of 5 data bytes got " + problem;
    }
    judge(std::move(r), problem, "malformed PDUs got E 1", "E 1 (malformed PDU)", kFraming);
  }

  void unknown_type() {
    RuleResult r{.id = "index.E2.unknown_type"};
    // A type protocol.md does not define. Not K: the skip report is this project's extension
    // (docs/protocol-decisions.md), which its own index reads and a v1 index answers E 2; the
    // checker holds an index to protocol.md alone, so it neither sends K nor expects either answer.
    auto a = ask(*main_, raw("Zzz"), r);
    std::string problem = is_error(a, ErrorCode::UnknownType);
    judge(std::move(r), problem.empty() ? "" : "a PDU of unknown type Z got " + problem,
          "a PDU of unknown type got E 2", "E 2 (unknown type)", kCodes);
  }

  void bad_name() {
    RuleResult r{.id = "index.E3.bad_name"};
    auto a = ask(*main_, raw("T" "a/b\0\0\0\0\0\0\0" "song\0\0\0\0\0\0"s), r, "T with peer name a/b");
    std::string problem = is_error(a, ErrorCode::BadName);
    if (problem.empty()) {
      auto b = ask(*main_, raw("S" "abc\0\0\0\0\0\0\0" "..\0\0\0\0\0\0\0\0"s), r, "S for content ..");
      if (auto p = is_error(b, ErrorCode::BadName); !p.empty()) problem = "an S for content \"..\" got " + p;
    } else {
      problem = "a T with peer name a/b got " + problem;
    }
    judge(std::move(r), problem, "bad names got E 3", "E 3 (bad name)", kFraming);
  }

  void lease_in_ack() {
    RuleResult r{.id = "index.v2.lease"};
    if (!first_ack_) return skip(r.id, "the first R was not answered");
    r.exchanges.push_back(Exchange{Channel::ToIndex, encode(UdpRequest{pdu::Register{peer_a(), content(), addr_a_}}),
                                   first_ack_, "the first R"});
    auto d = decode_reply(*first_ack_);
    const auto* a = d ? std::get_if<pdu::Ack>(&*d) : nullptr;
    if (a && a->lease) lease_ = *a->lease;
    judge(std::move(r), lease_ ? "" : "the A answering an R carries no lease[4] (a v1 A of 20 bytes)",
          "the A answering an R carries lease " + std::to_string(lease_.value_or(0)) + " s",
          "A peer[10] content[10] lease[4]", kIndexRules);
  }

  void lease_expiry() {
    const std::string id = "index.v2.lease_expiry";
    if (!lease_ || *lease_ == 0) return skip(id, "no lease, or lease 0 (never expires)");
    if (std::chrono::seconds(*lease_) > check_.max_wait)
      return skip(id, "the lease is " + std::to_string(*lease_) + " s, longer than --max-wait " +
                          std::to_string(check_.max_wait.count() / 1000) + " s (run the index with a short lease)");
    RuleResult r{.id = id};
    Name c = name("e" + tag_);
    auto a = ask(UdpRequest{pdu::Register{peer_a(), c, addr_a_}}, r, "R, then nothing for the lease");
    if (auto p = is_ack(a, peer_a(), c); !p.empty()) return judge(std::move(r), "R got " + p, "", "A", kIndexRules);
    std::this_thread::sleep_for(std::chrono::seconds(*lease_) + std::chrono::milliseconds(1500));
    auto s = ask(UdpRequest{pdu::SearchRequest{requester(5), c, {}}}, r, "S after the lease ran out");
    std::string problem = is_error(s, ErrorCode::NotFound);
    judge(std::move(r), problem.empty() ? "" : "an S after the lease ran out got " + problem,
          "the entry expired after its lease of " + std::to_string(*lease_) + " s",
          "E 5: an expired entry is gone", kIndexRules);
  }

  void live_load() {
    RuleResult r{.id = "index.v2.live_load"};
    Name c = content2();
    for (auto [peer, addr] : {std::pair{peer_a(), addr_a_}, std::pair{peer_b(), addr_b_}}) {
      auto a = ask(UdpRequest{pdu::Register{peer, c, addr}}, r, "R of a second content");
      if (auto p = is_ack(a, peer, c); !p.empty()) return judge(std::move(r), "R got " + p, "", "A", kIndexRules);
      registered_.push_back({peer, c});
    }
    auto first = search_answer_of(ask(UdpRequest{pdu::SearchRequest{requester(6), c, {}}}, r, "first requester"));
    auto second = search_answer_of(ask(UdpRequest{pdu::SearchRequest{requester(7), c, {}}}, r, "second requester"));
    std::string problem;
    if (!first || !second) problem = "an S was not answered with a server";
    else if (first->peer == second->peer)
      problem = "both requesters were sent to " + first->peer.str() + " while the other server had no assignment";
    judge(std::move(r), problem, "two requesters in a row were sent to the two servers (least-used)",
          "the second S answered with the server that has no open assignment", kIndexRules);
  }

  void reply_cache_fresh() {
    RuleResult r{.id = "index.v2.reply_cache_fresh"};
    Bytes s = encode(UdpRequest{pdu::SearchRequest{requester(8), content2(), {}}});
    auto chosen = search_answer_of(ask(*main_, s, r, "S"));
    if (!chosen) return judge(std::move(r), "the S got no server", "", "an S answer", kIndexRules);
    auto t = ask(UdpRequest{pdu::Deregister{chosen->peer, content2()}}, r, "T of the server it named");
    if (auto p = is_ack(t, chosen->peer, content2()); !p.empty())
      return judge(std::move(r), "the T got " + p, "", "A", kIndexRules);
    std::erase(registered_, std::pair{chosen->peer, content2()});
    auto again = ask(*main_, s, r, "the same S again");
    auto repeated = search_answer_of(again);
    std::string problem;
    if (repeated && repeated->peer == chosen->peer)
      problem = "the same S, sent again after the T, named the de-registered " + chosen->peer.str();
    else if (!again)
      problem = "the same S, sent again, got no answer";
    judge(std::move(r), problem, "a kept S answer was not repeated once its entry was gone",
          "another server or E 5, never the entry de-registered in between", kIndexRules);
  }

  void clean_up() {
    for (const auto& [peer, c] : registered_) {
      RuleResult ignored;
      ask(UdpRequest{pdu::Deregister{peer, c}}, ignored);
    }
  }

  asio::io_context& io_;
  const IndexCheck& check_;
  Report& report_;
  std::string tag_;
  std::unique_ptr<UdpProbe> main_, other_;
  std::vector<std::unique_ptr<tcp::acceptor>> listeners_;
  Endpoint addr_a_, addr_b_, addr_other_;
  std::string no_second_;
  bool answered_ = false;
  std::optional<Bytes> first_ack_;
  std::optional<std::uint32_t> lease_;
  Bytes t_request_;
  std::optional<Bytes> t_answer_, t_again_;
  std::optional<Exchange> t_again_exchange_;
  std::vector<std::pair<Name, Name>> registered_;
};

}  // namespace

bool check_index(asio::io_context& io, const IndexCheck& check, Report& report) {
  return IndexChecker(io, check, report).run();
}

}  // namespace p2p::conformance
