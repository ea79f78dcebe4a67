#pragma once

// A descriptor pool for tests, built from text: a service whose methods
// carry the google.api.http shapes the gateway must handle (literal vs
// variable paths, custom verbs, bodies, multi-segment variables, variables
// with a suffix, raw jstedu.api.v1.HttpBody responses).
//
// Test-only; not thread-safe to build, immutable afterwards.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "common/grpc/channel.h"
#include "gateway/route_table.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace jstedu::gateway::testing {

inline constexpr char kTestFile[] = R"pb(
  name: "gateway_test/items.proto"
  package: "gwtest"
  syntax: "proto3"
  dependency: "jstedu/api/v1/http_body.proto"
  message_type {
    name: "Sub"
    field { name: "id" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
    field { name: "note" number: 2 type: TYPE_STRING label: LABEL_OPTIONAL }
  }
  message_type {
    name: "Req"
    field { name: "id" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
    field {
      name: "sub"
      number: 2
      type: TYPE_MESSAGE
      type_name: ".gwtest.Sub"
      label: LABEL_OPTIONAL
    }
    field { name: "tags" number: 3 type: TYPE_STRING label: LABEL_REPEATED }
    field { name: "page_size" number: 4 type: TYPE_INT32 label: LABEL_OPTIONAL }
    field { name: "flag" number: 5 type: TYPE_BOOL label: LABEL_OPTIONAL }
    field { name: "blob" number: 6 type: TYPE_BYTES label: LABEL_OPTIONAL }
  }
  service {
    name: "ItemService"
    method {
      name: "GetItem"
      input_type: ".gwtest.Req"
      output_type: ".gwtest.Sub"
      options {
        [google.api.http] { get: "/v1/items/{id}" }
      }
    }
    method {
      name: "GetSpecial"
      input_type: ".gwtest.Req"
      output_type: ".gwtest.Sub"
      options {
        [google.api.http] { get: "/v1/items/special" }
      }
    }
    method {
      name: "CreateItem"
      input_type: ".gwtest.Req"
      output_type: ".gwtest.Sub"
      options {
        [google.api.http] { post: "/v1/items" body: "*" }
      }
    }
    method {
      name: "ApproveItem"
      input_type: ".gwtest.Req"
      output_type: ".gwtest.Sub"
      options {
        [google.api.http] { post: "/v1/items/{id}:approve" body: "*" }
      }
    }
    method {
      name: "UpdateSub"
      input_type: ".gwtest.Req"
      output_type: ".gwtest.Sub"
      options {
        [google.api.http] {
          patch: "/v1/items/{id}"
          body: "sub"
          additional_bindings { put: "/v1/items/{id}/sub" body: "sub" }
        }
      }
    }
    method {
      name: "GetBook"
      input_type: ".gwtest.Req"
      output_type: ".gwtest.Sub"
      options {
        [google.api.http] { get: "/v1/{id=shelves/*}/books/{sub.id}" }
      }
    }
    method {
      name: "GetFile"
      input_type: ".gwtest.Req"
      output_type: ".gwtest.Sub"
      options {
        [google.api.http] { delete: "/v1/files/{id=**}" }
      }
    }
    method {
      name: "GetItemCalendar"
      input_type: ".gwtest.Req"
      output_type: ".jstedu.api.v1.HttpBody"
      options {
        [google.api.http] { get: "/v1/items/{id}.ics" }
      }
    }
    method {
      name: "GetPageCalendar"
      input_type: ".gwtest.Req"
      output_type: ".jstedu.api.v1.HttpBody"
      options {
        [google.api.http] { get: "/v1/items/{id}/pages/{page_size}.ics" }
      }
    }
    method {
      name: "NotExposed"
      input_type: ".gwtest.Req"
      output_type: ".gwtest.Sub"
    }
  }
)pb";

// Copies `linked` (a file of the generated pool) into `pool` after the files
// it imports, each once. False when one does not build.
inline bool CopyWithImports(const google::protobuf::FileDescriptor& linked,
                            google::protobuf::DescriptorPool* pool) {
  if (pool->FindFileByName(linked.name()) != nullptr) return true;
  for (int i = 0; i < linked.dependency_count(); ++i) {
    if (!CopyWithImports(*linked.dependency(i), pool)) return false;
  }
  google::protobuf::FileDescriptorProto copy;
  linked.CopyTo(&copy);
  return pool->BuildFile(copy) != nullptr;
}

// Builds `file_text` (a FileDescriptorProto in text format) into a fresh
// pool, after copies of the files it imports (and theirs) from the
// generated pool (each must be linked in, as
// jstedu/api/v1/http_body.proto). Returns null when it does not parse or
// build.
inline std::unique_ptr<google::protobuf::DescriptorPool> BuildPool(
    const std::string& file_text) {
  google::protobuf::FileDescriptorProto file;
  if (!google::protobuf::TextFormat::ParseFromString(file_text, &file)) {
    return nullptr;
  }
  auto pool = std::make_unique<google::protobuf::DescriptorPool>();
  for (const std::string& name : file.dependency()) {
    const google::protobuf::FileDescriptor* linked =
        google::protobuf::DescriptorPool::generated_pool()->FindFileByName(
            name);
    if (linked == nullptr || !CopyWithImports(*linked, pool.get())) {
      return nullptr;
    }
  }
  if (pool->BuildFile(file) == nullptr) return nullptr;
  return pool;
}

// The test service's pool and route table (ItemService of kTestFile).
struct ItemRoutes {
  std::unique_ptr<google::protobuf::DescriptorPool> pool;
  std::unique_ptr<RouteTable> table;
};

// Builds ItemRoutes; fails the calling test (fatally) when it cannot.
inline void BuildItemRoutes(ItemRoutes* routes) {
  routes->pool = BuildPool(kTestFile);
  ASSERT_NE(routes->pool, nullptr);
  auto table = RouteTable::FromServices(
      {routes->pool->FindServiceByName("gwtest.ItemService")});
  ASSERT_TRUE(table.ok()) << table.status();
  routes->table = std::make_unique<RouteTable>(*std::move(table));
}

// Builds and starts `builder`'s server (a fake upstream) with the standard
// health service reporting grpcutil::kLivenessService SERVING, as a jstedu
// service does: the gateway's channels send calls only to servers that do
// (common/grpc/channel.h). Fails the test on error.
inline std::unique_ptr<grpc::Server> StartLiveServer(
    grpc::ServerBuilder& builder) {
  grpc::EnableDefaultHealthCheckService(true);
  auto server = builder.BuildAndStart();
  EXPECT_NE(server, nullptr);
  if (server != nullptr) {
    server->GetHealthCheckService()->SetServingStatus(
        grpcutil::kLivenessService, true);
  }
  return server;
}

// Starts an in-process gRPC server for `service` on 127.0.0.1:0 (a fake
// upstream, StartLiveServer); *address receives "127.0.0.1:<port>".
inline std::unique_ptr<grpc::Server> StartFakeUpstream(grpc::Service* service,
                                                       std::string* address) {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(service);
  auto server = StartLiveServer(builder);
  *address = "127.0.0.1:" + std::to_string(port);
  return server;
}

}  // namespace jstedu::gateway::testing
