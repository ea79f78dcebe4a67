#include "gateway/json_printer.h"

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/wrappers.pb.h>
#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/test_protos.h"
#include "gateway/transcoder.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"

namespace jstedu::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::Message;
using google::protobuf::MessageFactory;
using google::protobuf::Reflection;

// What every answer was printed with before PrintAnswerJson.
std::string ProtobufJson(const Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string json;
  const auto status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return json;
}

// Text that exercises the escapes: ASCII, Polish letters, every escaped
// class (controls, quotes, <>, DEL and C1, zero-width and bidi marks,
// U+2028, BOM, astral tags) and astral characters printed as they are.
const std::vector<std::string>& Texts() {
  static const auto* texts = new std::vector<std::string>{
      "",
      "Świętochłowice",
      "Zażółć gęślą jaźń",
      "a\"b\\c/d",
      "<script>&amp;</script>",
      std::string("nul\0byte", 8),
      "\x01\x07\b\t\n\v\f\r\x1b\x1f",
      "\x7f\xc2\x80\xc2\x9f\xc2\xa0\xc2\xad",
      "\xd8\x80\xdb\x9d\xdc\x8f\xe1\x9e\xb4",
      "\xe2\x80\x8b\xe2\x80\x8f\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xae",
      "\xe2\x81\xa0\xe2\x81\xaa\xef\xbb\xbf\xef\xbf\xb9\xef\xbf\xbd",
      "\xf0\x9d\x85\xb3\xf3\xa0\x80\x81\xf3\xa0\x81\xbf\xf3\xa0\x82\x80",
      "emoji \xf0\x9f\x98\x80 and CJK \xe4\xb8\xad",
      "2026-12-06T01:00:00Z",
  };
  return *texts;
}

// Fills `message` with random values: about half of the fields set, 0–3
// elements in repeated fields, enum numbers the enum does not know, zero
// values set explicitly (printed for fields with presence), nested
// messages to a depth of 4, Timestamps with every fraction length.
class Filler {
 public:
  explicit Filler(uint32_t seed) : random_(seed) {}

  void Fill(Message& message, int depth) {
    const Descriptor& type = *message.GetDescriptor();
    if (type.full_name() == "google.protobuf.Timestamp") {
      FillTimestamp(message);
      return;
    }
    for (int i = 0; i < type.field_count(); ++i) {
      const FieldDescriptor& field = *type.field(i);
      if (Chance(0.5)) continue;
      if (field.is_repeated()) {
        const int count = Below(4);
        for (int k = 0; k < count; ++k) AddValue(message, field, depth);
      } else {
        SetValue(message, field, depth);
      }
    }
  }

 private:
  bool Chance(double p) {
    return std::uniform_real_distribution<double>(0, 1)(random_) < p;
  }
  int Below(int n) {
    return std::uniform_int_distribution<int>(0, n - 1)(random_);
  }

  int64_t Integer() {
    static const int64_t kValues[] = {0,
                                      1,
                                      -1,
                                      42,
                                      2147483647,
                                      -2147483648LL,
                                      9007199254740993LL,
                                      INT64_MAX,
                                      INT64_MIN};
    return kValues[Below(sizeof(kValues) / sizeof(kValues[0]))];
  }

  const std::string& Text() { return Texts()[Below(Texts().size())]; }

  std::string Bytes() {
    std::string bytes(Below(7), '\0');
    for (char& c : bytes) c = static_cast<char>(Below(256));
    return bytes;
  }

  int EnumNumber(const FieldDescriptor& field) {
    const auto& type = *field.enum_type();
    if (Chance(0.1)) return 777;  // a number this build does not know
    return type.value(Below(type.value_count()))->number();
  }

  void FillTimestamp(Message& message) {
    static const int64_t kSeconds[] = {
        0, 1764979200, -62135596800, 253402300799, 1711288800, -1};
    static const int32_t kNanos[] = {0, 120000000, 1000, 1, 999999999, 500000};
    // By reflection: the Timestamp may be of another descriptor pool.
    const Descriptor& type = *message.GetDescriptor();
    const Reflection& r = *message.GetReflection();
    r.SetInt64(&message, type.FindFieldByName("seconds"), kSeconds[Below(6)]);
    r.SetInt32(&message, type.FindFieldByName("nanos"), kNanos[Below(6)]);
  }

