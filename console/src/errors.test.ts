import assert from "node:assert/strict";
import { test } from "node:test";
import { dataOf, describeFailure, failureOf, problemOf, problemText, refusalOf, unmetOf, unmetText } from "./errors.js";

const badField = {
  code: 3,
  message: "voivodeship: must be a two-digit voivodeship code (02..32, even)",
  details: [
    {
      "@type": "type.googleapis.com/google.rpc.BadRequest",
      fieldViolations: [{ field: "voivodeship", description: "must be a two-digit voivodeship code (02..32, even)" }],
    },
  ],
};

test("a refused field is named with what is wrong with it, in the user's words", () => {
  assert.deepEqual(describeFailure(400, badField), {
    key: "error.badField",
    params: { field: "voivodeship", message: "podaj kod województwa (02, 04, … 32)" },
  });
  assert.deepEqual(describeFailure(400, { code: 3, message: "bad page token", details: [] }), {
    key: "error.badRequest",
    params: { message: "bad page token" },
  });
});

test("failures the user cannot fix are said plainly, without the server's text", () => {
  assert.equal(describeFailure(0, undefined).key, "error.network");
  assert.equal(describeFailure(401, badField).key, "error.unauthenticated");
  assert.equal(describeFailure(403, badField).key, "error.forbidden");
  assert.equal(describeFailure(429, undefined).key, "error.tooMany");
  assert.equal(describeFailure(503, undefined).key, "error.unavailable");
  assert.deepEqual(describeFailure(500, "<html>"), { key: "error.unexpected", params: { status: 500 } });
});

test("a call's data, or its failure in the user's words, thrown", async () => {
  const answer = (status: number, data?: object, error?: object) =>
    Promise.resolve({ data, error, response: new Response(null, { status }) });
  assert.deepEqual(await dataOf(answer(200, { jsts: [] })), { jsts: [] });
  await assert.rejects(dataOf(answer(403, undefined, { code: 7, message: "no" })), { key: "error.forbidden" });
  await assert.rejects(dataOf(Promise.reject(new TypeError("Failed to fetch"))), { key: "error.network" });
  assert.deepEqual(failureOf({ key: "error.forbidden", params: {} }), { key: "error.forbidden", params: {} });
  assert.equal(failureOf(new TypeError("Failed to fetch")).key, "error.network");
  assert.equal(failureOf("anything").key, "error.network");
});

test("a stale version is a conflict, whatever the message", () => {
  assert.deepEqual(refusalOf(409, { code: 10, message: "stale", details: [] }), { kind: "conflict" });
});

test("a guard's precondition violations are the checklist, one item per unmet condition", () => {
  const body = {
    code: 9,
    message: "the rollout cannot be completed",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.PreconditionFailure",
        violations: [
          { type: "ACTIONS_OPEN", subject: "case", description: "2 actions are still planned" },
          { type: "PLAN_NOT_ADOPTED", subject: "case", description: "no plan" },
        ],
      },
    ],
  };
  assert.deepEqual(refusalOf(409, body), {
    kind: "guard",
    unmet: [
      { type: "ACTIONS_OPEN", description: "2 actions are still planned" },
      { type: "PLAN_NOT_ADOPTED", description: "no plan" },
    ],
  });
});

test("field violations are kept by their JSON path, the first per field", () => {
  const body = {
    code: 3,
    message: "bad",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [
          { field: "reason", description: "required" },
          { field: "reason", description: "second" },
          { field: "doneOn", description: "in the future" },
        ],
      },
    ],
  };
  const refusal = refusalOf(400, body);
  assert.equal(refusal.kind, "fields");
  assert.deepEqual(refusal.kind === "fields" ? [...refusal.fields] : [], [
    ["reason", "to pole jest wymagane"],
    ["doneOn", "niepoprawna wartość (komunikat serwera: „in the future”)"],
  ]);
});

test("any other refusal is said as every screen says it", () => {
  assert.deepEqual(refusalOf(403, {}), { kind: "other", failure: { key: "error.forbidden", params: {} } });
  assert.deepEqual(refusalOf(409, { code: 9, message: "wrong stage", details: [] }).kind, "other");
});

