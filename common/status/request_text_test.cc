#include "common/status/request_text.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "jstedu/advisory/v1/advisory.pb.h"
#include "jstedu/api/v1/text.pb.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "jstedu/reporting/v1/reporting.pb.h"
#include "jstedu/training/v1/training.pb.h"

namespace jstedu::errors {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MessageFactory;
using google::protobuf::ServiceDescriptor;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Paths(const std::vector<FieldProblem>& problems) {
  std::vector<std::string> paths;
  for (const FieldProblem& problem : problems) paths.push_back(problem.field);
  return paths;
}

const std::string kNul("a\0b", 3);

TEST(RequestText, NamesTheFieldByItsApiPath) {
  recruitment::v1::CreateEditionRequest edition;
  edition.mutable_edition()->set_code("PILOT-2017");
  edition.mutable_edition()->set_name(kNul);
  std::vector<FieldProblem> problems = RequestTextProblems(edition);
  ASSERT_THAT(Paths(problems), ElementsAre("edition.name"));
  EXPECT_EQ(problems[0].description,
            "must not contain control characters or line breaks (found "
            "U+0000)");

  recruitment::v1::SubmitApplicationRequest submit;
  submit.add_representatives()->set_first_name("Anna");
  submit.add_representatives()->set_first_name(kNul);
  EXPECT_THAT(Paths(RequestTextProblems(submit)),
              ElementsAre("representatives[1].firstName"));

  advisory::v1::CreateActivityRequest activity;
  activity.mutable_activity()->add_participants("Wójt");
  activity.mutable_activity()->add_participants(kNul);
  activity.mutable_activity()->set_notes(kNul);
  EXPECT_THAT(Paths(RequestTextProblems(activity)),
              ElementsAre("activity.participants[1]", "activity.notes"));
}

TEST(RequestText, MultiLineFieldsAloneHoldTabsAndLineBreaks) {
  advisory::v1::CreateActivityRequest activity;
  activity.mutable_activity()->set_notes("Ustalenia:\r\n\t1. plan\n2. budżet");
  EXPECT_THAT(RequestTextProblems(activity), IsEmpty());
  activity.mutable_activity()->add_guests("Kuratorium\nOświaty");
  EXPECT_THAT(Paths(RequestTextProblems(activity)),
              ElementsAre("activity.guests[0]"));

  training::v1::SubmitTaskRequest report;
  report.set_report("Raport\n\nz realizacji");
  EXPECT_THAT(RequestTextProblems(report), IsEmpty());
}

TEST(RequestText, CheckAnswersOneBadRequestListingEveryField) {
  reporting::v1::CreateExportRequest request;
  request.set_edition(kNul);
  request.set_purpose(kNul);
  absl::Status status = CheckRequestText(request);
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  google::rpc::BadRequest bad_request;
  auto payload = status.GetPayload("type.googleapis.com/google.rpc.BadRequest");
  ASSERT_TRUE(payload.has_value());
  ASSERT_TRUE(bad_request.ParseFromString(std::string(*payload)));
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(0).field(), "edition");
  EXPECT_EQ(bad_request.field_violations(1).field(), "purpose");
  EXPECT_TRUE(CheckRequestText(reporting::v1::CreateExportRequest()).ok());
}

// ---------------------------------------------------------------- coverage
//
// Every request message of every service, with every string field at any
// depth (repeated, nested, map keys and values) set to text holding a
// control character: the check names exactly those fields. A field the
// walk missed, or a new kind of field, fails here.

const std::vector<const ServiceDescriptor*>& Services() {
  static const auto* services = new std::vector<const ServiceDescriptor*>{
      recruitment::v1::GetJstRequest::descriptor()->file()->FindServiceByName(
          "RecruitmentService"),
      training::v1::GetModuleRequest::descriptor()->file()->FindServiceByName(
          "TrainingService"),
      advisory::v1::GetCaseRequest::descriptor()->file()->FindServiceByName(
          "AdvisoryService"),
      reporting::v1::GetExportRequest::descriptor()->file()->FindServiceByName(
          "ReportingService"),
  };
  return *services;
}

// Sets every string field under `message` to `text` (one element for
// repeated and map fields; the first member of each oneof), recording each
// path set in `paths`. Recursion stops at `depth` 0 (no request nests that
// deep; a cycle would).
void Fill(Message& message, const std::string& prefix, const std::string& text,
          int depth, std::vector<std::string>& paths) {
  ASSERT_GT(depth, 0) << "messages nest deeper than expected at " << prefix;
  const Descriptor& type = *message.GetDescriptor();
  const auto& reflection = *message.GetReflection();
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    if (field.containing_oneof() != nullptr &&
        field.containing_oneof()->field(0) != &field) {
      continue;
    }
    std::string path = prefix.empty()
                           ? field.json_name()
                           : absl::StrCat(prefix, ".", field.json_name());
    if (field.is_repeated()) path += "[0]";
    if (field.type() == FieldDescriptor::TYPE_STRING) {
      if (field.is_repeated()) {
        reflection.AddString(&message, &field, text);
      } else {
        reflection.SetString(&message, &field, text);
      }
      paths.push_back(path);
    } else if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      Message* child = field.is_repeated()
                           ? reflection.AddMessage(&message, &field)
                           : reflection.MutableMessage(&message, &field);
      Fill(*child, path, text, depth - 1, paths);
    }
  }
}

TEST(RequestText, EveryStringFieldOfEveryRequestIsChecked) {
  for (const ServiceDescriptor* service : Services()) {
    ASSERT_NE(service, nullptr);
    for (int m = 0; m < service->method_count(); ++m) {
      const Descriptor* type = service->method(m)->input_type();
      std::unique_ptr<Message> request(
          MessageFactory::generated_factory()->GetPrototype(type)->New());
      std::vector<std::string> paths;
      Fill(*request, "", std::string("x\x01y"), 8, paths);
      EXPECT_EQ(Paths(RequestTextProblems(*request)), paths)
          << service->method(m)->full_name();
    }
  }
}

TEST(RequestText, TextWithoutControlCharactersPassesEveryRequest) {
  for (const ServiceDescriptor* service : Services()) {
    for (int m = 0; m < service->method_count(); ++m) {
      const Descriptor* type = service->method(m)->input_type();
      std::unique_ptr<Message> request(
          MessageFactory::generated_factory()->GetPrototype(type)->New());
      std::vector<std::string> paths;
      Fill(*request, "", "Zażółć gęślą jaźń", 8, paths);
      EXPECT_THAT(RequestTextProblems(*request), IsEmpty())
          << service->method(m)->full_name();
    }
  }
}

// The allowance is declared on string fields only (on any other field it
// would mean nothing).
TEST(RequestText, OnlyStringFieldsAreMarkedMultiLine) {
  std::vector<const Descriptor*> pending;
  for (const ServiceDescriptor* service : Services()) {
    const auto* file = service->file();
    for (int i = 0; i < file->message_type_count(); ++i) {
      pending.push_back(file->message_type(i));
    }
  }
  int marked = 0;
  while (!pending.empty()) {
    const Descriptor* type = pending.back();
    pending.pop_back();
    for (int i = 0; i < type->nested_type_count(); ++i) {
      pending.push_back(type->nested_type(i));
    }
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor& field = *type->field(i);
      if (!field.options().GetExtension(api::v1::multiline)) continue;
      EXPECT_EQ(field.type(), FieldDescriptor::TYPE_STRING)
          << field.full_name();
      ++marked;
    }
  }
  EXPECT_GT(marked, 0);
}

}  // namespace
}  // namespace jstedu::errors
