// ListParticipantFacts answers jstedu.recruitment.v1.ParticipantFacts; the
// participant events carry jstedu.events.v1.ParticipantFacts. One builder
// fills both (store/rows/participant.cc), so the two records must keep
// exactly the same fields: same numbers, names, types, labels and enums.
#include <google/protobuf/descriptor.h>

#include "gtest/gtest.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"

namespace jstedu::recruitment {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// Compares `to` against `from` field by field (looked up by number).
void ExpectSameFields(const Descriptor& from, const Descriptor& to) {
  ASSERT_EQ(from.field_count(), to.field_count())
      << from.full_name() << " vs " << to.full_name();
  for (int i = 0; i < from.field_count(); ++i) {
    const FieldDescriptor& f = *from.field(i);
    const FieldDescriptor* t = to.FindFieldByNumber(f.number());
    ASSERT_NE(t, nullptr) << to.full_name() << " lacks field " << f.number();
    EXPECT_EQ(t->name(), f.name()) << "field " << f.number();
    EXPECT_EQ(t->type(), f.type()) << f.name();
    EXPECT_EQ(t->label(), f.label()) << f.name();
    EXPECT_EQ(t->enum_type(), f.enum_type()) << f.name();
    EXPECT_EQ(t->message_type(), f.message_type()) << f.name();
    EXPECT_EQ(t->has_presence(), f.has_presence()) << f.name();
  }
}

TEST(ParticipantFactsTest, TheApiRecordHasExactlyTheEventRecordsFields) {
  const Descriptor& api = *v1::ParticipantFacts::descriptor();
  const Descriptor& event = *events::v1::ParticipantFacts::descriptor();
  ExpectSameFields(event, api);
  ExpectSameFields(api, event);
}

}  // namespace
}  // namespace jstedu::recruitment
