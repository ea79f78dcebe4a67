// The export handlers of ReportingServiceImpl: numbered snapshots of the
// participant file (EU-funds monitoring layout) and of the aggregates (CSV,
// ADX), their content, diffs and submission.
//
// Participant rows are exactly the records of OFFICIALS_SUPPORTED: the
// counted officials (measures.h, StandingOf), so an incomplete person is
// reported nowhere (GetDataQuality lists them). Personal data and the
// institution blocks come from recruitment's ExportParticipants at the
// moment the file is written.
//
// What is stored: every snapshot's records (field → value, for diffs); the
// bytes of aggregates and of pseudonymised participant files. An
// identified participant file is never stored: its personal fields are kept
// as keyed HMACs, and a download writes the file again from the stored
// fields and recruitment's current personal data, checking every HMAC and
// the SHA-256 of the whole — the same bytes, or FAILED_PRECONDITION
// PERSONAL_DATA_CHANGED when recruitment's data changed since.

#include "services/reporting/exports.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/crypto/digest.h"
#include "common/csv/csv_writer.h"
#include "common/grpc/caller.h"
#include "common/grpc/status.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "common/status/ids.h"
#include "common/status/paging.h"
#include "common/time/civil_time.h"
#include "services/reporting/domain/exports.h"
#include "services/reporting/export/aggregates.h"
#include "services/reporting/export/record_diff.h"
#include "services/reporting/export/sl2014.h"
#include "services/reporting/query.h"
#include "services/reporting/reporting_service.h"

