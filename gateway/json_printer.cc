#include "gateway/json_printer.h"

#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace jstedu::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char kTimestamp[] = "google.protobuf.Timestamp";

// ---- Which types this printer takes --------------------------------------

bool IsTimestamp(const Descriptor& type) {
  return type.full_name() == kTimestamp;
}

// True when every field of `type`, and of every message type under it, is
// one this printer writes as protobuf's does. `visiting` breaks cycles (a
// type that holds itself is judged by its other fields).
bool Printable(const Descriptor& type, std::set<const Descriptor*>& visiting) {
  if (IsTimestamp(type)) return true;
  if (type.file()->syntax() != FileDescriptor::SYNTAX_PROTO3) return false;
  if (type.file()->package() == "google.protobuf") return false;  // WKTs
  if (!visiting.insert(&type).second) return true;
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    if (field.is_map()) return false;
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_FLOAT:
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return false;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (!Printable(*field.message_type(), visiting)) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

// Printable, judged once per type.
class PrintableTypes {
 public:
  bool Check(const Descriptor& type) {
    {
      absl::ReaderMutexLock lock(&mutex_);
      auto it = known_.find(&type);
      if (it != known_.end()) return it->second;
    }
    std::set<const Descriptor*> visiting;
    const bool printable = Printable(type, visiting);
    absl::MutexLock lock(&mutex_);
    known_.emplace(&type, printable);
    return printable;
  }

 private:
  absl::Mutex mutex_;
  absl::flat_hash_map<const Descriptor*, bool> known_ ABSL_GUARDED_BY(mutex_);
};

PrintableTypes& Types() {
  static auto* types = new PrintableTypes();
  return *types;
}

// ---- Strings ----------------------------------------------------------------

// The code points protobuf 3.21's JSON printer writes as \uXXXX besides
// the control characters: `"`, `\`, `<`, `>`, DEL and the C1 controls, and
// characters that change how text around them reads (soft hyphen, Arabic
// number signs, zero-width and bidirectional marks, line and paragraph
// separators, BOM, interlinear annotations, musical formatting, tags).
// Measured from the library itself, one code point at a time.
struct Range {
  uint32_t first, last;
};
constexpr Range kEscaped[] = {
    {0x0, 0x1f},        {0x22, 0x22},       {0x3c, 0x3c},
    {0x3e, 0x3e},       {0x5c, 0x5c},       {0x7f, 0x9f},
    {0xad, 0xad},       {0x600, 0x603},     {0x6dd, 0x6dd},
    {0x70f, 0x70f},     {0x17b4, 0x17b5},   {0x200b, 0x200f},
    {0x2028, 0x202e},   {0x2060, 0x2064},   {0x206a, 0x206f},
    {0xfeff, 0xfeff},   {0xfff9, 0xfffb},   {0x1d173, 0x1d17a},
    {0xe0001, 0xe0001}, {0xe0020, 0xe007f},
};

bool Escaped(uint32_t code_point) {
  for (const Range& range : kEscaped) {
    if (code_point < range.first) return false;
    if (code_point <= range.last) return true;
  }
  return false;
}

void AppendUnicodeEscape(uint32_t unit, std::string* out) {
  absl::StrAppendFormat(out, "\\u%04x", unit);
}

void AppendEscape(uint32_t code_point, std::string* out) {
  switch (code_point) {
    case '"':
      out->append("\\\"");
      return;
    case '\\':
      out->append("\\\\");
      return;
    case '\b':
      out->append("\\b");
      return;
    case '\f':
      out->append("\\f");
      return;
    case '\n':
      out->append("\\n");
      return;
    case '\r':
      out->append("\\r");
      return;
    case '\t':
      out->append("\\t");
      return;
  }
  if (code_point < 0x10000) {
    AppendUnicodeEscape(code_point, out);
    return;
  }
  const uint32_t offset = code_point - 0x10000;  // a UTF-16 surrogate pair
  AppendUnicodeEscape(0xd800 + (offset >> 10), out);
  AppendUnicodeEscape(0xdc00 + (offset & 0x3ff), out);
}

// The length of the UTF-8 sequence at `text[i]` and its code point; 0 when
// the bytes are not valid UTF-8 (overlong forms and surrogates included).
size_t DecodeUtf8(const std::string& text, size_t i, uint32_t* code_point) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[i + k]); };
  const uint8_t lead = byte(0);
  size_t length;
  uint32_t value, minimum;
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  } else if ((lead & 0xe0) == 0xc0) {
    length = 2, value = lead & 0x1f, minimum = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3, value = lead & 0x0f, minimum = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(k) & 0xc0) != 0x80) return 0;
    value = (value << 6) | (byte(k) & 0x3f);
  }
  if (value < minimum || value > 0x10ffff ||
      (value >= 0xd800 && value <= 0xdfff)) {
    return 0;
  }
  *code_point = value;
  return length;
}

