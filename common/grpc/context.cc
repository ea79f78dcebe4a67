#include "common/grpc/context.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/grpc/principal.h"
#include "common/grpc/principal_signature.h"

namespace jstedu::grpcutil {
namespace {

std::string RandomHex(int bytes) {
  thread_local std::mt19937_64 random(std::random_device{}());
  std::string out;
  while (static_cast<int>(out.size()) < bytes * 2) {
    absl::StrAppend(&out, absl::StrFormat("%016x", random()));
  }
  out.resize(static_cast<size_t>(bytes) * 2);
  if (out.find_first_not_of('0') == std::string::npos) out.back() = '1';
  return out;
}

bool IsLowerHex(const std::string& text, size_t from, size_t length) {
  for (size_t i = from; i < from + length; ++i) {
    char c = text[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return text.substr(from, length).find_first_not_of('0') != std::string::npos;
}

std::string Metadata(const grpc::ServerContextBase& context, const char* key) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(key);
  if (it == metadata.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

bool IsValidTraceparent(const std::string& value) {
  return value.size() == 55 && value.compare(0, 3, "00-") == 0 &&
         value[35] == '-' && value[52] == '-' && IsLowerHex(value, 3, 32) &&
         IsLowerHex(value, 36, 16) &&
         value.find_first_not_of("0123456789abcdef", 53) == std::string::npos;
}

std::string IncomingTraceparent(const grpc::ServerContextBase& context) {
  std::string value = Metadata(context, kTraceparentKey);
  return IsValidTraceparent(value) ? value : "";
}

std::string ChildTraceparent(const std::string& parent) {
  std::string trace_id =
      IsValidTraceparent(parent) ? parent.substr(3, 32) : RandomHex(16);
  std::string flags = IsValidTraceparent(parent) ? parent.substr(53, 2) : "01";
  return absl::StrCat("00-", trace_id, "-", RandomHex(8), "-", flags);
}

std::unique_ptr<grpc::ClientContext> OutgoingContext(
    const grpc::ServerContextBase* incoming,
    std::chrono::milliseconds timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  auto deadline = std::chrono::system_clock::now() + timeout;
  std::string parent;
  if (incoming != nullptr) {
    if (incoming->deadline() < deadline) deadline = incoming->deadline();
    parent = IncomingTraceparent(*incoming);
    // Only a principal this deployment signed is passed on, signed anew: a
    // forged one must not come out of a service signed.
    const std::string principal = Metadata(*incoming, kPrincipalKey);
    if (!principal.empty() &&
        VerifyPrincipal(principal, Metadata(*incoming, kPrincipalSignatureKey),
                        absl::Now())
            .ok()) {
      AttachPrincipal(*context, principal);
    }
    std::string request_id = Metadata(*incoming, kRequestIdKey);
    if (!request_id.empty()) context->AddMetadata(kRequestIdKey, request_id);
  }
  context->set_deadline(deadline);
  context->set_wait_for_ready(true);
  context->AddMetadata(kTraceparentKey, ChildTraceparent(parent));
  return context;
}

}  // namespace jstedu::grpcutil
