#pragma once

// The one place where libpqxx exceptions become absl::Status codes.
//
// Mapping (by SQLSTATE where the server sent one):
//   40001 serialization_failure, 40P01 deadlock_detected  -> Aborted
//   23505 unique_violation                                -> AlreadyExists
//   23503 foreign_key_violation, 23P01 exclusion          -> FailedPrecondition
//   23502 not_null, 23514 check, class 22 data exception  -> InvalidArgument
//   57014 query_canceled (statement timeout)              -> DeadlineExceeded
//   class 08, 57P01..57P03 (shutdown, cannot connect)     -> Unavailable
//   broken_connection                                     -> Unavailable
//   in_doubt_error (connection lost during COMMIT)        -> Unknown
//   anything else                                         -> Internal
// Messages carry only the server's primary message (the first line), never
// its DETAIL, which quotes row values (personal data among them).

#include <exception>

#include "absl/status/status.h"

namespace jstedu::pg {

absl::Status StatusFromException(const std::exception& error);

}  // namespace jstedu::pg
