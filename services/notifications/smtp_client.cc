#include "services/notifications/smtp_client.h"

#include <curl/curl.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
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

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
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

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

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
    auto password = ReadFile(s.password_file);
    if (password && absl::EndsWith(*password, "\n")) password->pop_back();
    if (!password || password->empty()) {
      problems.push_back(absl::StrCat(
          kPasswordFile, ": cannot read a password from ", s.password_file));
    } else {
      s.password = *password;
    }
  }
  if (!s.ca_file.empty()) {
    auto ca = ReadFile(s.ca_file);
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
  const CURLcode code = curl_easy_perform(c);
  long answer = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &answer);
  SmtpResult result;
  result.code = static_cast<int>(answer);
  // Never the address in what is recorded.
  const std::string why =
      absl::StrReplaceAll(error[0] != '\0' ? error : curl_easy_strerror(code),
                          {{to, "<recipient>"}});
  // libcurl names the step a refusal answered: "RCPT failed: 550",
  // "DATA failed: 554" (the message's); "MAIL failed", a greeting, EHLO,
  // STARTTLS or AUTH are the relay's or ours.
  const bool about_message = absl::StartsWith(why, "RCPT failed") ||
                             absl::StartsWith(why, "DATA failed") ||
                             (code == CURLE_OK);
  if (code == CURLE_OK) {
    result.outcome = SmtpOutcome::kAccepted;
    result.detail = absl::StrCat("accepted (", answer, ")");
  } else if (about_message && answer >= 500 && answer < 600) {
    result.outcome = SmtpOutcome::kPermanent;
    result.detail = absl::StrCat("refused (", answer, "): ", why);
  } else if (about_message && answer >= 400 && answer < 500) {
    result.outcome = SmtpOutcome::kTemporary;
    result.detail = absl::StrCat("deferred (", answer, "): ", why);
  } else if (code == CURLE_LOGIN_DENIED) {
    result.outcome = SmtpOutcome::kRelayFault;
    result.detail = absl::StrCat("the relay refused the login (", answer,
                                 "): check JSTEDU_SMTP_USER and "
                                 "JSTEDU_SMTP_PASSWORD_FILE");
  } else {
    result.outcome = SmtpOutcome::kRelayFault;
    result.detail = absl::StrCat(
        "the relay could not be used",
        answer > 0 ? absl::StrCat(" (", answer, ")") : "", ": ", why);
  }
  return result;
}

}  // namespace jstedu::notifications
