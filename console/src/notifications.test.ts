import assert from "node:assert/strict";
import { test } from "node:test";
import { translate } from "./i18n/i18n.js";
import {
  KINDS,
  NO_FILTERS,
  REQUIRED_KINDS,
  STATES,
  addressOf,
  contactFieldOf,
  contactRequest,
  draftOf,
  filtersOf,
  instantOf,
  isRequiredKind,
  kindLabel,
  kindRowsOf,
  listQuery,
  mayChangePreferences,
  mayFilterByPerson,
  mayNamePreferences,
  ownPersonOf,
  ownPreferences,
  parsePerson,
  personWords,
  preferencesFieldOf,
  preferencesRequest,
  problemWords,
  shortId,
  type Preferences,
} from "./notifications.js";
import { ROLES } from "./roles.js";

const UUID = "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const words = (reference: string, own = "") => {
  const w = personWords(reference, own);
  return translate("pl", w.key, w.params);
};

test("the required kinds are the programme's six, the other seven optional", () => {
  assert.deepEqual(
    [...REQUIRED_KINDS].sort(),
    ["DECLARATIONS_MISSING_10D", "DECLARATIONS_MISSING_3D", "HANDOVER", "JST_QUALIFIED", "JST_WAITLISTED", "MODULE_PROGRAMME"],
  );
  assert.deepEqual(
    KINDS.filter((kind) => !isRequiredKind(kind)),
    ["SIGNUP_DEADLINE_48H", "SIGNUP_DEADLINE_4H", "TASK_DUE_SOON", "TASK_OVERDUE", "STAGE_DUE_SOON", "STAGE_OVERDUE", "WEEKLY_DIGEST"],
  );
  assert.equal(KINDS.at(-1), "WEEKLY_DIGEST", "in the proto's order");
  assert.equal(isRequiredKind("KIND_UNSPECIFIED"), false);
});

test("every kind and state has a Polish and an English label", () => {
  for (const kind of KINDS) {
    assert.notEqual(kindLabel("pl", kind), kind, kind);
    assert.notEqual(kindLabel("en", kind), kind, kind);
    assert.match(kindLabel("pl", kind), /^\p{Lu}/u, `${kind} starts with a capital`);
  }
  assert.equal(kindLabel("pl", "JST_QUALIFIED"), "Zakwalifikowanie JST do programu");
  assert.equal(kindLabel("pl", "WEEKLY_DIGEST"), "Tygodniowe podsumowanie województwa");
  assert.equal(kindLabel("en", "WEEKLY_DIGEST"), "Weekly digest of the voivodeship");
  assert.equal(kindLabel("pl", "SOMETHING_NEW"), "SOMETHING_NEW");
  assert.deepEqual(STATES.length, 7);
  assert.equal(translate("pl", "notifications.state.FAILED"), "nieudane");
  assert.equal(translate("pl", "notifications.preset.FAILED"), "Nieudane");
});

test("a person reference names who it is; anything else is no person", () => {
  assert.deepEqual(parsePerson(`participant:${UUID}`), { kind: "participant", id: UUID });
  assert.deepEqual(parsePerson(` jst-contact:${UUID} `), { kind: "jst-contact", id: UUID });
  assert.deepEqual(parsePerson("trainer:trener-1"), { kind: "trainer", id: "trener-1" });
  assert.deepEqual(parsePerson("coordinator:koordynator-24"), { kind: "coordinator", id: "koordynator-24" });
  assert.equal(parsePerson("coordinator:"), null);
  assert.equal(parsePerson("voivodeship:24"), null);
  assert.equal(parsePerson("trainer:"), null);
  assert.equal(parsePerson("jst:2476011"), null);
  assert.equal(parsePerson(UUID), null);
  assert.equal(shortId(UUID), "3f2b1c4d");
  assert.equal(shortId("trener-1"), "trener-1");
  assert.equal(shortId("koordynator-24"), "koordynator-24");
});

test("the list names each recipient readably, the user's own as 'Ty'", () => {
  assert.equal(words(`participant:${UUID}`), "Uczestnik 3f2b1c4d");
  assert.equal(words(`jst-contact:${UUID}`), "Kontakt JST 3f2b1c4d");
  assert.equal(words(`expert:${UUID}`), "Ekspert 3f2b1c4d");
  assert.equal(words("trainer:trener-2"), "Trener trener-2");
  assert.equal(words("trainer:trener-2", "trainer:trener-2"), "Ty");
  assert.equal(words(`expert:${UUID}`, `expert:${UUID}`), "Ty");
  assert.equal(words(`expert:${UUID}`, "trainer:trener-2"), "Ekspert 3f2b1c4d");
  assert.equal(words("coordinator:koordynator-24"), "Koordynator koordynator-24");
  assert.equal(words("coordinator:koordynator-24", "coordinator:koordynator-24"), "Ty");
  // Another coordinator of the voivodeship, whose digest the list shows too.
  assert.equal(words("coordinator:koordynator-24b", "coordinator:koordynator-24"), "Koordynator koordynator-24b");
  assert.equal(words("something"), "something");
  const en = personWords(`jst-contact:${UUID}`, "");
  assert.equal(translate("en", en.key, en.params), "JST contact 3f2b1c4d");
  const coordinator = personWords("coordinator:koordynator-24", "");
  assert.equal(translate("en", coordinator.key, coordinator.params), "Coordinator koordynator-24");
});

