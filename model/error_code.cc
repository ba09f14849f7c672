// SPDX-License-Identifier: GPL-2.0-only
#include "error_code.h"

namespace p2p {

std::string_view describe(ErrorCode code) {
  switch (code) {
    case ErrorCode::Malformed: return "malformed PDU";
    case ErrorCode::UnknownType: return "unknown type";
    case ErrorCode::BadName: return "bad name";
    case ErrorCode::NameTaken: return "name taken";
    case ErrorCode::NotFound: return "not found";
    case ErrorCode::NotOwner: return "not the owner";
    case ErrorCode::RegistryFull: return "registry full";
    case ErrorCode::AddressMismatch: return "address mismatch";
    case ErrorCode::ContentUnavailable: return "content unavailable";
    case ErrorCode::Internal: return "internal error";
    case ErrorCode::Busy: return "busy";
    case ErrorCode::BadRange: return "bad range";
  }
  return "unknown error";
}

}  // namespace p2p
