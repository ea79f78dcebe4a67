#pragma once

// Every store of the training service, one per aggregate, built on one
// pool (main.cc and the tests build it; the service reads through it).
//
// Locks, always in this order, so no two operations deadlock:
//   edition plan  advisory    what due dates count from: creating or moving
//                             modules, setting or giving tasks, settings
//                             (rows::LockEditionPlan)
//   module row    FOR UPDATE  creating or moving sessions, tasks of the
//                             module, sign-ups (seat counts)
//   trainer       advisory    a trainer's sessions across modules, and
//                             the same person's expert-table slots
//   participant   FOR UPDATE  (roster_participant row) attendance marks, so
//                             completion is decided on a complete count; a
//                             sheet locks its participants in id order
//   task / signup FOR UPDATE  their own changes; a table slot after the
//   / slot                    participant (a booking), a booking alone
//   community     FOR UPDATE  its members' periods and its meetings (taken
//                             alone, never with the locks above)

#include "common/pg/pool.h"
#include "services/training/store/attendance_store.h"
#include "services/training/store/calendar_feed_store.h"
#include "services/training/store/calendar_store.h"
#include "services/training/store/community_store.h"
#include "services/training/store/elearning_store.h"
#include "services/training/store/evaluation_store.h"
#include "services/training/store/logistics_store.h"
#include "services/training/store/plan_store.h"
#include "services/training/store/settings_store.h"
#include "services/training/store/table_store.h"
#include "services/training/store/task_store.h"

namespace jstedu::training {

struct TrainingStores {
  explicit TrainingStores(pg::Pool& pool)
      : settings(pool),
        plan(pool),
        attendance(pool),
        tasks(pool),
        logistics(pool),
        evaluations(pool),
        calendars(pool),
        feeds(pool),
        communities(pool),
        tables(pool),
        elearning(pool) {}

  SettingsStore settings;
  PlanStore plan;
  AttendanceStore attendance;
  TaskStore tasks;
  LogisticsStore logistics;
  EvaluationStore evaluations;
  CalendarStore calendars;
  CalendarFeedStore feeds;
  CommunityStore communities;
  TableStore tables;
  ELearningStore elearning;
};

}  // namespace jstedu::training
