#pragma once

// Every store of the training service, one per aggregate, built on one
// pool (main.cc and the tests build it; the service reads through it).

#include "common/pg/pool.h"
#include "services/training/store/attendance_store.h"
#include "services/training/store/calendar_feed_store.h"
#include "services/training/store/calendar_store.h"
#include "services/training/store/evaluation_store.h"
#include "services/training/store/logistics_store.h"
#include "services/training/store/plan_store.h"
#include "services/training/store/settings_store.h"
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
        feeds(pool) {}

  SettingsStore settings;
  PlanStore plan;
  AttendanceStore attendance;
  TaskStore tasks;
  LogisticsStore logistics;
  EvaluationStore evaluations;
  CalendarStore calendars;
  CalendarFeedStore feeds;
};

}  // namespace jstedu::training