// Each recurring shape of the services' field problems, in both catalogues.
const TRANSLATED: readonly [description: string, polish: string, english: string][] = [
  ["required", "to pole jest wymagane", "this field is required"],
  ["is required", "to pole jest wymagane", "this field is required"],
  ["must be given", "to pole jest wymagane", "this field is required"],
  ["is required but not set", "to pole jest wymagane", "this field is required"],
  ["must be 1..4000 characters", "wpisz od 1 do 4000 znaków", "enter 1 to 4000 characters"],
  ["must be 1 to 200 characters without surrounding spaces", "wpisz od 1 do 200 znaków", "enter 1 to 200 characters"],
  ["must be 0..8000 characters", "wpisz najwyżej 8000 znaków", "enter at most 8000 characters"],
  ["must be at most 500 characters", "wpisz najwyżej 500 znaków", "enter at most 500 characters"],
  ["must be at most 100 characters long", "wpisz najwyżej 100 znaków", "enter at most 100 characters"],
  ["must be a date YYYY-MM-DD", "podaj datę (RRRR-MM-DD)", "enter a date (YYYY-MM-DD)"],
  ["must be a date written YYYY-MM-DD", "podaj datę (RRRR-MM-DD)", "enter a date (YYYY-MM-DD)"],
  ["is not a real calendar date", "podaj datę (RRRR-MM-DD)", "enter a date (YYYY-MM-DD)"],
  [
    "cannot be after today (2026-12-05)",
    "data nie może być późniejsza niż dzisiejsza (5 grudnia 2026)",
    "the date cannot be after today (5 December 2026)",
  ],
  ["must not be in the future", "data nie może być z przyszłości", "the date cannot be in the future"],
  ["must have 1..50 entries", "podaj od 1 do 50 pozycji", "give 1 to 50 entries"],
  ["cannot be before startsOn", "termin nie może być wcześniejszy niż początek", "the due date cannot be before the start"],
  ["must be 1..400", "podaj liczbę od 1 do 400", "enter a number from 1 to 400"],
  ["must be 1 to 100", "podaj liczbę od 1 do 100", "enter a number from 1 to 100"],
  ["must be at most 500", "podaj liczbę nie większą niż 500", "enter a number no greater than 500"],
  ["must be a UUID", "to nie jest poprawny identyfikator", "this is not a valid identifier"],
  [
    "must not contain control characters or line breaks (found U+000A)",
    "wpisz tekst w jednym wierszu, bez znaków sterujących",
    "enter the text on one line, without control characters",
  ],
  [
    "must not contain control characters other than tab and line breaks (found U+0007)",
    "usuń znaki sterujące (dozwolone są tabulatory i nowe wiersze)",
    "remove the control characters (tabs and line breaks are allowed)",
  ],
  [
    "must not contain a carriage return (U+000D) outside a CRLF line break",
    "usuń znak powrotu karetki (CR) spoza końca wiersza",
    "remove the carriage return (CR) outside a line break",
  ],
  ["must be valid UTF-8 text", "tekst zawiera nieprawidłowe znaki", "the text holds invalid characters"],
  [
    "must be an edition code: 2..32 of A-Z, 0-9 and '-'",
    "podaj kod edycji: od 2 do 32 znaków spośród A–Z, 0–9 i „-”",
    "enter an edition code: 2 to 32 of A–Z, 0–9 and “-”",
  ],
  ["must be a voivodeship code (02, 04, … 32)", "podaj kod województwa (02, 04, … 32)", "enter a voivodeship code (02, 04, … 32)"],
  [
    "must be a TERYT code of 4 digits (county) or 7 digits (commune)",
    "podaj kod TERYT: 4 cyfry (powiat) lub 7 cyfr (gmina)",
    "enter a TERYT code: 4 digits (county) or 7 digits (commune)",
  ],
  ["must be a whole number", "podaj liczbę całkowitą", "enter a whole number"],
  ["must be positive", "podaj liczbę większą od zera", "enter a number greater than zero"],
  ["is named twice", "ta wartość występuje dwa razy", "this value is given twice"],
  ["must be true or false", "wybierz „tak” albo „nie”", "choose “yes” or “no”"],
  ["check digit does not match", "cyfra kontrolna się nie zgadza — sprawdź numer", "the check digit does not match — check the number"],
  ["must not contain digits", "to pole nie może zawierać cyfr", "this field cannot contain digits"],
  ["must be HH:MM", "podaj godzinę (GG:MM)", "enter a time (HH:MM)"],
  [
    "must be a person reference: participant:<id>, jst-contact:<application id>, expert:<id>, trainer:<subject> or coordinator:<subject>",
    "podaj odbiorcę jako participant:<id>, jst-contact:<id wniosku>, expert:<id>, trainer:<login> albo coordinator:<login>",
    "name the recipient as participant:<id>, jst-contact:<application id>, expert:<id>, trainer:<login> or coordinator:<login>",
  ],
  ["names no valid subject", "po „trainer:” lub „coordinator:” podaj login konta", "give the account's login after “trainer:” or “coordinator:”"],
  ["must end with a UUID", "po dwukropku podaj pełny identyfikator (UUID)", "give the full identifier (UUID) after the colon"],
  ['must be "pl" or "en"', "wybierz język: polski albo angielski", "choose a language: Polish or English"],
  ['is required: "pl" or "en"', "wybierz język: polski albo angielski", "choose a language: Polish or English"],
  [
    "HANDOVER, JST_QUALIFIED: required by the programme's rules, cannot be switched off",
    "tych powiadomień nie można wyłączyć — wymagają ich zasady programu: przekazanie sprawy między ekspertami, zakwalifikowanie JST do programu",
    "these notifications cannot be switched off — the programme's rules require them: case handed over between experts, JST qualified for the programme",
  ],
  [
    "WEEKLY_DIGEST is never sent to this person",
    "ta osoba nie dostaje takich powiadomień, więc nie można ich wyłączyć: tygodniowe podsumowanie województwa",
    "this person does not get these notifications, so they cannot be switched off: weekly digest of the voivodeship",
  ],
  ["is given twice", "ta wartość występuje dwa razy", "this value is given twice"],
  [
    "school 900001 is closed (since 2026-09-01)",
    "szkoła o numerze RSPO 900001 jest zamknięta od 1 września 2026",
    "the school of RSPO number 900001 is closed since 1 September 2026",
  ],
  [
    "school 900001 is run by JST 2401011, not by the case's JST 2476011",
    "szkołę o numerze RSPO 900001 prowadzi inna JST (2401011), nie JST tej sprawy (2476011)",
    "the school of RSPO number 900001 is run by another JST (2401011), not by this case's JST (2476011)",
  ],
];