// False for text that is not valid UTF-8 (protobuf's printer drops such
// bytes; the caller leaves the whole message to it).
bool AppendString(const std::string& text, std::string* out) {
  out->push_back('"');
  size_t plain = 0;  // the start of the run not yet copied
  for (size_t i = 0; i < text.size();) {
    uint32_t code_point;
    const size_t length = DecodeUtf8(text, i, &code_point);
    if (length == 0) return false;
    if (Escaped(code_point)) {
      out->append(text, plain, i - plain);
      AppendEscape(code_point, out);
      plain = i + length;
    }
    i += length;
  }
  out->append(text, plain, text.size() - plain);
  out->push_back('"');
  return true;
}

// ---- Values
// -------------------------------------------------------------------

constexpr int64_t kMinTimestampSeconds = -62135596800;  // 0001-01-01
constexpr int64_t kMaxTimestampSeconds = 253402300799;  // 9999-12-31 23:59:59

bool AppendTimestamp(const Message& message, std::string* out) {
  // By reflection: a Timestamp of another descriptor pool (a dynamic
  // message) is no google::protobuf::Timestamp to copy into.
  const Descriptor& type = *message.GetDescriptor();
  const FieldDescriptor* seconds_field = type.FindFieldByNumber(1);
  const FieldDescriptor* nanos_field = type.FindFieldByNumber(2);
  if (seconds_field == nullptr || nanos_field == nullptr ||
      seconds_field->cpp_type() != FieldDescriptor::CPPTYPE_INT64 ||
      nanos_field->cpp_type() != FieldDescriptor::CPPTYPE_INT32) {
    return false;
  }
  const Reflection& r = *message.GetReflection();
  const int64_t seconds = r.GetInt64(message, seconds_field);
  const int32_t nanos = r.GetInt32(message, nanos_field);
  if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds ||
      nanos < 0 || nanos > 999999999) {
    return false;
  }
  const absl::CivilSecond civil =
      absl::ToCivilSecond(absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
  absl::StrAppendFormat(out, "\"%04d-%02d-%02dT%02d:%02d:%02d", civil.year(),
                        civil.month(), civil.day(), civil.hour(),
                        civil.minute(), civil.second());
  if (nanos == 0) {
  } else if (nanos % 1000000 == 0) {
    absl::StrAppendFormat(out, ".%03d", nanos / 1000000);
  } else if (nanos % 1000 == 0) {
    absl::StrAppendFormat(out, ".%06d", nanos / 1000);
  } else {
    absl::StrAppendFormat(out, ".%09d", nanos);
  }
  out->append("Z\"");
  return true;
}

bool AppendMessage(const Message& message, std::string* out);