  void SetValue(Message& message, const FieldDescriptor& field, int depth) {
    const Reflection& r = *message.GetReflection();
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return r.SetInt32(&message, &field, static_cast<int32_t>(Integer()));
      case FieldDescriptor::CPPTYPE_UINT32:
        return r.SetUInt32(&message, &field, static_cast<uint32_t>(Integer()));
      case FieldDescriptor::CPPTYPE_INT64:
        return r.SetInt64(&message, &field, Integer());
      case FieldDescriptor::CPPTYPE_UINT64:
        return r.SetUInt64(&message, &field, static_cast<uint64_t>(Integer()));
      case FieldDescriptor::CPPTYPE_BOOL:
        return r.SetBool(&message, &field, Chance(0.5));
      case FieldDescriptor::CPPTYPE_ENUM:
        return r.SetEnumValue(&message, &field, EnumNumber(field));
      case FieldDescriptor::CPPTYPE_STRING:
        return r.SetString(
            &message, &field,
            field.type() == FieldDescriptor::TYPE_BYTES ? Bytes() : Text());
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (depth < 4) Fill(*r.MutableMessage(&message, &field), depth + 1);
        return;
      default:
        return;
    }
  }

  void AddValue(Message& message, const FieldDescriptor& field, int depth) {
    const Reflection& r = *message.GetReflection();
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return r.AddInt32(&message, &field, static_cast<int32_t>(Integer()));
      case FieldDescriptor::CPPTYPE_UINT32:
        return r.AddUInt32(&message, &field, static_cast<uint32_t>(Integer()));
      case FieldDescriptor::CPPTYPE_INT64:
        return r.AddInt64(&message, &field, Integer());
      case FieldDescriptor::CPPTYPE_UINT64:
        return r.AddUInt64(&message, &field, static_cast<uint64_t>(Integer()));
      case FieldDescriptor::CPPTYPE_BOOL:
        return r.AddBool(&message, &field, Chance(0.5));
      case FieldDescriptor::CPPTYPE_ENUM:
        return r.AddEnumValue(&message, &field, EnumNumber(field));
      case FieldDescriptor::CPPTYPE_STRING:
        return r.AddString(
            &message, &field,
            field.type() == FieldDescriptor::TYPE_BYTES ? Bytes() : Text());
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        Message* element = r.AddMessage(&message, &field);
        if (depth < 4) Fill(*element, depth + 1);
        return;
      }
      default:
        return;
    }
  }

  std::mt19937 random_;
};

// Every message type of the jstedu packages the gateway is linked with.
std::vector<const Descriptor*> JsteduTypes() {
  std::vector<const Descriptor*> types;
  const DescriptorPool& pool = *DescriptorPool::generated_pool();
  for (const char* name : {"jstedu/recruitment/v1/recruitment.proto",
                           "jstedu/training/v1/training.proto",
                           "jstedu/advisory/v1/advisory.proto",
                           "jstedu/reporting/v1/reporting.proto",
                           "jstedu/auth/v1/principal.proto"}) {
    const FileDescriptor* file = pool.FindFileByName(name);
    EXPECT_NE(file, nullptr) << name;
    if (file == nullptr) continue;
    std::vector<const Descriptor*> pending;
    for (int i = 0; i < file->message_type_count(); ++i) {
      pending.push_back(file->message_type(i));
    }
    while (!pending.empty()) {
      const Descriptor* type = pending.back();
      pending.pop_back();
      if (type->options().map_entry()) continue;
      types.push_back(type);
      for (int i = 0; i < type->nested_type_count(); ++i) {
        pending.push_back(type->nested_type(i));
      }
    }
  }
  return types;
}

