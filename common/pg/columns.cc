#include "common/pg/columns.h"

#include <cstdint>
#include <string>

#include "absl/strings/numbers.h"
#include "common/pg/arrays.h"
#include "common/pg/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace jstedu::pg {
namespace {

using google::protobuf::FieldDescriptor;

// The number of the enum value a column names: by its name, or its number
// for an integer column (names never start with a digit); 0 for neither.
int EnumNumber(const pqxx::field& column, const FieldDescriptor& field) {
  const std::string text = column.as<std::string>();
  int number = 0;
  if (absl::SimpleAtoi(text, &number)) {
    return field.enum_type()->FindValueByNumber(number) != nullptr ? number : 0;
  }
  const auto* value = field.enum_type()->FindValueByName(text);
  return value != nullptr ? value->number() : 0;
}

void SetField(const pqxx::field& column, const FieldDescriptor& field,
              google::protobuf::Message* message) {
  const google::protobuf::Reflection& reflection = *message->GetReflection();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      reflection.SetString(message, &field, column.as<std::string>());
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      reflection.SetBool(message, &field, column.as<bool>());
      return;
    case FieldDescriptor::CPPTYPE_INT32:
      reflection.SetInt32(message, &field, column.as<int32_t>());
      return;
    case FieldDescriptor::CPPTYPE_INT64:
      reflection.SetInt64(message, &field, column.as<int64_t>());
      return;
    case FieldDescriptor::CPPTYPE_UINT32:
      reflection.SetUInt32(message, &field, column.as<uint32_t>());
      return;
    case FieldDescriptor::CPPTYPE_UINT64:
      reflection.SetUInt64(message, &field, column.as<uint64_t>());
      return;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      reflection.SetDouble(message, &field, column.as<double>());
      return;
    case FieldDescriptor::CPPTYPE_FLOAT:
      reflection.SetFloat(message, &field, column.as<float>());
      return;
    case FieldDescriptor::CPPTYPE_ENUM:
      reflection.SetEnumValue(message, &field, EnumNumber(column, field));
      return;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (field.message_type() == google::protobuf::Timestamp::descriptor()) {
        reflection.MutableMessage(message, &field)
            ->CopyFrom(*OptionalTime(column));
      }
      return;  // other messages are left to the caller
  }
}

// A text[] column into a repeated string field, in the array's order.
void SetStrings(const pqxx::field& column, const FieldDescriptor& field,
                google::protobuf::Message* message) {
  const google::protobuf::Reflection& reflection = *message->GetReflection();
  reflection.ClearField(message, &field);
  for (std::string& value : ReadTextArray(column)) {
    reflection.AddString(message, &field, std::move(value));
  }
}

}  // namespace

void ReadColumns(const pqxx::row& row, google::protobuf::Message* message) {
  const google::protobuf::Descriptor& descriptor = *message->GetDescriptor();
  for (const pqxx::field& column : row) {
    if (column.is_null()) continue;
    const FieldDescriptor* field = descriptor.FindFieldByName(column.name());
    if (field == nullptr || field->is_map()) continue;
    if (!field->is_repeated()) {
      SetField(column, *field, message);
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      SetStrings(column, *field, message);
    }
  }
}

}  // namespace jstedu::pg
