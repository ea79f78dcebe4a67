#pragma once

// Shapes of ids the services accept from callers.

#include <string_view>

namespace jstedu::ids {

// True for a UUID in its canonical text form: 8-4-4-4-12 hexadecimal digits
// (either case). Ids that fail this are INVALID_ARGUMENT, never looked up.
inline bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-'
             : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                 (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

// True for an edition code (recruitment's key, "PILOT-2017"): 2..32 of
// A-Z, 0-9 and '-', starting with a letter or digit.
inline bool IsEditionCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 32 || code[0] == '-') return false;
  for (char c : code) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
      return false;
    }
  }
  return true;
}

}  // namespace jstedu::ids
