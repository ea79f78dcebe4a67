#pragma once

// Two records that must keep exactly the same fields (an owner's API
// record and the one its events carry, e.g. jstedu.recruitment.v1.
// ParticipantFacts and jstedu.events.v1.ParticipantFacts): one is read as
// the other's bytes, so they must agree in number, name, type, label,
// enum, message type and presence.

#include <google/protobuf/descriptor.h>

#include "gtest/gtest.h"

namespace jstedu::testing {

// Compares `to` against `from` field by field (looked up by number).
inline void ExpectSameFieldsOneWay(const google::protobuf::Descriptor& from,
                                   const google::protobuf::Descriptor& to) {
  ASSERT_EQ(from.field_count(), to.field_count())
      << from.full_name() << " vs " << to.full_name();
  for (int i = 0; i < from.field_count(); ++i) {
    const google::protobuf::FieldDescriptor& f = *from.field(i);
    const google::protobuf::FieldDescriptor* t =
        to.FindFieldByNumber(f.number());
    ASSERT_NE(t, nullptr) << to.full_name() << " lacks field " << f.number();
    EXPECT_EQ(t->name(), f.name()) << "field " << f.number();
    EXPECT_EQ(t->type(), f.type()) << f.name();
    EXPECT_EQ(t->label(), f.label()) << f.name();
    EXPECT_EQ(t->enum_type(), f.enum_type()) << f.name();
    EXPECT_EQ(t->message_type(), f.message_type()) << f.name();
    EXPECT_EQ(t->has_presence(), f.has_presence()) << f.name();
  }
}

// Both ways: neither has a field the other lacks.
inline void ExpectSameFields(const google::protobuf::Descriptor& a,
                             const google::protobuf::Descriptor& b) {
  ExpectSameFieldsOneWay(a, b);
  ExpectSameFieldsOneWay(b, a);
}

}  // namespace jstedu::testing