// One value of `field` (the `index`th of a repeated field, else -1).
bool AppendValue(const Message& message, const FieldDescriptor& field,
                 int index, std::string* out) {
  const Reflection& r = *message.GetReflection();
  const bool repeated = index >= 0;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      absl::StrAppend(out, repeated ? r.GetRepeatedInt32(message, &field, index)
                                    : r.GetInt32(message, &field));
      return true;
    case FieldDescriptor::CPPTYPE_UINT32:
      absl::StrAppend(out, repeated
                               ? r.GetRepeatedUInt32(message, &field, index)
                               : r.GetUInt32(message, &field));
      return true;
    case FieldDescriptor::CPPTYPE_INT64:
      absl::StrAppend(out, "\"",
                      repeated ? r.GetRepeatedInt64(message, &field, index)
                               : r.GetInt64(message, &field),
                      "\"");
      return true;
    case FieldDescriptor::CPPTYPE_UINT64:
      absl::StrAppend(out, "\"",
                      repeated ? r.GetRepeatedUInt64(message, &field, index)
                               : r.GetUInt64(message, &field),
                      "\"");
      return true;
    case FieldDescriptor::CPPTYPE_BOOL:
      out->append((repeated ? r.GetRepeatedBool(message, &field, index)
                            : r.GetBool(message, &field))
                      ? "true"
                      : "false");
      return true;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int number = repeated
                             ? r.GetRepeatedEnumValue(message, &field, index)
                             : r.GetEnumValue(message, &field);
      const auto* value = field.enum_type()->FindValueByNumber(number);
      if (value == nullptr) {
        absl::StrAppend(out, number);
      } else {
        absl::StrAppend(out, "\"", value->name(), "\"");
      }
      return true;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& text =
          repeated
              ? r.GetRepeatedStringReference(message, &field, index, &scratch)
              : r.GetStringReference(message, &field, &scratch);
      if (field.type() == FieldDescriptor::TYPE_BYTES) {
        absl::StrAppend(out, "\"", absl::Base64Escape(text), "\"");
        return true;
      }
      return AppendString(text, out);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return AppendMessage(repeated
                               ? r.GetRepeatedMessage(message, &field, index)
                               : r.GetMessage(message, &field),
                           out);
    default:  // float and double: refused by Printable
      return false;
  }
}

// Where protobuf's printer puts a field: in the declaration's order, or
// after all of those. It lays out a node for every field in declaration
// order before it reads the message (always_print_primitive_fields), and
// fills them as the fields come, in field-number order; a field with no
// node of its kind is appended: a member of a oneof (an `optional` field
// included) that is not a message, and a Timestamp (printed as a string,
// where the node was made for an object).
bool Appended(const FieldDescriptor& field) {
  if (field.is_repeated()) return false;
  if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    return IsTimestamp(*field.message_type());
  }
  return field.containing_oneof() != nullptr;
}

bool AppendField(const Message& message, const FieldDescriptor& field,
                 bool first, std::string* out) {
  if (!first) out->push_back(',');
  absl::StrAppend(out, "\"", field.json_name(), "\":");
  if (!field.is_repeated()) return AppendValue(message, field, -1, out);
  const Reflection& r = *message.GetReflection();
  out->push_back('[');
  const int size = r.FieldSize(message, &field);
  for (int k = 0; k < size; ++k) {
    if (k > 0) out->push_back(',');
    if (!AppendValue(message, field, k, out)) return false;
  }
  out->push_back(']');
  return true;
}

bool AppendMessage(const Message& message, std::string* out) {
  const Descriptor& type = *message.GetDescriptor();
  if (IsTimestamp(type)) return AppendTimestamp(message, out);
  const Reflection& r = *message.GetReflection();
  std::vector<const FieldDescriptor*> appended;
  out->push_back('{');
  bool first = true;
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    if (!field.is_repeated() && field.has_presence() &&
        !r.HasField(message, &field)) {
      continue;  // unset message, oneof member or `optional` field
    }
    if (Appended(field)) {
      appended.push_back(&field);
      continue;
    }
    if (!AppendField(message, field, first, out)) return false;
    first = false;
  }
  std::sort(appended.begin(), appended.end(),
            [](const FieldDescriptor* a, const FieldDescriptor* b) {
              return a->number() < b->number();
            });
  for (const FieldDescriptor* field : appended) {
    if (!AppendField(message, *field, first, out)) return false;
    first = false;
  }
  out->push_back('}');
  return true;
}

}  // namespace

bool PrintAnswerJson(const Message& message, std::string* out) {
  if (!Types().Check(*message.GetDescriptor())) return false;
  const size_t size = out->size();
  if (AppendMessage(message, out)) return true;
  out->resize(size);
  return false;
}

}  // namespace jstedu::gateway
