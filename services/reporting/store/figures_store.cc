#include "services/reporting/store/figures_store.h"

#include <pqxx/pqxx>

#include "common/pg/arrays.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "jstedu/advisory/v1/advisory.pb.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/reporting/store/counts_store.h"
#include "services/reporting/store/figures_queries.h"
#include "services/reporting/store/rows/columns.h"

namespace jstedu::reporting {
namespace {

JstFact ReadJst(const pqxx::row& row) {
  JstFact jst;
  jst.application_id = row["application_id"].as<std::string>();
  jst.teryt = row["teryt"].as<std::string>();
  jst.voivodeship = row["voivodeship"].as<std::string>();
  jst.jst_kind = row["jst_kind"].as<int>();
  jst.qualified = row["qualified"].as<bool>();
  jst.withdrawn = row["withdrawn"].as<bool>();
  if (!row["qualified_on"].is_null())
    jst.qualified_on = Day(row["qualified_on"]);
  return jst;
}

ParticipantFact ReadParticipant(const pqxx::row& row) {
  ParticipantFact p;
  p.participant_id = row["participant_id"].as<std::string>();
  p.application_id = row["application_id"].as<std::string>();
  p.teryt = row["teryt"].as<std::string>();
  p.voivodeship = row["voivodeship"].as<std::string>();
  p.jst_kind = row["jst_kind"].as<int>();
  p.sex = row["sex"].as<int>();
  p.target_group = row["target_group"].as<int>();
  p.status = row["status"].as<int>();
  p.declaration_recorded = row["declaration_recorded"].as<bool>();
  if (!row["participation_start"].is_null()) {
    p.participation_start = Day(row["participation_start"]);
  }
  p.monitoring_complete = row["monitoring_data_complete"].as<bool>();
  p.missing_fields = pg::ReadTextArray(row["missing_monitoring_fields"]);
  return p;
}

CaseFact ReadCase(const pqxx::row& row) {
  CaseFact c;
  c.case_id = row["case_id"].as<std::string>();
  c.application_id = row["application_id"].as<std::string>();
  c.teryt = row["teryt"].as<std::string>();
  c.voivodeship = row["voivodeship"].as<std::string>();
  c.jst_kind = row["jst_kind"].as<int>();
  c.stage = row["stage"].as<int>();
  c.opened_on = OptionalDay(row["opened_on"]);
  c.plan_adopted_on = OptionalDay(row["plan_adopted_on"]);
  return c;
}

void LoadPartsFacts(pqxx::transaction_base& tx, const std::string& edition,
                    const std::string& voivodeship,
                    const std::string& applications, Facts& facts) {
  for (const pqxx::row& row : pg::Exec(tx, queries::kMemberships, edition,
                                       voivodeship, applications)) {
    facts.memberships.push_back(MembershipFact{
        row["membership_id"].as<std::string>(),
        GroupOfKind(row["community_kind"].as<int>()),
        row["participant_id"].as<std::string>(), Day(row["joined_on"])});
  }
  for (const pqxx::row& row :
       pg::Exec(tx, queries::kELearning, edition, voivodeship, applications)) {
    facts.elearning.push_back(ELearningFact{
        row["participant_id"].as<std::string>(),
        row["course_code"].as<std::string>(), Day(row["completed_on"])});
  }
  for (const pqxx::row& row :
       pg::Exec(tx, queries::kPractices, edition, voivodeship, applications,
                static_cast<int>(advisory::v1::PRACTICE_PUBLISHED))) {
    PracticeFact p;
    p.practice_id = row["practice_id"].as<std::string>();
    p.case_id = row["case_id"].as<std::string>();
    p.application_id = row["application_id"].as<std::string>();
    p.teryt = row["teryt"].as<std::string>();
    p.voivodeship = row["voivodeship"].as<std::string>();
    p.jst_kind = row["jst_kind"].as<int>();
    p.published = row["published"].as<bool>();
    if (auto day = OptionalDay(row["published_on"])) p.published_on = *day;
    facts.practices.push_back(std::move(p));
  }
  for (const pqxx::row& row : pg::Exec(tx, queries::kCaseSchools, edition,
                                       voivodeship, applications)) {
    facts.case_schools.push_back(CaseSchoolsFact{
        row["case_id"].as<std::string>(), Day(row["approved_on"]),
        pg::ReadTextArray(row["rspo"])});
  }
}

// The edition's community meetings (of the pseudo-application
// kMeetingsApplication).
void LoadMeetings(pqxx::transaction_base& tx, const std::string& edition,
                  Facts& facts) {
  for (const pqxx::row& row : pg::Exec(tx, queries::kMeetings, edition)) {
    facts.meetings.push_back(MeetingFact{
        row["meeting_id"].as<std::string>(),
        GroupOfKind(row["community_kind"].as<int>()), Day(row["held_on"])});
  }
}

}  // namespace

namespace {

// The facts of `edition` that belong to JSTs (every fact but meetings), of
// one voivodeship when set, of the applications in `applications` (a
// uuid[] literal) unless it is "{}".
Facts LoadFactsWhere(pqxx::transaction_base& tx, const std::string& edition,
                     const std::string& voivodeship,
                     const std::string& applications) {
  Facts facts;
  facts.edition = LoadEditionFacts(tx, edition);
  for (const pqxx::row& row :
       pg::Exec(tx, queries::kJsts, edition, voivodeship, applications)) {
    facts.jsts.push_back(ReadJst(row));
  }
  for (const pqxx::row& row :
       pg::Exec(tx, queries::kParticipants, edition, voivodeship, applications,
                static_cast<int>(recruitment::v1::PARTICIPANT_NOT_COUNTED))) {
    facts.participants.push_back(ReadParticipant(row));
  }
  for (const pqxx::row& row : pg::Exec(tx, queries::kCompletions, edition,
                                       voivodeship, applications)) {
    facts.completions[row["participant_id"].as<std::string>()] =
        Day(row["completed_on"]);
  }
  for (const pqxx::row& row :
       pg::Exec(tx, queries::kCases, edition, voivodeship, applications)) {
    facts.cases.push_back(ReadCase(row));
  }
  LoadPartsFacts(tx, edition, voivodeship, applications, facts);
  return facts;
}

}  // namespace

Facts LoadFacts(pqxx::transaction_base& tx, const std::string& edition,
                const std::string& voivodeship) {
  Facts facts = LoadFactsWhere(tx, edition, voivodeship, "{}");
  // Meetings are of no voivodeship: in the country's facts only.
  if (voivodeship.empty()) LoadMeetings(tx, edition, facts);
  return facts;
}

Facts LoadApplicationFacts(pqxx::transaction_base& tx,
                           const std::string& edition,
                           const std::vector<std::string>& applications) {
  std::vector<std::string> jsts;
  for (const std::string& application : applications) {
    if (application != kMeetingsApplication) jsts.push_back(application);
  }
  Facts facts;
  if (jsts.empty()) {
    facts.edition = LoadEditionFacts(tx, edition);
  } else {
    facts = LoadFactsWhere(tx, edition, "", pg::TextArrayLiteral(jsts));
  }
  if (jsts.size() < applications.size()) LoadMeetings(tx, edition, facts);
  return facts;
}

std::map<std::string, int64_t> LoadAttendedMinutes(pqxx::transaction_base& tx,
                                                   const std::string& edition) {
  std::map<std::string, int64_t> minutes;
  for (const pqxx::row& row :
       pg::Exec(tx, queries::kAttendedMinutes, edition)) {
    minutes[row["participant_id"].as<std::string>()] =
        row["minutes"].as<int64_t>();
  }
  return minutes;
}

namespace {

// `read`'s answer, given the projected edition, from one read-only
// snapshot of `edition`; NotFound "no edition <code>" when no event of it
// was ever seen (its EditionChanged says it was, without a second query).
template <typename T, typename Read>
absl::StatusOr<T> ReadSeenEdition(pg::Pool& pool, const std::string& edition,
                                  Read read) {
  return pg::RunInTransactionFor<T>(
      pool,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<T> {
        EditionFacts facts = LoadEditionFacts(tx, edition);
        if (!facts.known && !EditionSeen(tx, edition)) {
          return errors::NoSuch("edition", edition);
        }
        return read(tx, std::move(facts));
      },
      {pg::Isolation::kSnapshotRead});
}

}  // namespace

absl::StatusOr<EditionFigures> FiguresStore::Read(
    const std::string& edition, const std::string& voivodeship) {
  return ReadSeenEdition<EditionFigures>(
      pool_, edition, [&](pqxx::transaction_base& tx, EditionFacts) {
        EditionFigures figures;
        figures.facts = LoadFacts(tx, edition, voivodeship);
        figures.definitions = LoadDefinitions(tx, figures.facts.edition);
        return figures;
      });
}

absl::StatusOr<EditionCounts> FiguresStore::ReadCounts(
    const std::string& edition, const std::string& voivodeship, bool by_month) {
  return ReadSeenEdition<EditionCounts>(
      pool_, edition,
      [&](pqxx::transaction_base& tx, EditionFacts edition_facts) {
        EditionCounts counts;
        counts.edition = std::move(edition_facts);
        counts.definitions = LoadDefinitions(tx, counts.edition);
        Cells cells = LoadCells(tx, edition, voivodeship, by_month);
        counts.cells = std::move(cells.cells);
        counts.span = cells.span;
        return counts;
      });
}

absl::StatusOr<ProjectedFacts> FiguresStore::ReadProjected(
    const std::string& edition) {
  return pg::RunInTransactionFor<ProjectedFacts>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<ProjectedFacts> {
        ProjectedFacts projected;
        projected.facts = LoadFacts(tx, edition, "");
        projected.attended_minutes = LoadAttendedMinutes(tx, edition);
        projected.maintained_records = LoadMaintainedRecords(tx, edition);
        projected.maintained_cells = LoadCells(tx, edition, "").cells;
        return projected;
      },
      {pg::Isolation::kSnapshotRead});
}

}  // namespace jstedu::reporting