test("each recurring field problem is said in Polish, and in English in the English catalogue", () => {
  for (const [description, polish, english] of TRANSLATED) {
    assert.equal(problemText(description, "pl"), polish, description);
    assert.equal(problemText(description, "en"), english, description);
  }
});

test("a problem no pattern knows is a Polish lead with the server's text", () => {
  assert.deepEqual(problemOf("only the case's guardian approves"), {
    key: "error.problem.other",
    params: { text: "only the case's guardian approves" },
  });
  assert.equal(
    problemText("only the case's guardian approves", "pl"),
    "niepoprawna wartość (komunikat serwera: „only the case's guardian approves”)",
  );
});

// Field problems the services send, collected from common/status/fields.cc,
// request_text.cc, advisory's api_input.cc, recruitment's api_input.cc
// and domain/participant.cc, training's api_input.cc and the paging rule
// (as each builds them, with a value where one is formatted in).
const REAL_DESCRIPTIONS: readonly string[] = [
  // training's attendance refusals (domain/attendance_rules.h MarkRules)
  "participant 3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d is not on the roster of this session (edition 2f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d, group 2)",
  "participant 3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d is not on the roster of this session (edition 2f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d, group all)",
  "participant 3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d may not be marked present: their declaration is not recorded",
  "must be a date between 1800 and 2299",
  "must be DECISION_MAKER, OPERATIONAL_STAFF or COUNCILLOR_OR_SOCIAL_PARTNER",
  "is required: DECISION_MAKER, OPERATIONAL_STAFF or COUNCILLOR_OR_SOCIAL_PARTNER",
  "encodes a birth date in the future",
  "must not contain spaces or control characters",
  "must contain exactly one '@'",
  "must have a name before the '@'",
  "must have a domain with a dot after the '@' (like example.pl)",
  "must be 9 to 15 digits with an optional leading '+' (spaces and '-' are allowed between them)",
  "must be 1 to 10000 JSTs",
  "required",
  "is required",
  "must be given",
  "is required (an RFC 3339 instant)",
  "is required (local time, 2017-04-05T11:00)",
  "must be 1..300 characters",
  "must be 1..200 characters",
  "must be 0..8000 characters",
  "must be 0..4000 characters",
  "must be 1..2000 characters",
  "must be 1..500 characters",
  "must be 1 to 200 characters without surrounding spaces",
  "must be at most 500 characters",
  "must be at most 100 characters long",
  "must be a date YYYY-MM-DD",
  "must be a date written YYYY-MM-DD",
  "cannot be after today (2017-06-30)",
  "must not be in the future",
  "must have 1..50 entries",
  "must have 0..50 entries",
  "cannot be before startsOn",
  "must not be before startsOn",
  "must be 1..400",
  "must be 1..200",
  "must be 1..500",
  "must be 1 to 100",
  "must be at most 500",
  "must be a UUID",
  "must not contain control characters or line breaks (found U+000A)",
  "must not contain control characters other than tab and line breaks (found U+001B)",
  "must not contain a carriage return (U+000D) outside a CRLF line break",
  "must be valid UTF-8 text",
  "is not valid UTF-8",
  "must be an edition code: 2..32 of A-Z, 0-9 and '-'",
  "must be a two-digit voivodeship code (02..32, even)",
  "must be a voivodeship code (02, 04, … 32)",
  "must be a TERYT code of 4 digits (county) or 7 digits (commune)",
  "must be a whole number",
  "must be positive",
  "is named twice",
  "is used twice",
  "must be true or false",
  "check digit does not match",
  "must not contain digits",
  "must not contain control characters",
  "must be HH:MM",
  // notifications (notifications_service.cc, preferences_store.cc,
  // domain/schedule.cc PersonRefProblem)
  "must be a person reference: participant:<id>, jst-contact:<application id>, expert:<id>, trainer:<subject> or coordinator:<subject>",
  "must end with a UUID",
  "names no valid subject",
  'must be "pl" or "en"',
  'is required: "pl" or "en"',
  "names no kind of notification",
  "unknown kind(s): lottery",
  "MODULE_PROGRAMME: required by the programme's rules, cannot be switched off",
  "WEEKLY_DIGEST is never sent to this person",
  "is not a state",
  // the programme's other parts (issue 24: training's communities, tables
  // and e-learning; advisory's practices and schools)
  "is for exchange groups only",
  "is for thematic networks only",
  "is given twice",
  "names a moderator twice",
  "is not a kind of JST",
  "is not a status of a good practice",
  "must be YYYY-MM",
  "must be an RSPO number: 1..10 digits",
  "must be one of the 5 areas",
  "must have 0..20 entries",
  "must have at most 200 schools",
  "must have at most 1000 entries",
  "must have at most 100 actions",
  "must name 1..16 voivodeships",
  "must be a sign-in subject",
  "must be a room id of the module",
  "must be 1..32 of A-Z a-z 0-9 . _ -",
  "must be given (>= 1)",
  "the case has not chosen a support area yet: name one of the edition's catalogue",
  "is not a support area of edition PILOT's catalogue",
  "no school of RSPO number 900001 in the register",
  "school 900001 is closed (since 2026-09-01)",
  "school 900001 is run by JST 2401011, not by the case's JST 2476011",
];

