// SPDX-License-Identifier: GPL-2.0-only
// Carries out the index's address checks: a TCP connect within a timeout, then close. The result
// goes to a callback, never a byte is sent: the check proves only that the address accepts.
#pragma once
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>

#include "model/index_server.h"

namespace p2p::native {

class AddressChecker {
 public:
  using Done = std::function<void(std::uint64_t id, bool accepted)>;
  AddressChecker(boost::asio::io_context& io, Duration timeout, Done done);

  void start(const AddressCheck& check);
  void close();  // checks under way end without a result

 private:
  boost::asio::io_context& io_;
  Duration timeout_;
  Done done_;
  std::shared_ptr<bool> open_ = std::make_shared<bool>(true);
};

}  // namespace p2p::native
