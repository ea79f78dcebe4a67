#pragma once

// The gRPC face of the notifications service
// (proto/jstedu/notifications/v1): a caller's notifications and each
// person's choices. Roles are checked by grpcutil::CallerOf from the
// proto's jstedu.api.v1.access options; the scope (whose notifications a
// caller sees, whose choices it sets) is ScopeOf's, applied by the stores
// inside their transactions.

#include "common/pg/pool.h"
#include "jstedu/notifications/v1/notifications.grpc.pb.h"
#include "services/notifications/store/preferences_store.h"
#include "services/notifications/store/read_store.h"

namespace jstedu::notifications {

class NotificationsServiceImpl final
    : public v1::NotificationsService::CallbackService {
 public:
  explicit NotificationsServiceImpl(pg::Pool& pool)
      : reads_(pool), preferences_(pool) {}

  grpc::ServerUnaryReactor* ListNotifications(
      grpc::CallbackServerContext* context,
      const v1::ListNotificationsRequest* request,
      v1::ListNotificationsResponse* response) override;
  grpc::ServerUnaryReactor* GetPreferences(
      grpc::CallbackServerContext* context,
      const v1::GetPreferencesRequest* request,
      v1::Preferences* response) override;
  grpc::ServerUnaryReactor* SetPreferences(
      grpc::CallbackServerContext* context,
      const v1::SetPreferencesRequest* request,
      v1::Preferences* response) override;

 private:
  // The person a preferences request is about, checked against the
  // caller's scope: the named one, or the caller's own. `to_change`: a
  // coordinator reads its region's people's choices but changes only its
  // own (PermissionDenied naming `person`).
  absl::StatusOr<std::string> PersonOf(const grpc::ServerContextBase& context,
                                       const std::string& requested,
                                       bool to_change, std::string* actor);

  NotificationReadStore reads_;
  PreferencesStore preferences_;
};

}  // namespace jstedu::notifications