test("a trainer's and a coordinator's own reference is their subject; an expert's only the API knows", () => {
  assert.equal(ownPersonOf("TRAINER", "trener-1"), "trainer:trener-1");
  assert.equal(ownPersonOf("COORDINATOR", "koordynator-24"), "coordinator:koordynator-24");
  assert.equal(ownPersonOf("COORDINATOR", ""), "");
  assert.equal(ownPersonOf("JST", "jst-2401021"), "");
  assert.equal(ownPersonOf("EXPERT", "ekspert-1"), "");
  assert.equal(ownPersonOf("ADMIN", "biuro"), "");
  assert.equal(ownPersonOf("TRAINER", ""), "");
});

test("the filters come from the address, an unknown state is none", () => {
  assert.deepEqual(filtersOf(new URLSearchParams("state=FAILED&person=trainer:trener-1")), {
    state: "FAILED",
    person: "trainer:trener-1",
  });
  assert.deepEqual(filtersOf(new URLSearchParams("state=LOST&person=%20")), NO_FILTERS);
  assert.deepEqual(addressOf({ state: "", person: " participant:x " }), { state: "", person: "participant:x" });
});

test("an instant never set (proto3's zero Timestamp, the epoch) is none", () => {
  assert.equal(instantOf("2026-12-07T07:00:00Z"), "2026-12-07T07:00:00Z");
  assert.equal(instantOf("1970-01-01T00:00:00Z"), "");
  assert.equal(instantOf(undefined), "");
  assert.equal(instantOf(""), "");
  assert.equal(instantOf("soon"), "");
});

test("the list's query asks the titles in the user's language and only the filters chosen", () => {
  assert.deepEqual(listQuery(NO_FILTERS, "pl", 50), { language: "pl", pageSize: 50 });
  assert.deepEqual(listQuery({ state: "FAILED", person: " trainer:trener-1 " }, "en", 50, "abc"), {
    language: "en",
    pageSize: 50,
    state: "FAILED",
    person: "trainer:trener-1",
    pageToken: "abc",
  });
});

test("who names people, who changes settings, whose are one's own", () => {
  const by = (rule: (role: (typeof ROLES)[number]) => boolean) => ROLES.filter(rule);
  assert.deepEqual(by(mayFilterByPerson), ["ADMIN", "COORDINATOR", "JST"]);
  assert.deepEqual(by(mayNamePreferences), ["ADMIN", "COORDINATOR", "JST"]);
  assert.deepEqual(by(ownPreferences), ["COORDINATOR", "EXPERT", "TRAINER"]);
  // Everyone changes their own; of the people named, the office and a JST
  // change them, a coordinator only reads them.
  assert.deepEqual(by((role) => mayChangePreferences(role, true)), ["COORDINATOR", "EXPERT", "TRAINER"]);
  assert.deepEqual(by((role) => mayChangePreferences(role, false)), ["ADMIN", "JST"]);
  assert.equal(mayFilterByPerson(null), false);
});

// Everyone but a coordinator: every kind but the weekly digest, as the API
// lists them (in an order of its own).
const EVERYONES = KINDS.filter((kind) => kind !== "WEEKLY_DIGEST");
const answered: Preferences = {
  person: "trainer:trener-1",
  language: "en",
  optedOut: ["TASK_OVERDUE", "STAGE_DUE_SOON"],
  kinds: [...EVERYONES]
    .reverse()
    .map((kind) => ({ kind, required: isRequiredKind(kind), optedOut: kind === "TASK_OVERDUE" || kind === "STAGE_DUE_SOON" })),
  chosen: true,
  updateTime: "2026-12-01T10:00:00Z",
};

// A coordinator's own: the weekly digest alone, not chosen yet.
const coordinators: Preferences = {
  person: "coordinator:koordynator-24",
  language: "",
  optedOut: [],
  kinds: [{ kind: "WEEKLY_DIGEST", required: false, optedOut: false }],
  chosen: false,
};