TEST(PrintAnswerJson, PrintsWhatProtobufPrintsForEveryJsteduType) {
  const std::vector<const Descriptor*> types = JsteduTypes();
  ASSERT_GT(types.size(), 100u);
  Filler filler(20261206);
  int compared = 0;
  std::set<std::string> left;  // types left to protobuf's printer
  for (const Descriptor* type : types) {
    const Message* prototype =
        MessageFactory::generated_factory()->GetPrototype(type);
    ASSERT_NE(prototype, nullptr) << type->full_name();
    for (int round = 0; round < 60; ++round) {
      std::unique_ptr<Message> message(prototype->New());
      if (round > 0) filler.Fill(*message, 0);  // round 0: all defaults
      std::string json;
      if (!PrintAnswerJson(*message, &json)) {
        left.insert(type->full_name());
        break;
      }
      ASSERT_EQ(json, ProtobufJson(*message)) << type->full_name() << "\n"
                                              << message->DebugString();
      ++compared;
    }
  }
  EXPECT_GT(compared, 6000);
  // Maps (two answers) and FieldMask (two requests, never printed) are
  // left to protobuf's printer; every other type is printed here.
  EXPECT_THAT(left, ::testing::ElementsAre(
                        "jstedu.recruitment.v1.ExportParticipantsResponse",
                        "jstedu.recruitment.v1.UpdateEditionRequest",
                        "jstedu.recruitment.v1.UpdateParticipantRequest",
                        "jstedu.training.v1.ValidateModuleResponse"));
}

// What the jstedu protos do not have (yet): a oneof of a message, a scalar
// and a Timestamp; an `optional` message and scalar; repeated Timestamps;
// fields declared out of their numbers' order. Built at run time in a pool
// of its own, with its own copy of timestamp.proto, so its Timestamps are
// dynamic messages of another descriptor than the generated one.
constexpr char kOddProto[] = R"pb(
  name: "jstedu_test/odd.proto"
  package: "jstedu.test"
  syntax: "proto3"
  dependency: "google/protobuf/timestamp.proto"
  message_type {
    name: "Inner"
    field { name: "s" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
    field { name: "n" number: 2 label: LABEL_OPTIONAL type: TYPE_INT32 }
  }
  message_type {
    name: "Odd"
    field { name: "z" number: 9 label: LABEL_OPTIONAL type: TYPE_INT32 }
    field {
      name: "inner"
      number: 3
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".jstedu.test.Inner"
      oneof_index: 0
    }
    field {
      name: "number"
      number: 7
      label: LABEL_OPTIONAL
      type: TYPE_INT32
      oneof_index: 0
    }
    field {
      name: "at"
      number: 5
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Timestamp"
      oneof_index: 0
    }
    field {
      name: "text"
      number: 4
      label: LABEL_OPTIONAL
      type: TYPE_STRING
      oneof_index: 0
    }
    field {
      name: "maybe"
      number: 8
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".jstedu.test.Inner"
      oneof_index: 1
      proto3_optional: true
    }
    field {
      name: "count"
      number: 2
      label: LABEL_OPTIONAL
      type: TYPE_INT64
      oneof_index: 2
      proto3_optional: true
    }
    field {
      name: "times"
      number: 6
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Timestamp"
    }
    field {
      name: "when"
      number: 1
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Timestamp"
    }
    field {
      name: "last_word"
      number: 10
      label: LABEL_OPTIONAL
      type: TYPE_STRING
    }
    field {
      name: "inners"
      number: 11
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".jstedu.test.Inner"
    }
    oneof_decl { name: "choice" }
    oneof_decl { name: "_maybe" }
    oneof_decl { name: "_count" }
  }
)pb";

TEST(PrintAnswerJson, PrintsWhatProtobufPrintsForOneofsOptionalsAndOrder) {
  // A pool of its own, with a copy of timestamp.proto (test_protos.h).
  const std::unique_ptr<DescriptorPool> pool =
      gateway::testing::BuildPool(kOddProto);
  ASSERT_NE(pool, nullptr);
  const Descriptor* odd = pool->FindMessageTypeByName("jstedu.test.Odd");
  ASSERT_NE(odd, nullptr);
  ASSERT_NE(odd->FindFieldByName("when")->message_type(),
            google::protobuf::Timestamp::descriptor());
  google::protobuf::DynamicMessageFactory factory(pool.get());
  Filler filler(7);
  int appended_after = 0;  // answers where an appended field was printed
  for (int round = 0; round < 3000; ++round) {
    std::unique_ptr<Message> message(factory.GetPrototype(odd)->New());
    if (round > 0) filler.Fill(*message, 0);
    std::string json;
    ASSERT_TRUE(PrintAnswerJson(*message, &json)) << message->DebugString();
    ASSERT_EQ(json, ProtobufJson(*message)) << message->DebugString();
    if (absl::StrContains(json, R"("lastWord":"")") &&
        !absl::EndsWith(json, R"("lastWord":""})") &&
        !absl::EndsWith(json, "]}")) {
      ++appended_after;
    }
  }
  EXPECT_GT(appended_after, 100);
  // A Timestamp out of range deep in the message: nothing appended, and
  // MessageToJson answers as protobuf does (an error).
  std::unique_ptr<Message> late(factory.GetPrototype(odd)->New());
  Message* when = late->GetReflection()->MutableMessage(
      late.get(), odd->FindFieldByName("when"));
  when->GetReflection()->SetInt64(
      when, when->GetDescriptor()->FindFieldByName("seconds"), 253402300800);
  std::string json = "kept";
  EXPECT_FALSE(PrintAnswerJson(*late, &json));
  EXPECT_EQ(json, "kept");
  EXPECT_FALSE(MessageToJson(*late).ok());
}

