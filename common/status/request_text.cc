#include "common/status/request_text.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/status/fields.h"
#include "jstedu/api/v1/text.pb.h"

namespace jstedu::errors {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::string Join(const std::string& prefix, const FieldDescriptor& field) {
  return prefix.empty() ? field.json_name()
                        : absl::StrCat(prefix, ".", field.json_name());
}

void CheckString(const FieldDescriptor& field, const std::string& path,
                 const std::string& text, std::vector<FieldProblem>& problems) {
  const Lines lines = field.options().GetExtension(api::v1::multiline)
                          ? Lines::kMany
                          : Lines::kOne;
  std::string problem = TextProblem(text, lines);
  if (!problem.empty()) problems.push_back({path, std::move(problem)});
}

void Walk(const Message& message, const std::string& prefix,
          std::vector<FieldProblem>& problems);

void WalkField(const Message& message, const FieldDescriptor& field,
               const std::string& path, std::vector<FieldProblem>& problems) {
  const Reflection& reflection = *message.GetReflection();
  const bool strings = field.type() == FieldDescriptor::TYPE_STRING;
  const bool messages = field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
  if (!strings && !messages) return;
  if (!field.is_repeated()) {
    if (strings) {
      CheckString(field, path, reflection.GetString(message, &field), problems);
    } else {
      Walk(reflection.GetMessage(message, &field), path, problems);
    }
    return;
  }
  const int size = reflection.FieldSize(message, &field);
  for (int i = 0; i < size; ++i) {
    const std::string element = absl::StrCat(path, "[", i, "]");
    if (strings) {
      CheckString(field, element,
                  reflection.GetRepeatedString(message, &field, i), problems);
    } else {
      // A map is a repeated entry message with fields key and value.
      Walk(reflection.GetRepeatedMessage(message, &field, i), element,
           problems);
    }
  }
}

void Walk(const Message& message, const std::string& prefix,
          std::vector<FieldProblem>& problems) {
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    WalkField(message, *field, Join(prefix, *field), problems);
  }
}

}  // namespace

std::vector<FieldProblem> RequestTextProblems(const Message& request) {
  std::vector<FieldProblem> problems;
  Walk(request, "", problems);
  return problems;
}

absl::Status CheckRequestText(const Message& request) {
  std::vector<FieldProblem> problems = RequestTextProblems(request);
  return problems.empty() ? absl::OkStatus() : InvalidFields(problems);
}

}  // namespace jstedu::errors
