// ListModuleFacts and ListTaskFacts answer jstedu.training.v1.ModuleFacts
// and TaskFacts; the plan and task events carry jstedu.events.v1's. One
// query reads both (store/rows/queries.h), and the notifications backfill
// reads one as the other, so each pair must keep exactly the same fields.
#include "common/testing/same_fields.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "jstedu/training/v1/training.pb.h"

namespace jstedu::training {
namespace {

TEST(FactsRecordsTest, TheModuleRecordHasExactlyTheEventRecordsFields) {
  testing::ExpectSameFields(*v1::ModuleFacts::descriptor(),
                            *events::v1::ModuleFacts::descriptor());
}

TEST(FactsRecordsTest, TheTaskRecordHasExactlyTheEventRecordsFields) {
  testing::ExpectSameFields(*v1::TaskFacts::descriptor(),
                            *events::v1::TaskFacts::descriptor());
}

}  // namespace
}  // namespace jstedu::training