test("none of the services' real field problems falls back to the server's text", () => {
  const untranslated = REAL_DESCRIPTIONS.filter((description) => problemOf(description).key === "error.problem.other");
  assert.deepEqual(untranslated, []);
});

test("a refusal shown above a form names the field by the form's label", () => {
  const body = {
    code: 3,
    message: "bad",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [{ field: "actions[1].dueOn", description: "must be a date YYYY-MM-DD" }],
      },
    ],
  };
  assert.deepEqual(describeFailure(400, body, { "actions[1].dueOn": "Działanie 2: termin" }), {
    key: "error.badField",
    params: { field: "Działanie 2: termin", message: "podaj datę (RRRR-MM-DD)" },
  });
  assert.equal(describeFailure(400, body).params.field, "actions[1].dueOn");
});

test("the gateway's in-flight answer is no version conflict", () => {
  const body = {
    code: 10,
    message: "still in progress",
    details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "IDEMPOTENCY_KEY_IN_FLIGHT", domain: "jstedu" }],
  };
  assert.deepEqual(refusalOf(409, body), { kind: "other", failure: { key: "error.stillRunning", params: {} } });
});

// Every rule type the services send in a PreconditionFailure (grep
// services/ for RulesNotMet, Rule{…} and ConflictKindName), by service.
const RULE_TYPES = [
  // recruitment
  "MIN_REPRESENTATIVES", "DECLARATIONS_RECORDED", "STATUS", "APPLICATION_OPEN", "CAPACITY", "CLAIMANT_TAKES_PART",
  "CONFLICT_OPEN", "DECLARATION_RECORDED", "PARTICIPANT_ACTIVE", "RECRUITMENT_WINDOW",
  // advisory
  "EXPERTS_NOT_ASSIGNED", "AREA_NOT_CHOSEN", "AGREEMENT_NOT_RECORDED", "DIAGNOSIS_SUMMARY_MISSING", "ACTION_SCHEDULE_EMPTY",
  "ACTION_INCOMPLETE", "ACTIONS_OPEN", "PLAN_NOT_ADOPTED", "WRONG_STAGE", "ACTION_CLOSED", "CASE_WITHDRAWN",
  "CATALOGUE_FULL", "OFFICE_VISIT_RECORDED", "PLAN_ALREADY_ADOPTED", "EXPERT_UNKNOWN", "EXPERT_WRONG_SPECIALITY",
  "EXPERT_INACTIVE", "EXPERT_NOT_SERVING_REGION", "EXPERT_AT_CAPACITY", "NO_REPLACEMENT",
  // training
  "MODULE_ORDER", "MARKED_SESSION_LENGTH", "TASK_DUE_IN_MODULE", "NOT_ROSTERED", "DECLARATION_MISSING",
  "UNKNOWN_PARTICIPANT", "SETTINGS_FROZEN", "OUTSIDE_MODULE", "TRAINER_DOUBLE_BOOKED", "ROOM_DOUBLE_BOOKED",
  "GROUP_DOUBLE_BOOKED", "ROOM_TOO_SMALL", "UNKNOWN_ROOM", "BAD_TIME", "NO_NEXT_MODULE", "NO_SHUTTLE", "NO_PARKING",
  "MODULE_OVER", "SIGNUP_STATUS", "TASK_STATUS", "MODULE_NOT_STARTED", "TRAINING_SETTINGS", "FEED_LIMIT",
  // the programme's other parts
  "NOT_AN_OFFICIAL", "OTHER_KIND_OF_JST", "ALREADY_MEMBER", "NOT_A_MEMBER", "LEAVES_BEFORE_JOINING",
  "ATTENDED_AFTER_LEAVING", "SLOT_OUTSIDE_MODULE", "EXPERT_BUSY", "SLOT_STARTED", "SLOT_FULL", "ALREADY_BOOKED",
  "PARTICIPANT_BUSY", "BOOKING_CANCELLED", "WRONG_STATUS",
  // reporting
  "IDENTITY_CONFLICTS_OPEN", "PERSONAL_DATA_CHANGED", "EDITION_DATES_UNKNOWN", "PARTICIPANT_UNKNOWN_TO_RECRUITMENT",
  "MONITORING_RECORD_INCOMPLETE",
];