namespace jstedu::reporting {
namespace {

using grpcutil::Serve;
namespace fmt = exportfmt;
namespace rv1 = recruitment::v1;

// The digests of personal fields in an identified snapshot's records:
// bound to participant and column (since issue 16), and the unbound ones
// of older snapshots, which can still be written again.
constexpr char kDigestPrefix[] = "hmac2:";
constexpr char kUnboundDigestPrefix[] = "hmac:";
constexpr char kCsvType[] = "text/csv; charset=utf-8";
constexpr char kAdxType[] = "application/adx+xml; charset=utf-8";

using FieldMap = std::map<std::string, std::string>;

std::string EducationName(rv1::EducationLevel level) {
  switch (level) {
    case rv1::ISCED_0:
      return "niższe niż podstawowe (ISCED 0)";
    case rv1::ISCED_1:
      return "podstawowe (ISCED 1)";
    case rv1::ISCED_2:
      return "gimnazjalne (ISCED 2)";
    case rv1::ISCED_3:
      return "ponadgimnazjalne (ISCED 3)";
    case rv1::ISCED_4:
      return "policealne (ISCED 4)";
    case rv1::ISCED_5_8:
      return "wyższe (ISCED 5-8)";
    default:
      return "";
  }
}

// An answer as the ministry's tool writes it ("" when not asked, which a
// counted record never is).
std::string AnswerText(rv1::SituationAnswer answer) {
  switch (answer) {
    case rv1::YES:
      return "Tak";
    case rv1::NO:
      return "Nie";
    case rv1::REFUSED:
      return "Odmowa podania informacji";
    default:
      return "";
  }
}

// "ul. Katowicka 53/4": street (or, without one, the locality), building
// and flat number.
std::string Address(const rv1::Institution& institution) {
  std::string address = institution.street().empty() ? institution.locality()
                                                     : institution.street();
  absl::StrAppend(&address, " ", institution.building_number());
  if (!institution.flat_number().empty()) {
    absl::StrAppend(&address, "/", institution.flat_number());
  }
  return address;
}

// One official's row. `fact` and `institution` may be empty when only the
// personal columns are wanted (a download of an identified file).
//
// An official takes part as the JST's staff: the person block's place
// (locality, address, postcode, DEGURBA) is the JST office's, as the
// monitoring guidance allows for institutional staff, so recruitment keeps
// no home address (data minimisation); their contact is their own.
fmt::ParticipantRecord BuildRow(const ParticipantFact& fact,
                                const rv1::Participant& person,
                                const rv1::Institution& institution,
                                bool completed) {
  fmt::ParticipantRecord row;
  row.participant_id = fact.participant_id;
  const std::string county = fact.teryt.substr(0, 4);
  const std::string commune = fact.teryt.size() == 7 ? fact.teryt : "";
  fmt::Institution& i = row.institution;
  i.country = "Polska";
  i.name = person.employer_name();
  i.institution_type =
      "Administracja publiczna - jednostka samorządu terytorialnego";
  i.voivodeship = fact.voivodeship;
  i.county = county;
  i.commune = commune;
  i.nip = institution.nip();
  i.locality = institution.locality();
  i.street = institution.street();
  i.building_number = institution.building_number();
  i.flat_number = institution.flat_number();
  i.postcode = institution.postcode();
  i.degurba =
      institution.degurba() == 0 ? "" : absl::StrCat(institution.degurba());
  i.phone = institution.phone();
  i.email = institution.email();
  i.participation_start = person.participation_start();
  i.participation_end = person.participation_end();
  i.staff_supported = "Tak";
  i.support_kind = "Szkolenie i doradztwo";
  i.support_start = person.participation_start();
  i.support_end = person.participation_end();
  fmt::Person& p = row.person;
  p.country = "Polska";
  p.participant_kind = "Pracownik instytucji";
  p.institution_name = person.employer_name();
  p.first_name = person.first_name();
  p.last_name = person.last_name();
  p.pesel = person.pesel();
  p.no_pesel = person.no_pesel();
  p.sex = person.sex() == rv1::FEMALE ? "Kobieta"
          : person.sex() == rv1::MALE ? "Mężczyzna"
                                      : "";
  p.age_at_start = absl::StrCat(person.age_at_start());
  p.education_level = EducationName(person.education_level());
  p.voivodeship = fact.voivodeship;
  p.county = county;
  p.commune = commune;
  p.locality = i.locality;
  p.address = institution.building_number().empty() ? "" : Address(institution);
  p.postcode = i.postcode;
  p.degurba = i.degurba;
  p.phone = person.phone();
  p.email = person.email();
  p.participation_start = person.participation_start();
  p.participation_end = person.participation_end();
  p.labour_market_status = "Osoba pracująca";
  p.occupation = person.position();
  p.employer = person.employer_name();
  p.ended_as_planned = completed                            ? "Tak"
                       : person.participation_end().empty() ? ""
                                                            : "Nie";
  p.support_kind = "Szkolenie i doradztwo";
  p.support_start = person.participation_start();
  p.support_end = person.participation_end();
  p.minority_or_foreign_origin =
      AnswerText(person.minority_or_foreign_origin());
  p.homeless = AnswerText(person.homeless());
  p.disability = AnswerText(person.disability());
  p.other_disadvantage = AnswerText(person.other_disadvantage());
  return row;
}

// The columns Pseudonymise changes: the person's direct identifiers (found
// once on a record whose every field is set, so the list follows
// sl2014.cc). Only these hold digests in an identified snapshot's records.
const std::set<std::string>& PersonalColumns() {
  static const auto* columns = [] {
    rv1::Participant person;
    person.set_first_name("x");
    person.set_last_name("x");
    person.set_pesel("x");
    person.set_phone("x");
    person.set_email("x");
    person.set_minority_or_foreign_origin(rv1::YES);
    person.set_homeless(rv1::YES);
    person.set_disability(rv1::YES);
    person.set_other_disadvantage(rv1::YES);
    ParticipantFact fact;
    fact.participant_id = "x";
    fmt::ParticipantRecord row = BuildRow(fact, person, {}, false);
    const FieldMap plain = fmt::ParticipantFields(row);
    const FieldMap masked = fmt::ParticipantFields(fmt::Pseudonymise(row, "k"));
    auto* personal = new std::set<std::string>();
    for (const auto& [column, value] : plain) {
      if (masked.at(column) != value) personal->insert(column);
    }
    return personal;
  }();
  return *columns;
}

// A personal field's keyed digest, bound to its participant and column: a
// yes/no answer has few values, and an unbound digest would let whoever
// reads the stored records group people by answer.
std::string Digest(const std::string& key, const std::string& participant_id,
                   const std::string& column, const std::string& value) {
  return absl::StrCat(
      kDigestPrefix,
      crypto::HmacSha256Hex(
          key, absl::StrCat(participant_id, "\x1f", column, "\x1f", value)));
}

// Whether `stored` (a personal column's value in a snapshot's records) is
// the digest of `value`, in either scheme.
bool DigestMatches(const std::string& key, const std::string& participant_id,
                   const std::string& column, const std::string& stored,
                   const std::string& value) {
  if (absl::StartsWith(stored, kDigestPrefix)) {
    return stored == Digest(key, participant_id, column, value);
  }
  return stored ==
         absl::StrCat(kUnboundDigestPrefix, crypto::HmacSha256Hex(key, value));
}

// The columns whose stored values are digests: today's personal columns
// and the person's address, personal in snapshots made before issue 16
// (the person block now holds the JST office's address).
bool HoldsDigest(const std::string& column) {
  return PersonalColumns().count(column) > 0 ||
         column == "Adres (ulica, nr budynku, nr lokalu)";
}

std::string RenderParticipantFile(const std::vector<FieldMap>& rows) {
  std::string out = csv::CsvRow(fmt::ParticipantColumns());
  for (const FieldMap& row : rows) {
    std::vector<std::string> values;
    for (const std::string& column : fmt::ParticipantColumns()) {
      values.push_back(row.at(column));
    }
    out += csv::CsvRow(values);
  }
  return out;
}

struct Written {
  std::string content;
  SnapshotRecords records;
  int64_t record_count = 0;
};

absl::StatusOr<Written> WriteParticipants(const Counted& counted,
                                          const Sources::PersonalData& personal,
                                          bool pseudonymised,
                                          const std::string& key) {
  const auto& people = personal.people;
  std::map<std::string, const ParticipantFact*> facts;
  for (const ParticipantFact& p : counted.facts.participants) {
    facts[p.participant_id] = &p;
  }
  Written written;
  std::vector<FieldMap> rows;
  // The counted officials (measures.h, StandingOf): the file holds exactly
  // the records OFFICIALS_SUPPORTED counts.
  for (const Record& r : RecordsOf(counted.measures, "OFFICIALS_SUPPORTED")) {
    const ParticipantFact& fact = *facts.at(r.id);
    auto person = people.find(r.id);
    if (person == people.end()) {
      return errors::RulesNotMet(
          {{"PARTICIPANT_UNKNOWN_TO_RECRUITMENT", "participants/" + r.id,
            "recruitment's export does not list this started participant; "
            "run reconcile"}});
    }
    // Counted by the projection, but recruitment (read now) finds the
    // record incomplete: its event has not reached reporting yet. No row
    // the ministry would refuse goes out.
    if (person->second.missing_monitoring_fields_size() > 0) {
      return errors::RulesNotMet(
          {{"MONITORING_RECORD_INCOMPLETE", "participants/" + r.id,
            "recruitment now finds this official's EU-monitoring record "
            "incomplete, which reporting's figures have not caught up with "
            "yet; try again in a minute, or run reconcile"}});
    }
    auto institution = personal.institutions.find(fact.application_id);
    fmt::ParticipantRecord row = BuildRow(
        fact, person->second,
        institution == personal.institutions.end() ? rv1::Institution()
                                                   : institution->second,
        counted.facts.completions.count(r.id) > 0);
    FieldMap fields = fmt::ParticipantFields(row);
    FieldMap stored = fields;
    if (pseudonymised) {
      fields = fmt::ParticipantFields(fmt::Pseudonymise(row, key));
      stored = fields;
    } else {
      for (const std::string& column : PersonalColumns()) {
        stored[column] = Digest(key, r.id, column, fields[column]);
      }
    }
    rows.push_back(fields);
    written.records[r.id] = std::move(stored);
  }
  written.content = RenderParticipantFile(rows);
  written.record_count = rows.size();
  return written;
}

}  // namespace

std::vector<fmt::AggregateRow> AggregateRows(const Counted& counted,
                                             const Period& whole) {
  struct Cut {
    const char* name;
    std::optional<Dimension> dimension;
  };
  const Cut cuts[] = {{fmt::kDimensionTotal, std::nullopt},
                      {fmt::kDimensionVoivodeship, Dimension::kVoivodeship},
                      {fmt::kDimensionJstKind, Dimension::kJstKind},
                      {fmt::kDimensionSex, Dimension::kSex},
                      {fmt::kDimensionTargetGroup, Dimension::kTargetGroup}};
  std::vector<fmt::AggregateRow> rows;
  Filter filter;
  filter.period = whole;
  auto add = [&](const Definition& definition, const char* dimension,
                 const std::string& value, const std::string& period,
                 const v1::Figure& figure) {
    // A ratio over nothing has no value: no row (never a made-up 0).
    if (figure.value().empty()) return;
    const v1::IndicatorDefinition& d = definition.proto;
    fmt::AggregateRow row;
    row.code = d.code();
    row.name_pl = d.name_pl();
    row.name_en = d.name_en();
    row.unit = d.unit() == v1::PERCENT ? "%" : "liczba";
    row.dimension = dimension;
    row.dimension_value = value;
    row.period = period;
    row.value = figure.value();
    row.numerator = figure.numerator();
    if (!d.denominator().empty()) row.denominator = figure.denominator();
    if (!definition.target.empty()) row.target = definition.target;
    rows.push_back(std::move(row));
  };
  const std::string whole_text = FormatPeriod(whole);
  for (const Definition& definition : counted.definitions) {
    for (const Cut& cut : cuts) {
      std::vector<Dimension> dims;
      if (cut.dimension) dims.push_back(*cut.dimension);
      if (!NotApplicable(definition.proto, filter, dims).reason.empty()) {
        continue;
      }
      auto indicator =
          BuildIndicator(definition, counted.measures, filter, dims);
      if (!indicator.ok()) continue;
      if (!cut.dimension) {
        add(definition, cut.name, "", whole_text, indicator->total());
        continue;
      }
      for (const v1::BreakdownRow& cell : indicator->breakdown()) {
        add(definition, cut.name, cell.keys(0).value(), whole_text,
            cell.figure());
      }
    }
    auto monthly = BuildIndicator(definition, counted.measures, filter,
                                  {Dimension::kMonth});
    if (!monthly.ok()) continue;
    for (const v1::BreakdownRow& cell : monthly->breakdown()) {
      const Period month = *ParsePeriod(cell.keys(0).value());
      // A range of exactly one month is already the whole-range row.
      if (month.first == whole.first && month.last == whole.last) continue;
      add(definition, fmt::kDimensionTotal, "", cell.keys(0).value(),
          cell.figure());
    }
  }
  return rows;
}

namespace {

std::string Rfc3339(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone());
}

absl::Status CheckExportId(const std::string& id) {
  if (!ids::IsUuid(id)) {
    return errors::InvalidFields({{"export", "an export id (UUID)"}});
  }
  return absl::OkStatus();
}

absl::StatusOr<Snapshot> LoadSnapshot(ExportStore& store,
                                      const std::string& id) {
  if (auto status = CheckExportId(id); !status.ok()) return status;
  return store.Find(id);
}

}  // namespace

