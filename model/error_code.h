// SPDX-License-Identifier: GPL-2.0-only
// The error codes an E PDU carries (protocol.md, "Error codes").
#pragma once
#include <cstdint>
#include <string_view>

namespace p2p {

enum class ErrorCode : std::uint8_t {
  Malformed = 1,
  UnknownType = 2,
  BadName = 3,
  NameTaken = 4,
  NotFound = 5,
  NotOwner = 6,
  RegistryFull = 7,
  AddressMismatch = 8,
  ContentUnavailable = 9,
  Internal = 10,
  Busy = 11,       // the content server is at its upload-slot limit
  BadRange = 12,   // a D's offset or length runs past the end of the content
};

constexpr bool is_known_error_code(std::uint8_t v) { return v >= 1 && v <= 12; }

std::string_view describe(ErrorCode code);

}  // namespace p2p
