#include "common/grpc/principal.h"

#include <cstdlib>
#include <map>

#include "absl/strings/escaping.h"
#include "absl/time/clock.h"
#include "common/grpc/access.h"
#include "common/grpc/context.h"
#include "common/grpc/principal_signature.h"
#include "common/status/fields.h"

namespace jstedu::grpcutil {

absl::StatusOr<auth::v1::Principal> RequirePrincipal(
    const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kPrincipalKey);
  if (it == metadata.end()) {
    return absl::UnauthenticatedError("the call carries no verified principal");
  }
  const std::string_view bytes(it->second.data(), it->second.size());
  auto signature = metadata.find(kPrincipalSignatureKey);
  absl::Status verified = VerifyPrincipal(
      bytes,
      signature == metadata.end() ? std::string_view()
                                  : std::string_view(signature->second.data(),
                                                     signature->second.size()),
      absl::Now());
  if (!verified.ok()) return verified;
  auth::v1::Principal principal;
  if (!principal.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      principal.role() == auth::v1::ROLE_UNSPECIFIED ||
      principal.subject().empty()) {
    return absl::UnauthenticatedError("the call carries no verified principal");
  }
  auto called = metadata.find(kCalledMethodKey);
  absl::Status allowed = CheckDeclaredRole(
      called == metadata.end()
          ? std::string_view()
          : CalledMethod(
                std::string_view(called->second.data(), called->second.size())),
      principal.role(), auth::v1::Role_Name(principal.role()));
  if (!allowed.ok()) return allowed;
  return principal;
}

void WithPrincipal(grpc::ClientContext& context,
                   const auth::v1::Principal& principal) {
  AttachPrincipal(context, principal.SerializeAsString());
}

void AttachPrincipal(grpc::ClientContext& context, const std::string& bytes) {
  context.AddMetadata(kPrincipalKey, bytes);
  context.AddMetadata(kPrincipalSignatureKey,
                      SignPrincipal(bytes, absl::Now()));
}

std::optional<int> RunSignPrincipalCommand(int argc, char** argv,
                                           std::ostream& out,
                                           std::ostream& err) {
  if (argc < 2 || std::string(argv[1]) != "sign-principal") return std::nullopt;
  constexpr char kUsage[] =
      "usage: sign-principal --subject S --role "
      "ADMIN|COORDINATOR|EXPERT|TRAINER|JST|MINISTRY|SERVICE [--voivodeship "
      "WW] "
      "[--jst TERYT]\n";
  std::map<std::string, std::string> flags;
  for (int i = 2; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 >= argc || (flag != "--subject" && flag != "--role" &&
                          flag != "--voivodeship" && flag != "--jst")) {
      err << kUsage;
      return 2;
    }
    flags[flag] = argv[i + 1];
  }
  auth::v1::Principal principal;
  principal.set_subject(flags["--subject"]);
  auth::v1::Role role = auth::v1::ROLE_UNSPECIFIED;
  if (principal.subject().empty() ||
      !auth::v1::Role_Parse(flags["--role"], &role) ||
      role == auth::v1::ROLE_UNSPECIFIED) {
    err << kUsage;
    return 2;
  }
  principal.set_role(role);
  principal.set_voivodeship(flags["--voivodeship"]);
  principal.set_jst(flags["--jst"]);
  // The scopes the gateway requires of a token (gateway/auth.cc): a
  // coordinator's voivodeship, a JST's own code, and no scope for the rest.
  const bool coordinator = role == auth::v1::COORDINATOR;
  const bool jst = role == auth::v1::JST;
  std::string wrong;
  if (coordinator != !principal.voivodeship().empty()) {
    wrong =
        "--voivodeship goes with COORDINATOR only, and COORDINATOR needs it";
  } else if (coordinator &&
             !errors::IsVoivodeshipCode(principal.voivodeship())) {
    wrong = "--voivodeship: a voivodeship code (02..32, even)";
  } else if (jst != !principal.jst().empty()) {
    wrong = "--jst goes with JST only, and JST needs it";
  } else if (jst && !errors::IsJstTerytCode(principal.jst())) {
    wrong = "--jst: a TERYT code of 4 or 7 digits";
  }
  if (!wrong.empty()) {
    err << wrong << "\n" << kUsage;
    return 2;
  }
  const char* file = std::getenv(kPrincipalKeyFileVariable);
  auto keys = ReadPrincipalKeys(file != nullptr ? file : "", "");
  if (!keys.ok()) {
    err << keys.status().message() << "\n";
    return 2;
  }
  UsePrincipalKeys(*std::move(keys));
  const std::string bytes = principal.SerializeAsString();
  out << kPrincipalKey << ": " << absl::Base64Escape(bytes) << "\n"
      << kPrincipalSignatureKey << ": " << SignPrincipal(bytes, absl::Now())
      << "\n";
  return 0;
}

}  // namespace jstedu::grpcutil