test("the form holds the language and the optional kinds the API lists and the person wants", () => {
  const draft = draftOf(answered);
  assert.equal(draft.language, "en");
  assert.deepEqual(draft.offered, ["SIGNUP_DEADLINE_48H", "SIGNUP_DEADLINE_4H", "TASK_DUE_SOON", "TASK_OVERDUE", "STAGE_DUE_SOON", "STAGE_OVERDUE"]);
  assert.deepEqual(
    [...draft.wanted].sort(),
    ["SIGNUP_DEADLINE_48H", "SIGNUP_DEADLINE_4H", "STAGE_OVERDUE", "TASK_DUE_SOON"],
  );
  assert.equal(draftOf({ person: "x", language: "", chosen: false }).language, "");
  // A coordinator: the digest alone, wanted until opted out.
  assert.deepEqual(draftOf(coordinators), { language: "", offered: ["WEEKLY_DIGEST"], wanted: new Set(["WEEKLY_DIGEST"]) });
  const optedOut = { ...coordinators, optedOut: ["WEEKLY_DIGEST" as const], kinds: [{ kind: "WEEKLY_DIGEST" as const, required: false, optedOut: true }] };
  assert.equal(draftOf(optedOut).wanted.size, 0);
});

test("the rows are the kinds the API lists, in the proto's order, required as the API says", () => {
  const rows = kindRowsOf(answered);
  assert.deepEqual(
    rows.map((row) => row.kind),
    EVERYONES,
  );
  assert.deepEqual(rows.find((row) => row.kind === "HANDOVER"), { kind: "HANDOVER", required: true, optedOut: false });
  assert.deepEqual(rows.find((row) => row.kind === "TASK_OVERDUE"), { kind: "TASK_OVERDUE", required: false, optedOut: true });
  assert.deepEqual(kindRowsOf(coordinators), [{ kind: "WEEKLY_DIGEST", required: false, optedOut: false }]);
  // A kind the console does not know is left out; none listed, no rows.
  const unknown = { kind: "LOTTERY" as unknown as "HANDOVER", required: false, optedOut: false };
  assert.deepEqual(kindRowsOf({ ...coordinators, kinds: [...coordinators.kinds!, unknown] }).length, 1);
  assert.deepEqual(kindRowsOf({ person: "x" }), []);
});

test("the PUT's body names the person (none for one's own) and never a required kind or one not offered", () => {
  const draft = {
    language: "pl" as const,
    offered: draftOf(answered).offered,
    wanted: new Set(["TASK_DUE_SOON", "SIGNUP_DEADLINE_4H"] as const),
  };
  assert.deepEqual(preferencesRequest("", draft), {
    language: "pl",
    optedOut: ["SIGNUP_DEADLINE_48H", "TASK_OVERDUE", "STAGE_DUE_SOON", "STAGE_OVERDUE"],
  });
  assert.deepEqual(preferencesRequest(` participant:${UUID} `, { language: "en", offered: draft.offered, wanted: new Set(KINDS) }), {
    person: `participant:${UUID}`,
    language: "en",
    optedOut: [],
  });
  // A coordinator opting out of its digest: that kind alone, nothing else.
  assert.deepEqual(preferencesRequest("", { ...draftOf(coordinators), language: "pl", wanted: new Set() }), {
    language: "pl",
    optedOut: ["WEEKLY_DIGEST"],
  });
  // A required kind is never opted out, even when unticked and offered.
  const none = preferencesRequest("", { language: "", offered: KINDS, wanted: new Set() });
  assert.equal(none.optedOut?.some((kind) => isRequiredKind(kind)), false);
  assert.equal(none.language, "");
  assert.equal(preferencesFieldOf("optedOut"), "optedOut");
  assert.equal(preferencesFieldOf("language"), "language");
  assert.equal(preferencesFieldOf("person"), "person");
  assert.equal(preferencesFieldOf("pageSize"), undefined);
});

test("one's own address is sent trimmed, with no subject", () => {
  assert.deepEqual(contactRequest("  anna@example.pl "), { email: "anna@example.pl" });
  assert.equal(contactFieldOf("email"), "email");
  assert.equal(contactFieldOf("subject"), undefined);
});

test("why a notification failed is said in the user's words", () => {
  const say = (problem: string, locale: "pl" | "en" = "pl") => {
    const w = problemWords(problem);
    return translate(locale, w.key, w.params);
  };
  assert.equal(say("no e-mail address on record"), "brak adresu e-mail odbiorcy w rejestrze programu");
  assert.equal(say("the person opted out of this kind"), "odbiorca wyłączył ten rodzaj powiadomień");
  assert.equal(say("the address could not be read (UNAVAILABLE)"), "nie udało się odczytać adresu z rejestru (UNAVAILABLE)");
  assert.equal(
    say("gave up after 6 attempts: 450 4.2.0 mailbox busy"),
    "zrezygnowano po 6 próbach; ostatnia odpowiedź: 450 4.2.0 mailbox busy",
  );
  assert.equal(say("550 5.1.1 no such user"), "odpowiedź serwera poczty: 550 5.1.1 no such user");
  assert.equal(say("no e-mail address on record", "en"), "the programme's registry holds no e-mail address of the recipient");
});
