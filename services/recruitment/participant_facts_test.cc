// ListParticipantFacts answers jstedu.recruitment.v1.ParticipantFacts; the
// participant events carry jstedu.events.v1.ParticipantFacts. One builder
// fills both (store/rows/participant.cc), and the notifications backfill
// reads one as the other, so the two records must keep exactly the same
// fields: same numbers, names, types, labels and enums.
#include "common/testing/same_fields.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"

namespace jstedu::recruitment {
namespace {

TEST(ParticipantFactsTest, TheApiRecordHasExactlyTheEventRecordsFields) {
  testing::ExpectSameFields(*v1::ParticipantFacts::descriptor(),
                            *events::v1::ParticipantFacts::descriptor());
}

}  // namespace
}  // namespace jstedu::recruitment