absl::StatusOr<std::string> RewriteIdentified(
    const SnapshotRecords& stored,
    const std::map<std::string, rv1::Participant>& people,
    const std::string& key) {
  std::vector<FieldMap> rows;
  for (const auto& [id, fields] : stored) {
    auto person = people.find(id);
    FieldMap now;
    if (person != people.end()) {
      ParticipantFact fact;
      fact.participant_id = id;
      now = fmt::ParticipantFields(BuildRow(fact, person->second, {}, false));
    }
    FieldMap row = fields;
    for (auto& [column, value] : row) {
      if (!HoldsDigest(column) ||
          !(absl::StartsWith(value, kDigestPrefix) ||
            absl::StartsWith(value, kUnboundDigestPrefix))) {
        continue;
      }
      auto current = now.find(column);
      if (current == now.end() ||
          !DigestMatches(key, id, column, value, current->second)) {
        return errors::RulesNotMet(
            {{"PERSONAL_DATA_CHANGED", "participants/" + id,
              "recruitment's personal data of this participant changed "
              "since the snapshot, so its identified file cannot be written "
              "again; make a new export"}});
      }
      value = current->second;
    }
    rows.push_back(std::move(row));
  }
  return RenderParticipantFile(rows);
}

// Every kind of ministry export (files and aggregates alike, so the two
// never disagree) waits until the office has decided the edition's
// identity conflicts: a record awaiting it may duplicate another JST's.
absl::Status ReportingServiceImpl::IdentityConflictsDecided(
    const grpc::ServerContextBase& context, const std::string& edition) {
  auto open = sources_.OpenIdentityConflicts(context, edition);
  if (!open.ok()) return open.status();
  return CheckIdentityConflictsDecided(edition, *open);
}

