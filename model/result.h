// SPDX-License-Identifier: GPL-2.0-only
// A value or a typed protocol error: what every decoder returns instead of throwing.
#pragma once
#include <string>
#include <utility>
#include <variant>

#include "error_code.h"

namespace p2p {

struct ProtocolError {
  ErrorCode code = ErrorCode::Malformed;
  std::string message;
};

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(ProtocolError error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  const ProtocolError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, ProtocolError> v_;
};

}  // namespace p2p
