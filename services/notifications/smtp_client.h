#pragma once

// Hands a composed message to the programme's SMTP relay, with libcurl
// (libcurl4-openssl-dev): STARTTLS required before anything is sent
// (CURLUSESSL_ALL), the relay's certificate verified against a CA file
// and its name checked, then AUTH with the configured user.
//
// The answer says what the relay did with the message (Classify):
//   kAccepted   250 to the data: the relay has it;
//   kTemporary  a 4xx answer to the recipient, to DATA or to the message:
//               try this message again later;
//   kPermanent  a 5xx answer to the recipient (a mailbox that does not
//               exist), to DATA or to the message (a content filter):
//               trying again would not help;
//   kRelayFault anything else: no connection, TLS, a refused login or
//               sender, a greeting or EHLO refused, 421, and every answer
//               whose enhanced status code (RFC 3463) is the relay's
//               policy, system or protocol (x.7.*, x.3.*, x.5.*) or our
//               sender (x.1.7, x.1.8), whichever step it answered
//               ("554 5.7.1 Relay access denied" at RCPT): the relay or
//               our settings are at fault, not this message.
// A message the relay accepted but whose answer was lost is reported as
// kTemporary and so sent again; it carries the same Message-ID
// (domain/message.h), so the duplicate is recognisable.
//
// Thread-safety: Send may be called from several threads at once (each
// call has its own connection).

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/config/env.h"

namespace jstedu::notifications {

struct SmtpSettings {
  // "smtp://relay.example:587" (STARTTLS on the submission port).
  std::string url;
  std::string user;
  // A file holding the password (one trailing newline dropped).
  std::string password_file;
  std::string password;  // read by LoadSmtpSettings
  // PEM file of the CA the relay's certificate must chain to.
  std::string ca_file;
  // The sender: "powiadomienia@…", and the name shown.
  std::string from_address;
  std::string from_name;
  absl::Duration connect_timeout = absl::Seconds(10);
  // The whole exchange.
  absl::Duration timeout = absl::Seconds(60);
};

// Reads JSTEDU_SMTP_URL, JSTEDU_SMTP_USER, JSTEDU_SMTP_PASSWORD_FILE,
// JSTEDU_SMTP_CA_FILE, JSTEDU_SMTP_FROM (all required) and
// JSTEDU_SMTP_FROM_NAME (default "Program wsparcia JST") through `env`.
SmtpSettings ReadSmtpSettings(config::Env& env);

// `settings` checked and the password read: InvalidArgument naming every
// variable at fault (a URL that is not smtp://host:port, a file that
// cannot be read or is empty, a sender that is not an e-mail address).
absl::StatusOr<SmtpSettings> LoadSmtpSettings(SmtpSettings settings);

enum class SmtpOutcome { kAccepted, kTemporary, kPermanent, kRelayFault };

// The outcome of an exchange: libcurl's result, the relay's last answer
// code and enhanced status code ("" when it gave none), libcurl's error
// text ("RCPT failed: 550"), and whether the whole message was uploaded.
SmtpOutcome Classify(int curl_code, int answer, absl::string_view error,
                     absl::string_view enhanced, bool uploaded);

struct SmtpResult {
  SmtpOutcome outcome = SmtpOutcome::kTemporary;
  // The relay's last answer code (0 when there was none).
  int code = 0;
  // What happened, for the record (never the message or the address).
  std::string detail;
};

class SmtpClient {
 public:
  explicit SmtpClient(SmtpSettings settings);

  // Sends `message` (Compose's bytes) from the configured sender to `to`.
  SmtpResult Send(const std::string& to, const std::string& message) const;

  const SmtpSettings& settings() const { return settings_; }

 private:
  SmtpSettings settings_;
};

}  // namespace jstedu::notifications