grpc::ServerUnaryReactor* ReportingServiceImpl::CreateExport(
    grpc::CallbackServerContext* context,
    const v1::CreateExportRequest* request, v1::Export* response) {
  return Serve("CreateExport", context, request, [=]() -> absl::Status {
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<errors::FieldProblem> problems;
    QueryInput input =
        ReadQueryInput(problems, request->edition(), "", "", 0, 0, 0, "");
    if (request->kind() == v1::EXPORT_KIND_UNSPECIFIED ||
        !v1::ExportKind_IsValid(request->kind())) {
      problems.push_back(
          {"kind", "PARTICIPANTS, AGGREGATES_CSV or AGGREGATES_ADX"});
    }
    if (request->pseudonymised() && request->kind() != v1::PARTICIPANTS) {
      problems.push_back(
          {"pseudonymised", "only a PARTICIPANTS export is pseudonymised"});
    }
    errors::CheckText(problems, "purpose", request->purpose(), 1, 500);
    auto counted = ScopedCount(figures_, *caller, input, problems);
    if (!counted.ok()) return counted.status();
    if (auto dated =
            CheckEditionDatesKnown(input.edition, counted->facts.edition.known);
        !dated.ok()) {
      return dated;
    }
    absl::Status decided = IdentityConflictsDecided(*context, input.edition);
    if (!decided.ok()) return decided;
    Snapshot snapshot;
    v1::Export& meta = snapshot.meta;
    meta.set_edition(input.edition);
    meta.set_kind(request->kind());
    meta.set_pseudonymised(request->pseudonymised());
    meta.set_purpose(request->purpose());
    meta.set_created_by(caller->subject);
    Written written;
    const Period whole = DisplayRange(*counted, input, ProgrammeDay(clock_()));
    if (request->kind() == v1::PARTICIPANTS) {
      auto people = sources_.ReadPersonalData(*context, input.edition,
                                              request->purpose());
      if (!people.ok()) return people.status();
      auto file = WriteParticipants(*counted, *people, request->pseudonymised(),
                                    hmac_key_);
      if (!file.ok()) return file.status();
      written = *std::move(file);
      meta.set_content_type(kCsvType);
    } else {
      const auto rows = AggregateRows(*counted, whole);
      for (const auto& [key, value] : fmt::AggregateKeyedValues(rows)) {
        written.records[key] = {{"value", value}};
      }
      written.record_count = rows.size();
      if (request->kind() == v1::AGGREGATES_CSV) {
        written.content = fmt::AggregatesCsv(rows);
        meta.set_content_type(kCsvType);
      } else {
        auto adx = fmt::AggregatesAdx(
            {input.edition, Rfc3339(clock_()), FormatPeriod(whole)}, rows);
        if (!adx.ok()) return adx.status();
        written.content = *std::move(adx);
        meta.set_content_type(kAdxType);
      }
    }
    meta.set_sha256(crypto::Sha256Hex(written.content));
    meta.set_size_bytes(written.content.size());
    meta.set_record_count(written.record_count);
    const bool store_bytes =
        request->kind() != v1::PARTICIPANTS || request->pseudonymised();
    if (store_bytes) snapshot.content = written.content;
    auto created = exports_.Create(snapshot, written.records);
    if (!created.ok()) return created.status();
    *response = *std::move(created);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportingServiceImpl::ListExports(
    grpc::CallbackServerContext* context, const v1::ListExportsRequest* request,
    v1::ListExportsResponse* response) {
  return Serve("ListExports", context, request, [=]() -> absl::Status {
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<errors::FieldProblem> problems;
    ReadQueryInput(problems, request->edition(), "", "", 0, 0, 0, "");
    const paging::Page page =
        paging::ReadOffsetPage(problems, "exports", {request->edition()},
                               request->page_size(), request->page_token());
    if (!problems.empty()) return errors::InvalidFields(problems);
    const int64_t offset = page.offset;
    const int size = page.size;
    auto list = exports_.List(request->edition(), offset, size + 1);
    if (!list.ok()) return list.status();
    for (int i = 0; i < static_cast<int>(list->size()) && i < size; ++i) {
      *response->add_exports() = (*list)[i];
    }
    response->set_next_page_token(
        page.NextOffsetToken(static_cast<int>(list->size()) > size));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportingServiceImpl::GetExport(
    grpc::CallbackServerContext* context, const v1::GetExportRequest* request,
    v1::Export* response) {
  return Serve("GetExport", context, request, [=]() -> absl::Status {
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    auto snapshot = LoadSnapshot(exports_, request->export_());
    if (!snapshot.ok()) return snapshot.status();
    *response = snapshot->meta;
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportingServiceImpl::GetExportContent(
    grpc::CallbackServerContext* context, const v1::GetExportRequest* request,
    api::v1::HttpBody* response) {
  return Serve("GetExportContent", context, request, [=]() -> absl::Status {
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    auto snapshot = LoadSnapshot(exports_, request->export_());
    if (!snapshot.ok()) return snapshot.status();
    if (snapshot->meta.kind() == v1::PARTICIPANTS) {
      absl::Status audited = exports_.RecordDownload(
          snapshot->meta.id(), caller->subject, caller->role_name);
      if (!audited.ok()) return audited;
    }
    std::string content;
    if (snapshot->content) {
      content = *snapshot->content;
    } else {
      auto stored = exports_.Records(snapshot->meta.id());
      if (!stored.ok()) return stored.status();
      auto people = sources_.ReadPersonalData(
          *context, snapshot->meta.edition(),
          errors::FirstCodePoints(
              absl::StrCat("download of export ", snapshot->meta.number(), ": ",
                           snapshot->meta.purpose()),
              500));
      if (!people.ok()) return people.status();
      auto rewritten = RewriteIdentified(*stored, people->people, hmac_key_);
      if (!rewritten.ok()) return rewritten.status();
      content = *std::move(rewritten);
    }
    if (crypto::Sha256Hex(content) != snapshot->meta.sha256()) {
      return errors::RulesNotMet(
          {{"PERSONAL_DATA_CHANGED", "exports/" + snapshot->meta.id(),
            "the file written again differs from the snapshot's SHA-256"}});
    }
    response->set_content_type(snapshot->meta.content_type());
    response->set_data(std::move(content));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportingServiceImpl::GetExportDiff(
    grpc::CallbackServerContext* context,
    const v1::GetExportDiffRequest* request, v1::ExportDiff* response) {
  return Serve("GetExportDiff", context, request, [=]() -> absl::Status {
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    auto snapshot = LoadSnapshot(exports_, request->export_());
    if (!snapshot.ok()) return snapshot.status();
    std::optional<v1::Export> against;
    if (!request->against().empty()) {
      auto other = LoadSnapshot(exports_, request->against());
      if (!other.ok()) return other.status();
      if (auto same = CheckSameSeries(snapshot->meta, other->meta);
          !same.ok()) {
        return same;
      }
      against = other->meta;
    }
    auto sides = exports_.ReadDiffSides(snapshot->meta, against);
    if (!sides.ok()) return sides.status();
    response->set_export_(snapshot->meta.id());
    if (sides->against) {
      response->set_against(sides->against->id());
      response->set_against_number(sides->against->number());
    }
    const fmt::RecordDiff diff = fmt::DiffRecords(sides->before, sides->after);
    for (const std::string& key : diff.added) response->add_added(key);
    for (const std::string& key : diff.removed) response->add_removed(key);
    for (const fmt::RecordChange& change : diff.changed) {
      v1::RecordChange* out = response->add_changed();
      out->set_key(change.key);
      for (const fmt::FieldChange& field : change.fields) {
        v1::FieldChange* f = out->add_fields();
        f->set_field(field.field);
        const bool personal = snapshot->meta.kind() == v1::PARTICIPANTS &&
                              !snapshot->meta.pseudonymised() &&
                              PersonalColumns().count(field.field) > 0;
        f->set_before(personal ? "(changed)" : field.before);
        f->set_after(personal ? "(changed)" : field.after);
      }
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportingServiceImpl::SubmitExport(
    grpc::CallbackServerContext* context,
    const v1::SubmitExportRequest* request, v1::Export* response) {
  return Serve("SubmitExport", context, request, [=]() -> absl::Status {
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (auto status = CheckExportId(request->export_()); !status.ok()) {
      return status;
    }
    auto submitted = exports_.Submit(request->export_());
    if (!submitted.ok()) return submitted.status();
    *response = *std::move(submitted);
    return absl::OkStatus();
  });
}

}  // namespace jstedu::reporting