test("every rule the services send has its own message in Polish and in English", () => {
  for (const type of RULE_TYPES) {
    const rule = { type, description: "the server's English words" };
    assert.equal(unmetOf(rule).key, `rule.${type}`, type);
    for (const locale of ["pl", "en"] as const) {
      const text = unmetText(rule, locale);
      assert.ok(!text.includes("the server's English words") && !text.includes("rule."), `${type} in ${locale}: ${text}`);
    }
  }
});

test("a rule the console does not know is a Polish lead with the server's text", () => {
  const rule = { type: "SOMETHING_NEW", description: "a new rule is not met" };
  assert.deepEqual(unmetOf(rule), { key: "rule.other", params: { text: "a new rule is not met" } });
  assert.equal(unmetText(rule, "pl"), "Nie spełniono warunku (opis serwera): a new rule is not met");
  assert.equal(unmetOf({ type: "other", description: "x" }).key, "rule.other");
});

test("a choice among codes names each code by its label; a code without one as it is", () => {
  assert.equal(
    problemText("must be DECISION_MAKER, OPERATIONAL_STAFF or COUNCILLOR_OR_SOCIAL_PARTNER", "pl"),
    "wybierz jedną z wartości: kadra decyzyjna, kadra operacyjna, radni i partnerzy społeczni",
  );
  assert.equal(problemText("must be FEMALE or MALE", "en"), "choose one of: female, male");
  assert.equal(problemText("must be PILOT or SOMETHING_NEW", "pl"), "wybierz jedną z wartości: pilotaż, SOMETHING_NEW");
});
