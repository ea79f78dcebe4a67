#include "services/notifications/smtp_client.h"

#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/config/env.h"
#include "services/notifications/domain/message.h"

namespace jstedu::notifications {
namespace {

constexpr char kUrl[] = "JSTEDU_SMTP_URL";
constexpr char kUser[] = "JSTEDU_SMTP_USER";
constexpr char kPasswordFile[] = "JSTEDU_SMTP_PASSWORD_FILE";
constexpr char kCaFile[] = "JSTEDU_SMTP_CA_FILE";
constexpr char kFrom[] = "JSTEDU_SMTP_FROM";
constexpr char kFromName[] = "JSTEDU_SMTP_FROM_NAME";

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// "smtp://host:port": a host and a port 1..65535, nothing else.
bool IsSmtpUrl(absl::string_view url) {
  if (!absl::ConsumePrefix(&url, "smtp://")) return false;
  const size_t colon = url.rfind(':');
  if (colon == 0 || colon == absl::string_view::npos) return false;
  int port = 0;
  return absl::SimpleAtoi(url.substr(colon + 1), &port) && port > 0 &&
         port < 65536 &&
         url.substr(0, colon).find('/') == absl::string_view::npos;
}

// The message, fed to libcurl as it asks.
struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadChunk(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t room = size * count;
  const size_t left = upload->data->size() - upload->offset;
  const size_t n = std::min(room, left);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// The enhanced status code (RFC 3463, "5.1.1") of the relay's last refusal
// (4xx or 5xx; the "221 Bye" to QUIT that follows one must not erase it),
// kept by libcurl's debug callback. Only the code: the text may name the
// address.
struct Replies {
  std::string enhanced;
};

std::string EnhancedCode(absl::string_view line) {
  // "550 5.1.1 <…>: …" or "550-5.1.1 …"
  if (line.size() < 9 || (line[3] != ' ' && line[3] != '-')) return "";
  line.remove_prefix(4);
  const size_t end = line.find_first_of(" \r\n");
  const absl::string_view code = line.substr(0, end);
  const std::vector<absl::string_view> parts = absl::StrSplit(code, '.');
  if (parts.size() != 3) return "";
  for (absl::string_view part : parts) {
    if (part.empty() || part.size() > 3) return "";
    for (char ch : part) {
      if (ch < '0' || ch > '9') return "";
    }
  }
  return std::string(code);
}

int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  const absl::string_view line(data, size);
  if (type == CURLINFO_HEADER_IN && line.size() >= 3 &&
      (line[0] == '4' || line[0] == '5')) {
    static_cast<Replies*>(user)->enhanced = EnhancedCode(line);
  }
  return 0;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

SmtpOutcome Classify(int curl_code, int answer, absl::string_view error,
                     absl::string_view enhanced, bool uploaded) {
  if (curl_code == CURLE_OK) return SmtpOutcome::kAccepted;
  // The relay's policy, its system, the protocol, or our sender: not the
  // message's ("5.7.1 Relay access denied", "Sender address rejected").
  // The code without its class ("5.7.1" -> ".7.1").
  const absl::string_view subject =
      enhanced.size() > 1 ? enhanced.substr(1) : absl::string_view();
  const bool relays = answer == 421 || absl::StartsWith(subject, ".7.") ||
                      absl::StartsWith(subject, ".3.") ||
                      absl::StartsWith(subject, ".5.") || subject == ".1.7" ||
                      subject == ".1.8";
  // A refusal of the recipient, of DATA, or of the message once sent
  // (libcurl names no step then, but the whole message went up).
  const bool about_message = absl::StartsWith(error, "RCPT failed") ||
                             absl::StartsWith(error, "DATA failed") ||
                             (uploaded && answer >= 400);
  if (about_message && !relays && answer >= 500 && answer < 600) {
    return SmtpOutcome::kPermanent;
  }
  if (about_message && !relays && answer >= 400 && answer < 500) {
    return SmtpOutcome::kTemporary;
  }
  return SmtpOutcome::kRelayFault;
}

SmtpSettings ReadSmtpSettings(config::Env& env) {
  SmtpSettings s;
  s.url = env.String(kUrl);
  s.user = env.String(kUser);
  s.password_file = env.String(kPasswordFile);
  s.ca_file = env.String(kCaFile);
  s.from_address = env.String(kFrom);
  s.from_name = env.String(kFromName, "Program wsparcia JST");
  return s;
}

absl::StatusOr<SmtpSettings> LoadSmtpSettings(SmtpSettings s) {
  std::vector<std::string> problems;
  if (!s.url.empty() && !IsSmtpUrl(s.url)) {
    problems.push_back(absl::StrCat(kUrl,
                                    ": must be smtp://host:port (the "
                                    "relay's submission port; STARTTLS "
                                    "is always required)"));
  }
  if (!s.password_file.empty()) {
    auto password = config::ReadSecretFile(s.password_file);
    if (!password) {
      problems.push_back(absl::StrCat(
          kPasswordFile, ": cannot read a password from ", s.password_file));
    } else {
      s.password = *password;
    }
  }
  if (!s.ca_file.empty()) {
    auto ca = config::ReadFileText(s.ca_file);
    if (!ca || !absl::StrContains(*ca, "-----BEGIN CERTIFICATE-----")) {
      problems.push_back(absl::StrCat(kCaFile, ": ", s.ca_file,
                                      " is not a readable PEM certificate"));
    }
  }
  if (!s.from_address.empty() && !IsMailAddress(s.from_address)) {
    problems.push_back(absl::StrCat(kFrom, ": must be an e-mail address"));
  }
  if (s.from_name.find_first_of("\r\n") != std::string::npos) {
    problems.push_back(absl::StrCat(kFromName, ": must be one line"));
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(absl::StrJoin(problems, "; "));
  }
  return s;
}

SmtpClient::SmtpClient(SmtpSettings settings) : settings_(std::move(settings)) {
  InitCurlOnce();
}

SmtpResult SmtpClient::Send(const std::string& to,
                            const std::string& message) const {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return {SmtpOutcome::kTemporary, 0, "libcurl: no handle"};
  CURL* c = curl.get();
  const std::string from = absl::StrCat("<", settings_.from_address, ">");
  const std::string rcpt = absl::StrCat("<", to, ">");
  std::unique_ptr<curl_slist, ListDeleter> recipients(
      curl_slist_append(nullptr, rcpt.c_str()));
  Upload upload{&message};
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp");
  curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_CAPATH, nullptr);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_SSLVERSION,
                   static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  curl_easy_setopt(c, CURLOPT_USERNAME, settings_.user.c_str());
  curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadChunk);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE,
                   static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(
      c, CURLOPT_CONNECTTIMEOUT_MS,
      static_cast<long>(absl::ToInt64Milliseconds(settings_.connect_timeout)));
  curl_easy_setopt(
      c, CURLOPT_TIMEOUT_MS,
      static_cast<long>(absl::ToInt64Milliseconds(settings_.timeout)));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  Replies replies;
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, OnDebug);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &replies);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
  const CURLcode code = curl_easy_perform(c);
  long answer = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &answer);
  SmtpResult result;
  result.code = static_cast<int>(answer);
  // Never the address in what is recorded.
  const std::string why =
      absl::StrReplaceAll(error[0] != '\0' ? error : curl_easy_strerror(code),
                          {{to, "<recipient>"}});
  result.outcome = Classify(code, static_cast<int>(answer), why,
                            replies.enhanced, upload.offset == message.size());
  const std::string said =
      absl::StrCat(answer > 0 ? absl::StrCat(" (", answer) : "",
                   !replies.enhanced.empty() && answer > 0
                       ? absl::StrCat(" ", replies.enhanced)
                       : "",
                   answer > 0 ? ")" : "", ": ", why);
  switch (result.outcome) {
    case SmtpOutcome::kAccepted:
      result.detail = absl::StrCat("accepted (", answer, ")");
      break;
    case SmtpOutcome::kPermanent:
      result.detail = absl::StrCat("refused", said);
      break;
    case SmtpOutcome::kTemporary:
      result.detail = absl::StrCat("deferred", said);
      break;
    case SmtpOutcome::kRelayFault:
      result.detail = code == CURLE_LOGIN_DENIED
                          ? absl::StrCat("the relay refused the login", said,
                                         " (check JSTEDU_SMTP_USER and "
                                         "JSTEDU_SMTP_PASSWORD_FILE)")
                          : absl::StrCat("the relay could not be used", said);
      break;
  }
  return result;
}

}  // namespace jstedu::notifications