// Every code point but the surrogates, 512 to a string (escaping is per
// code point, so a run of them shows each).
void AppendUtf8(uint32_t c, std::string* text) {
  if (c < 0x80) {
    text->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    text->push_back(static_cast<char>(0xc0 | (c >> 6)));
    text->push_back(static_cast<char>(0x80 | (c & 0x3f)));
  } else if (c < 0x10000) {
    text->push_back(static_cast<char>(0xe0 | (c >> 12)));
    text->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
    text->push_back(static_cast<char>(0x80 | (c & 0x3f)));
  } else {
    text->push_back(static_cast<char>(0xf0 | (c >> 18)));
    text->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3f)));
    text->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
    text->push_back(static_cast<char>(0x80 | (c & 0x3f)));
  }
}

TEST(PrintAnswerJson, EscapesEveryCodePointAsProtobufDoes) {
  recruitment::v1::Application application;
  for (uint32_t first = 0; first < 0x110000; first += 512) {
    std::string text;
    for (uint32_t c = first; c < first + 512; ++c) {
      if (c < 0xd800 || c >= 0xe000) AppendUtf8(c, &text);
    }
    application.set_jst_name(text);
    std::string json;
    ASSERT_TRUE(PrintAnswerJson(application, &json)) << std::hex << first;
    ASSERT_EQ(json, ProtobufJson(application)) << std::hex << first;
  }
}

TEST(PrintAnswerJson, AnswersAreThePrintersAndMessageToJsonsAlike) {
  recruitment::v1::Application application;
  application.set_id("d4dbfaf3-fcd5-4635-91a4-c0ea575095e7");
  application.set_jst_name("Świętochłowice <gmina>");
  application.mutable_submit_time()->set_seconds(1764979200);
  application.mutable_submit_time()->set_nanos(120000000);
  auto json = MessageToJson(application);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(*json, ProtobufJson(application));
  EXPECT_TRUE(absl::StrContains(
      *json, R"("jstName":"Świętochłowice \u003cgmina\u003e")"))
      << *json;
  EXPECT_TRUE(
      absl::StrContains(*json, R"("submitTime":"2025-12-06T00:00:00.120Z")"))
      << *json;
}

TEST(PrintAnswerJson, LeavesToProtobufWhatItDoesNotPrint) {
  std::string json = "kept";
  // A well-known type other than Timestamp.
  google::protobuf::Int64Value wrapper;
  wrapper.set_value(5);
  EXPECT_FALSE(PrintAnswerJson(wrapper, &json));
  // A proto2 type.
  google::protobuf::FileDescriptorProto proto2;
  EXPECT_FALSE(PrintAnswerJson(proto2, &json));
  // A Timestamp out of range.
  google::protobuf::Timestamp late;
  late.set_seconds(253402300800);
  EXPECT_FALSE(PrintAnswerJson(late, &json));
  // A string that is not UTF-8, deep in the message: nothing appended.
  recruitment::v1::Application application;
  application.set_id("ok");
  application.set_jst_name(
      std::string("a\xff"
                  "b"));
  EXPECT_FALSE(PrintAnswerJson(application, &json));
  EXPECT_EQ(json, "kept");
  // MessageToJson still answers for them, as protobuf prints them.
  auto printed = MessageToJson(wrapper);
  ASSERT_TRUE(printed.ok());
  EXPECT_EQ(*printed, "\"5\"");
}

}  // namespace
}  // namespace jstedu::gateway
