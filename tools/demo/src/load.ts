// Loads the demonstration programme through the public API, as the office,
// trainers and experts would enter it (tools/demo/README.md):
//   - PILOT: the seeds' pilot, 30 JSTs of every kind in 8 voivodeships
//     (Świętochłowice among them), 3 officials each, the five modules at the
//     seeds' 2017 dates with sessions and attendance, and a case per JST in
//     every stage, 27 of them with an adopted plan;
//   - ROLLOUT: the national rollout, part-way through recruitment.
// Idempotent: every step looks at what is there first and does only what is
// missing, so running it again changes nothing.
//
// Environment:
//   JSTEDU_API_URL      the gateway, e.g. http://127.0.0.1:8080
//   JSTEDU_DEMO_TOKENS  a JSON object of bearer tokens: "ADMIN", and
//                       "EXPERT:<subject>" for each of EXPERTS below (the
//                       guardian approves its case's schedule)
import createClient, { type Middleware } from "openapi-fetch";
import type { Readable, Writable } from "openapi-typescript-helpers";
import type { components, paths } from "./api.js";
import { asciiLower, nip, person } from "./people.js";
import { warsawLocal } from "./warsaw.js";
import { ensureWork } from "./work.js";

type Schemas = components["schemas"];
// What the loader sends (output-only fields left out) and what it reads.
type Participant = Writable<Schemas["Participant"]>;
type Application = Readable<Schemas["Application"]>;
type Case = Readable<Schemas["Case"]>;
type Module = Readable<Schemas["Module"]>;
type Session = Readable<Schemas["Session"]>;

// The seeds' editions, as `tools/dev up` creates them (data/editions.json);
// the loader creates them alike where they are missing.
export const PILOT = "PILOT";
export const ROLLOUT = "ROLLOUT";
const SEED_EDITIONS: Writable<Schemas["Edition"]>[] = [
  {
    code: PILOT,
    name: "Pilotaż: wsparcie JST w zarządzaniu oświatą (30 JST)",
    kind: "PILOT",
    capacity: 30,
    minRepresentatives: 3,
    startsOn: "2016-04-18",
    endsOn: "2018-05-31",
    recruitmentOpensAt: "2016-04-18T07:00:00Z",
    recruitmentClosesAt: "2017-03-01T23:00:00Z",
  },
  {
    code: ROLLOUT,
    name: "Wdrożenie ogólnopolskie (500 JST)",
    kind: "ROLLOUT",
    capacity: 500,
    minRepresentatives: 3,
    startsOn: "2026-01-01",
    endsOn: "2028-12-31",
    recruitmentOpensAt: "2026-01-01T07:00:00Z",
    recruitmentClosesAt: "2027-06-30T22:00:00Z",
  },
];

// The pilot's JSTs: [TERYT, kind of JST for the DEGURBA class].
export const PILOT_JSTS: readonly string[] = [
  "2476011", "2401011", "2401042", "2401073", "2401", "2402043",
  "1201011", "1201032", "1201063", "1202",
  "1402011", "1401022", "1401013", "1401",
  "3001011", "3001032", "3001023", "3002",
  "0201011", "0201032", "0201043", "0202",
  "0601011", "0601042", "0601113", "0601",
  "2202011", "2201032", "2201023",
  "1001032",
];
// Applicants of the rollout so far; the first four are qualified.
export const ROLLOUT_JSTS: readonly string[] = [
  "2401021", "1205011", "1403011", "3002011", "0202011", "0601021",
  "2203011", "1002011", "2402", "1201", "1001083", "1002033",
];
const ROLLOUT_QUALIFIED = 4;

// The subjects are the development issuer's demo accounts
// (tools/dev-issuer/src/accounts.mjs), so each signs in to their own work.
export const EXPERTS = [
  { subject: "ekspert-1", displayName: "dr Maria Ekspercka", speciality: "EDUCATION_DEVELOPMENT" },
  { subject: "ekspert-2", displayName: "Jan Doradczy", speciality: "EDUCATION_DEVELOPMENT" },
  { subject: "ekspert-3", displayName: "Ewa Kadrowa", speciality: "PERSONNEL_DEVELOPMENT" },
  { subject: "ekspert-4", displayName: "Piotr Zasobny", speciality: "PERSONNEL_DEVELOPMENT" },
] as const;
export const TRAINERS = ["trener-1", "trener-2"] as const;

// The pilot's modules: module 1 on its seeds' days, the rest in the third
// week (starting on a Monday) of their months.
const MODULES = [
  { number: 1, title: "Diagnoza lokalnej oświaty i wskaźniki edukacyjne", startsLocal: "2017-04-05T11:00", endsLocal: "2017-04-07T14:30" },
  { number: 2, title: "Zarządzanie strategiczne i lokalne plany oświatowe", thirdWeekOf: "2017-06" },
  { number: 3, title: "Proces wspomagania szkół", thirdWeekOf: "2017-08" },
  { number: 4, title: "Kompetencje kluczowe uczniów", thirdWeekOf: "2017-10" },
  { number: 5, title: "Finansowanie oświaty", thirdWeekOf: "2017-11" },
] as const;
const AREAS = ["DIAGNOSIS_AND_INDICATORS", "STRATEGIC_MANAGEMENT", "SCHOOL_SUPPORT", "KEY_COMPETENCES", "FINANCING_EDUCATION"] as const;

// How far each pilot case goes, by the JST's place in PILOT_JSTS: the last
// three stop in area choice, needs diagnosis and rollout without a plan;
// of the 27 with a plan, the first 20 are completed.
type Goal = "AREA_CHOICE" | "NEEDS_DIAGNOSIS" | "ROLLOUT" | "PLAN_ADOPTED" | "COMPLETED";
function goalOf(index: number): Goal {
  if (index === 27) return "AREA_CHOICE";
  if (index === 28) return "NEEDS_DIAGNOSIS";
  if (index === 29) return "ROLLOUT";
  return index < 20 ? "COMPLETED" : "PLAN_ADOPTED";
}

class DemoError extends Error {}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new DemoError(`${name} is not set`);
  return value;
}

// The gateway limits each caller's rate (429 with Retry-After): the loader
// waits as told and sends the same request again.
async function politeFetch(request: Request): Promise<Response> {
  for (let attempt = 1; ; ++attempt) {
    const response = await fetch(request.clone());
    if (response.status !== 429 || attempt === 20) return response;
    const seconds = Number(response.headers.get("retry-after") ?? "1");
    await new Promise((resolve) => setTimeout(resolve, 1000 * (Number.isFinite(seconds) && seconds > 0 ? seconds : 1)));
  }
}

const tokens = JSON.parse(env("JSTEDU_DEMO_TOKENS")) as Record<string, string>;
function clientAs(who: string) {
  const token = tokens[who];
  if (!token) throw new DemoError(`JSTEDU_DEMO_TOKENS has no token for ${who}`);
  const client = createClient<paths>({ baseUrl: env("JSTEDU_API_URL"), fetch: politeFetch });
  const bearer: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  };
  client.use(bearer);
  return client;
}
const office = clientAs("ADMIN");

// The answer's data, or a DemoError naming the step and the API's error.
function must<T>(step: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new DemoError(`${step}: HTTP ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, seconds = 60): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new DemoError(`waited ${seconds} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const counts = { created: 0 };
const made = (n = 1) => {
  counts.created += n;
};

// ---- recruitment

async function ensureEdition(edition: Writable<Schemas["Edition"]>): Promise<void> {
  const got = await office.GET("/v1/editions/{code}", { params: { path: { code: edition.code } } });
  if (got.data !== undefined) return;
  must(`create edition ${edition.code}`, await office.POST("/v1/editions", { body: edition }));
  made();
}

// Runs `enter` with the edition's recruitment window open. An edition
// whose window is closed (the 2017 pilot) is reopened for the time of the
// entry, its period extended to hold today if it must be, and then set back
// as it was: how the office enters a past edition's applications. Both
// changes stay in the edition's history.
async function withWindowOpen(code: string, enter: () => Promise<void>): Promise<void> {
  const edition = must(`edition ${code}`, await office.GET("/v1/editions/{code}", { params: { path: { code } } }));
  const now = Date.now();
  const opens = Date.parse(edition.recruitmentOpensAt ?? "");
  const closes = Date.parse(edition.recruitmentClosesAt ?? "");
  if (opens <= now && now < closes) return enter();
  const today = new Date(now).toISOString().slice(0, 10);
  const later = new Date(now + 2 * 86400000).toISOString().slice(0, 10);
  const patch = async (body: Writable<Schemas["EditionUpdate"]>, step: string) => {
    must(step, await office.PATCH("/v1/editions/{code}", {
      params: { path: { code }, query: { updateMask: "endsOn,recruitmentOpensAt,recruitmentClosesAt" } },
      body,
    }));
    made();
  };
  await patch(
    {
      endsOn: (edition.endsOn ?? "") < later ? later : edition.endsOn,
      recruitmentOpensAt: new Date(Math.max(Date.parse(`${edition.startsOn}T00:00:00Z`), now - 3600000)).toISOString(),
      recruitmentClosesAt: new Date(now + 86400000).toISOString(),
    },
    `reopen the recruitment of ${code} (${today})`,
  );
  try {
    await enter();
  } finally {
    await patch(
      {
        endsOn: edition.endsOn,
        recruitmentOpensAt: edition.recruitmentOpensAt,
        recruitmentClosesAt: edition.recruitmentClosesAt,
      },
      `close the recruitment of ${code} again`,
    );
  }
}

function institution(teryt: string, name: string, index: number): Writable<Schemas["Institution"]> {
  const kind = teryt.length === 4 ? "P" : teryt[6];
  return {
    nip: nip(Number(teryt) + index),
    locality: name,
    street: "ul. Urzędowa",
    buildingNumber: String(1 + (index % 40)),
    postcode: `${teryt.slice(0, 2)}-${String(100 + index * 7).slice(-3)}`,
    degurba: kind === "1" ? 1 : kind === "2" ? 3 : 2,
    phone: `${22 + (index % 70)} 555 ${String(1000 + index).slice(-4)}`,
    email: `oswiata.${asciiLower(name)}@example.pl`,
  };
}

const TEAM_ROLES = [
  { targetGroup: "DECISION_MAKER", position: "Wójt / burmistrz / starosta" },
  { targetGroup: "OPERATIONAL_STAFF", position: "Naczelnik wydziału edukacji" },
  { targetGroup: "COUNCILLOR_OR_SOCIAL_PARTNER", position: "Przewodnicząca komisji oświaty rady" },
] as const;

function team(teryt: string, index: number, signedOn: string, startsOn: string | undefined): Participant[] {
  return TEAM_ROLES.map((role, i) => {
    const p = person(1000 + index, i);
    return {
      firstName: p.firstName,
      lastName: p.lastName,
      pesel: p.pesel,
      educationLevel: "ISCED_5_8",
      email: `${asciiLower(p.firstName)}.${asciiLower(p.lastName)}.${teryt}@example.pl`,
      phone: `600 ${String(100 + index).slice(-3)} ${String(200 + i).slice(-3)}`,
      position: role.position,
      targetGroup: role.targetGroup,
      ...(startsOn ? { participationStart: startsOn } : {}),
      minorityOrForeignOrigin: "NO",
      homeless: "NO",
      disability: "NO",
      otherDisadvantage: i === 2 ? "REFUSED" : "NO",
      declaration: { signedOn, informationClauseHandedOver: true },
    };
  });
}

// The edition's applications by TERYT.
async function applicationsOf(edition: string): Promise<Map<string, Application>> {
  const found = new Map<string, Application>();
  let pageToken: string | undefined;
  do {
    const page = must(
      `list applications of ${edition}`,
      await office.GET("/v1/editions/{edition}/applications", {
        params: { path: { edition }, query: { pageSize: 500, ...(pageToken ? { pageToken } : {}) } },
      }),
    );
    for (const a of page.applications ?? []) if (a.teryt) found.set(a.teryt, a);
    pageToken = page.nextPageToken || undefined;
  } while (pageToken);
  return found;
}

async function ensureApplications(
  edition: string,
  jsts: readonly string[],
  qualified: number,
  signedOn: string,
  startsOn: string | undefined,
): Promise<void> {
  const existing = await applicationsOf(edition);
  if (jsts.some((teryt) => !existing.has(teryt))) {
    await withWindowOpen(edition, () => enterApplications(edition, jsts, existing, signedOn, startsOn));
  }
  const entered = await applicationsOf(edition);
  for (const [index, teryt] of jsts.entries()) {
    const application = entered.get(teryt);
    if (index < qualified && application?.status === "SUBMITTED") {
      must(
        `qualify ${teryt} in ${edition}`,
        await office.POST("/v1/applications/{application}:qualify", {
          params: { path: { application: application.id ?? "" } },
          body: {},
        }),
      );
      made();
    }
  }
}

async function enterApplications(
  edition: string,
  jsts: readonly string[],
  existing: Map<string, Application>,
  signedOn: string,
  startsOn: string | undefined,
): Promise<void> {
  for (const [index, teryt] of jsts.entries()) {
    let application: Application | undefined = existing.get(teryt);
    if (!application) {
      const jst = must(`JST ${teryt}`, await office.GET("/v1/jsts/{teryt}", { params: { path: { teryt } } }));
      application = must(
        `application of ${teryt} to ${edition}`,
        await office.POST("/v1/editions/{edition}/applications", {
          params: { path: { edition } },
          body: {
            teryt,
            representatives: team(teryt, index, signedOn, startsOn),
            institution: institution(teryt, jst.name ?? teryt, index),
          },
        }),
      );
      made();
    }
  }
}

// ---- training

async function ensureTraining(edition: string): Promise<void> {
  const settings = await office.GET("/v1/editions/{edition}/training-settings", { params: { path: { edition } } });
  if (settings.data === undefined) {
    must(
      `training settings of ${edition}`,
      await office.PUT("/v1/editions/{edition}/training-settings", {
        params: { path: { edition } },
        body: { thirdWeekReading: "THIRD_MONDAY_WEEK" },
      }),
    );
    made();
  }
  await waitFor(`the dates of ${edition} in training`, async () => {
    const got = await office.GET("/v1/editions/{edition}/training-settings", { params: { path: { edition } } });
    return got.data?.editionStartsOn ? true : undefined;
  });
  const listed = must(`modules of ${edition}`, await office.GET("/v1/editions/{edition}/modules", { params: { path: { edition } } }));
  const byNumber = new Map((listed.modules ?? []).map((m) => [m.number, m]));
  for (const plan of MODULES) {
    let module = byNumber.get(plan.number);
    if (!module) {
      module = must(
        `module ${plan.number} of ${edition}`,
        await office.POST("/v1/editions/{edition}/modules", {
          params: { path: { edition } },
          body: {
            ...plan,
            venue: "Hotel Gromada, Warszawa",
            didacticHours: 21,
            shuttleSeats: 50,
            rooms: [
              { id: "A", name: "Sala Kopernik", capacity: 120 },
              { id: "B", name: "Sala Curie", capacity: 40 },
            ],
          },
        }),
      );
      made();
    }
    await ensureSessions(module);
  }
}

// The module's plenary sessions over its three days: ten of 90 minutes and
// a closing one of 45, so that they hold exactly the module's 21 didactic
// hours of 45 minutes (945 minutes; no one attends more than is planned),
// each with its sheet of attendance.
const CLOSING_SESSION_MINUTES = 45;
const DAY_PLAN = [
  ["11:00", "12:45", "15:00", "16:45"],
  ["09:00", "10:45", "13:15", "15:00", "16:45"],
  ["09:00", "10:45"],
] as const;
async function ensureSessions(module: Module): Promise<void> {
  const id = module.id ?? "";
  const listed = must(`sessions of module ${module.number}`, await office.GET("/v1/modules/{module}/sessions", { params: { path: { module: id } } }));
  const first = Date.parse(`${warsawLocal(module.startTime).slice(0, 10)}T00:00:00Z`);
  const plan = DAY_PLAN.flatMap((times, day) =>
    times.map((time) => `${new Date(first + day * 86400000).toISOString().slice(0, 10)}T${time}`),
  );
  const sessions = [...(listed.sessions ?? [])];
  for (const [i, startsLocal] of plan.entries()) {
    if (sessions.some((s) => warsawLocal(s.startTime) === startsLocal)) continue;
    sessions.push(
      must(
        `session ${startsLocal}`,
        await office.POST("/v1/modules/{module}/sessions", {
          params: { path: { module: id } },
          body: {
            startsLocal,
            durationMinutes: i === plan.length - 1 ? CLOSING_SESSION_MINUTES : 0,
            thematicArea: AREAS[((module.number ?? 1) - 1 + i) % AREAS.length] ?? "DIAGNOSIS_AND_INDICATORS",
            workshopGroup: 0,
            room: "A",
            trainer: TRAINERS[i % TRAINERS.length] ?? "demo-trener-1",
          },
        }),
      ),
    );
    made();
  }
  for (const session of sessions) await ensureAttendance(session);
}

let roster: string[] | undefined;
async function pilotRoster(): Promise<string[]> {
  if (roster) return roster;
  const ids: string[] = [];
  for (const application of (await applicationsOf(PILOT)).values()) {
    for (const r of application.representatives ?? []) if (r.participant) ids.push(r.participant);
  }
  for (const id of ids) {
    await waitFor(`participant ${id} on training's roster`, async () => {
      const got = await office.GET("/v1/participants/{participant}/training", { params: { path: { participant: id } } });
      return got.data?.rostered ? true : undefined;
    });
  }
  roster = ids;
  return ids;
}

async function ensureAttendance(session: Session): Promise<void> {
  const id = session.id ?? "";
  const sheet = must(`attendance of ${id}`, await office.GET("/v1/sessions/{session}/attendance", { params: { path: { session: id } } }));
  if ((sheet.attendance ?? []).length > 0) return;
  const people = await pilotRoster();
  const marks = people.map((participant, i) => {
    const n = (i * 7 + Number(warsawLocal(session.startTime).slice(8, 10))) % 23;
    const status = n === 0 ? "ABSENT" : n === 1 ? "EXCUSED" : n === 2 ? "LATE" : "PRESENT";
    return { participant, status, ...(status === "LATE" ? { note: "spóźnienie 15 minut" } : {}) } as const;
  });
  must(`attendance sheet of ${id}`, await office.PUT("/v1/sessions/{session}/attendance", { params: { path: { session: id } }, body: { marks } }));
  made();
}

// ---- the account directory

// Where the demo's staff receive notifications (the local SMTP sink keeps
// them), with their roles: the coordinators of the demo's voivodeships
// (each then gets its weekly digest), the experts and trener-1. The office
// (biuro), trener-2 and the coordinators of other voivodeships (28 among
// them) are left without one, as a new account is: the console's
// Powiadomienia screen asks them for it (tests/browser/notifications.test.mjs).
async function ensureAccounts(): Promise<void> {
  const voivodeships = [...new Set([...PILOT_JSTS, ...ROLLOUT_JSTS].map((t) => t.slice(0, 2)))].sort();
  const accounts: { subject: string; role: "COORDINATOR" | "EXPERT" | "TRAINER"; voivodeship?: string }[] = [
    ...voivodeships.map((code) => ({ subject: `koordynator-${code}`, role: "COORDINATOR" as const, voivodeship: code })),
    ...EXPERTS.map((expert) => ({ subject: expert.subject, role: "EXPERT" as const })),
    { subject: TRAINERS[0], role: "TRAINER" },
  ];
  for (const account of accounts) {
    const found = await office.GET("/v1/account-contact", { params: { query: { subject: account.subject } } });
    if (found.response.status === 200) continue;
    if (found.response.status !== 404) must(`the directory entry of ${account.subject}`, found);
    must(
      `the directory entry of ${account.subject}`,
      await office.PUT("/v1/account-contact", {
        body: { ...account, email: `${account.subject}@demo.jstedu.example` },
      }),
    );
    made();
  }
}

// ---- advisory

async function ensureExperts(): Promise<Map<string, string>> {
  const listed = must("experts", await office.GET("/v1/experts", { params: { query: { pageSize: 500 } } }));
  const ids = new Map((listed.experts ?? []).map((e) => [e.subject ?? "", e.id ?? ""]));
  const voivodeships = [...new Set([...PILOT_JSTS, ...ROLLOUT_JSTS].map((t) => t.slice(0, 2)))].sort();
  for (const expert of EXPERTS) {
    if (ids.has(expert.subject)) continue;
    const created = must(
      `expert ${expert.subject}`,
      await office.POST("/v1/experts", { body: { ...expert, voivodeships, maxCaseload: 40 } }),
    );
    ids.set(expert.subject, created.id ?? "");
    made();
  }
  return ids;
}

async function casesOf(edition: string): Promise<Case[]> {
  const cases: Case[] = [];
  let pageToken: string | undefined;
  do {
    const page = must(
      `cases of ${edition}`,
      await office.GET("/v1/cases", { params: { query: { edition, pageSize: 500, ...(pageToken ? { pageToken } : {}) } } }),
    );
    cases.push(...(page.cases ?? []));
    pageToken = page.nextPageToken || undefined;
  } while (pageToken);
  return cases;
}

// ---- schools (issue 24): the RSPO register of the pilot's voivodeships,
// two schools run by each pilot JST (a primary school and a kindergarten of
// a commune, two secondary schools of a county), loaded as the office would
// load the register's export; each schedule's first action works with the
// first school, its second with both.

// The RSPO numbers of the schools run by the pilot's JST at `index`.
function schoolsOf(index: number): [string, string] {
  return [String(900001 + index * 10), String(900002 + index * 10)];
}

// Every school of the register as "rspo;name;type;teryt" (open ones), to
// load a voivodeship's file only when it says something new (each load is
// recorded).
async function registerRows(): Promise<Set<string>> {
  const rows = new Set<string>();
  let pageToken: string | undefined;
  do {
    const page = must("the school register", await office.GET("/v1/schools", {
      params: { query: { pageSize: 500, ...(pageToken ? { pageToken } : {}) } },
    }));
    for (const s of page.schools ?? []) rows.add(`${s.rspo};${s.name};${s.type};${s.runningTeryt}`);
    pageToken = page.nextPageToken || undefined;
  } while (pageToken);
  return rows;
}

async function ensureSchoolRegister(): Promise<void> {
  const known = await registerRows();
  const files = new Map<string, string>();
  const fresh = new Set<string>();
  for (const [index, teryt] of PILOT_JSTS.entries()) {
    const jst = must(`JST ${teryt}`, await office.GET("/v1/jsts/{teryt}", { params: { path: { teryt } } }));
    const [a, b] = schoolsOf(index);
    const county = teryt.length === 4;
    const rows = county
      ? [`${a};I Liceum Ogólnokształcące (powiat ${jst.name});Liceum ogólnokształcące;${teryt}`,
         `${b};Zespół Szkół Zawodowych (powiat ${jst.name});Technikum;${teryt}`]
      : [`${a};Szkoła Podstawowa nr 1 — ${jst.name};Szkoła podstawowa;${teryt}`,
         `${b};Przedszkole Publiczne nr 1 — ${jst.name};Przedszkole;${teryt}`];
    const voivodeship = teryt.slice(0, 2);
    if (rows.some((row) => !known.has(row))) fresh.add(voivodeship);
    files.set(voivodeship, (files.get(voivodeship) ?? "rspo;name;type;teryt_of_running_jst\n") + rows.join("\n") + "\n");
  }
  for (const [voivodeship, csv] of files) {
    if (!fresh.has(voivodeship)) continue;
    const loaded = must(`the school register of ${voivodeship}`, await office.POST("/v1/schools:import", {
      params: { query: { voivodeship } },
      body: csv as unknown as string,
      bodySerializer: (body: unknown) => body as BodyInit,
      headers: { "Content-Type": "text/csv" },
    }));
    made(Math.max(1, (loaded.added ?? 0) + (loaded.changed ?? 0) + (loaded.reopened ?? 0)));
  }
}

// Drives one case from where it is to its goal, one command at a time.
async function advanceCase(found: Case, goal: Goal, index: number, experts: Map<string, string>, area: string): Promise<void> {
  const id = found.id ?? "";
  let c = must(`case ${id}`, await office.GET("/v1/cases/{case}", { params: { path: { case: id } } }));
  const version = () => c.version ?? "0";
  const education = EXPERTS[index % 2] ?? EXPERTS[0];
  const personnel = EXPERTS[2 + (index % 2)] ?? EXPERTS[2];
  const guardian = index % 3 === 0 ? personnel : education;
  for (let step = 0; step < 12; ++step) {
    const stage = c.stage;
    const hasExperts = Boolean(c.educationExpert);
    if (!hasExperts) {
      c = must(`assign experts to ${id}`, await office.POST("/v1/cases/{case}:assignExperts", {
        params: { path: { case: id } },
        body: {
          expectedVersion: version(),
          educationExpert: experts.get(education.subject) ?? "",
          personnelExpert: experts.get(personnel.subject) ?? "",
          guardian: guardian.speciality,
        },
      }));
    } else if (stage === "AREA_CHOICE" && goal !== "AREA_CHOICE") {
      c = must(`choose the area of ${id}`, await office.POST("/v1/cases/{case}:chooseArea", {
        params: { path: { case: id } },
        body: {
          expectedVersion: version(),
          supportArea: area,
          agreement: { agreedOn: "2017-05-15", agreedBy: "Wójt gminy, w imieniu JST" },
        },
      }));
    } else if (stage === "NEEDS_DIAGNOSIS" && goal !== "NEEDS_DIAGNOSIS") {
      if (!c.diagnosisSummary) {
        c = must(`diagnosis of ${id}`, await office.POST("/v1/cases/{case}:completeDiagnosis", {
          params: { path: { case: id } },
          body: {
            expectedVersion: version(),
            diagnosisSummary: "Diagnoza potrzeb: wyniki egzaminu ósmoklasisty poniżej średniej województwa; brak systemu monitorowania jakości.",
            actions: [
              { title: "Szkolenie dyrektorów z analizy wyników egzaminów", owner: "Wydział Edukacji", startsOn: "2017-09-04", dueOn: "2017-10-27", schools: [schoolsOf(index)[0]] },
              { title: "Zespół ds. monitorowania jakości usług oświatowych", owner: "Zastępca wójta", startsOn: "2017-10-02", dueOn: "2017-12-15", schools: schoolsOf(index) },
              { title: "Projekt lokalnego planu podnoszenia jakości", owner: "Naczelnik wydziału edukacji", startsOn: "2017-11-06", dueOn: "2018-02-28" },
            ],
          },
        }));
      } else {
        const expert = tokens[`EXPERT:${guardian.subject}`] ? clientAs(`EXPERT:${guardian.subject}`) : undefined;
        if (!expert) throw new DemoError(`JSTEDU_DEMO_TOKENS has no token for EXPERT:${guardian.subject}`);
        c = must(`schedule of ${id} approved`, await expert.POST("/v1/cases/{case}:approveSchedule", {
          params: { path: { case: id } },
          body: { expectedVersion: version(), reason: "Harmonogram uzgodniony z JST" },
        }));
      }
    } else if (stage === "ROLLOUT" && (goal === "PLAN_ADOPTED" || goal === "COMPLETED") && !c.plan) {
      c = must(`plan of ${id}`, await office.POST("/v1/cases/{case}:adoptPlan", {
        params: { path: { case: id } },
        body: {
          expectedVersion: version(),
          plan: { adoptedOn: "2018-03-26", documentReference: `Uchwała nr XXXIV/${200 + index}/2018` },
        },
      }));
    } else if (stage === "ROLLOUT" && goal === "COMPLETED" && (c.actions ?? []).some((a) => a.status === "PLANNED")) {
      const action = (c.actions ?? []).find((a) => a.status === "PLANNED");
      c = must(`action of ${id} done`, await office.POST("/v1/cases/{case}/actions/{action}:complete", {
        params: { path: { case: id, action: action?.id ?? "" } },
        body: { expectedVersion: version(), doneOn: action?.dueOn ?? "2018-02-28" },
      }));
    } else if (stage === "ROLLOUT" && goal === "COMPLETED") {
      c = must(`rollout of ${id} completed`, await office.POST("/v1/cases/{case}:completeRollout", {
        params: { path: { case: id } },
        body: { expectedVersion: version(), reason: "Plan przyjęty, harmonogram wykonany" },
      }));
    } else {
      return;
    }
    made();
  }
}

async function ensureCases(experts: Map<string, string>): Promise<void> {
  const areas = must(`support areas of ${PILOT}`, await office.GET("/v1/editions/{edition}/support-areas", { params: { path: { edition: PILOT } } }));
  const areaIds = (areas.supportAreas ?? []).map((a) => a.id ?? "");
  if (areaIds.length === 0) throw new DemoError(`${PILOT} has no support areas`);
  const cases = await waitFor(`the ${PILOT_JSTS.length} cases of ${PILOT}`, async () => {
    const found = await casesOf(PILOT);
    return found.length >= PILOT_JSTS.length ? found : undefined;
  });
  for (const [index, teryt] of PILOT_JSTS.entries()) {
    const found = cases.find((c) => c.teryt === teryt);
    if (!found) throw new DemoError(`no case of ${teryt} in ${PILOT}`);
    await advanceCase(found, goalOf(index), index, experts, areaIds[index % areaIds.length] ?? "");
  }
}

// ---- communities (issue 24): the five thematic networks (moderated by the
// experts), the cooperation network of every official and the partner
// association's three exchange groups by kind of JST, with their members
// and meetings in 2017 (8 exchange-group meetings, as in stage I).

type CommunitySpec = Writable<Schemas["Community"]> & { joinedOn: string; meetings: readonly { heldOn: string; title: string; form: "IN_PERSON" | "ONLINE" }[] };
const NETWORK_MEETINGS = [
  { heldOn: "2017-06-12", title: "Spotkanie sieci po module 2", form: "IN_PERSON" },
  { heldOn: "2017-10-09", title: "Webinarium sieci", form: "ONLINE" },
] as const;
const COMMUNITIES: readonly CommunitySpec[] = [
  { kind: "THEMATIC_NETWORK", theme: "DIAGNOSIS_AND_INDICATORS", name: "Sieć tematyczna: diagnoza i wskaźniki edukacyjne", moderators: ["ekspert-1"], joinedOn: "2017-04-20", meetings: NETWORK_MEETINGS },
  { kind: "THEMATIC_NETWORK", theme: "STRATEGIC_MANAGEMENT", name: "Sieć tematyczna: zarządzanie strategiczne", moderators: ["ekspert-2"], joinedOn: "2017-04-20", meetings: NETWORK_MEETINGS },
  { kind: "THEMATIC_NETWORK", theme: "SCHOOL_SUPPORT", name: "Sieć tematyczna: wspomaganie szkół", moderators: ["ekspert-3"], joinedOn: "2017-04-20", meetings: NETWORK_MEETINGS },
  { kind: "THEMATIC_NETWORK", theme: "KEY_COMPETENCES", name: "Sieć tematyczna: kompetencje kluczowe", moderators: ["ekspert-4"], joinedOn: "2017-04-20", meetings: NETWORK_MEETINGS },
  { kind: "THEMATIC_NETWORK", theme: "FINANCING_EDUCATION", name: "Sieć tematyczna: finansowanie oświaty", moderators: ["ekspert-1", "ekspert-3"], joinedOn: "2017-04-20", meetings: NETWORK_MEETINGS },
  {
    kind: "COOPERATION_NETWORK",
    name: "Sieć współpracy uczestników programu",
    description: "Wszyscy uczestnicy programu; po szkoleniu sieć monitoruje wdrażanie lokalnych planów.",
    moderators: ["biuro"],
    joinedOn: "2017-04-05",
    meetings: [{ heldOn: "2018-01-15", title: "Przegląd wdrażania planów", form: "ONLINE" }],
  },
  {
    kind: "EXCHANGE_GROUP", jstGroup: "CITIES", name: "Grupa wymiany doświadczeń: miasta", moderators: ["biuro"], joinedOn: "2017-05-10",
    meetings: [
      { heldOn: "2017-05-22", title: "Spotkanie inauguracyjne", form: "IN_PERSON" },
      { heldOn: "2017-09-18", title: "Sieć szkół w mieście", form: "IN_PERSON" },
      { heldOn: "2018-02-12", title: "Finansowanie oświaty w mieście", form: "IN_PERSON" },
    ],
  },
  {
    kind: "EXCHANGE_GROUP", jstGroup: "RURAL_COMMUNES", name: "Grupa wymiany doświadczeń: gminy wiejskie i miejsko-wiejskie", moderators: ["biuro"], joinedOn: "2017-05-10",
    meetings: [
      { heldOn: "2017-05-23", title: "Spotkanie inauguracyjne", form: "IN_PERSON" },
      { heldOn: "2017-09-19", title: "Małe szkoły wiejskie", form: "IN_PERSON" },
      { heldOn: "2018-02-13", title: "Dowożenie uczniów", form: "IN_PERSON" },
    ],
  },
  {
    kind: "EXCHANGE_GROUP", jstGroup: "COUNTIES", name: "Grupa wymiany doświadczeń: powiaty", moderators: ["biuro"], joinedOn: "2017-05-10",
    meetings: [
      { heldOn: "2017-05-24", title: "Spotkanie inauguracyjne", form: "IN_PERSON" },
      { heldOn: "2017-09-20", title: "Szkolnictwo zawodowe w powiecie", form: "IN_PERSON" },
    ],
  },
];
const EXCHANGE_GROUP_OF: Readonly<Record<string, string>> = {
  URBAN_COMMUNE: "CITIES",
  RURAL_COMMUNE: "RURAL_COMMUNES",
  URBAN_RURAL_COMMUNE: "RURAL_COMMUNES",
  COUNTY: "COUNTIES",
};

// Who joins a community: everyone the cooperation network; one thematic
// network each (by their place in the roster); the JST's first
// representative its kind's exchange group.
function joinsCommunity(spec: CommunitySpec, index: number, first: boolean, kind: string): boolean {
  if (spec.kind === "COOPERATION_NETWORK") return true;
  if (spec.kind === "THEMATIC_NETWORK") return AREAS[index % AREAS.length] === spec.theme;
  return first && EXCHANGE_GROUP_OF[kind] === spec.jstGroup;
}

async function ensureCommunities(): Promise<void> {
  const listed = must(`communities of ${PILOT}`, await office.GET("/v1/editions/{edition}/communities", {
    params: { path: { edition: PILOT }, query: { pageSize: 100 } },
  })).communities ?? [];
  await pilotRoster();
  const officials: { id: string; first: boolean; kind: string }[] = [];
  for (const application of (await applicationsOf(PILOT)).values()) {
    (application.representatives ?? []).forEach((r, i) => {
      if (r.participant) officials.push({ id: r.participant, first: i === 0, kind: application.jstKind ?? "" });
    });
  }
  for (const spec of COMMUNITIES) {
    let community = listed.find((c) => c.kind === spec.kind && (c.theme ?? "THEMATIC_AREA_UNSPECIFIED") === (spec.theme ?? "THEMATIC_AREA_UNSPECIFIED") && (c.jstGroup ?? "JST_GROUP_UNSPECIFIED") === (spec.jstGroup ?? "JST_GROUP_UNSPECIFIED"));
    if (!community) {
      const { joinedOn: _joined, meetings: _meetings, ...body } = spec;
      community = must(`community ${spec.name}`, await office.POST("/v1/editions/{edition}/communities", {
        params: { path: { edition: PILOT } },
        body,
      }));
      made();
    }
    const id = community.id ?? "";
    const members = new Set<string>();
    let pageToken: string | undefined;
    do {
      const page = must(`members of ${spec.name}`, await office.GET("/v1/communities/{community}/members", {
        params: { path: { community: id }, query: { includePast: true, pageSize: 500, ...(pageToken ? { pageToken } : {}) } },
      }));
      for (const m of page.members ?? []) members.add(m.participant ?? "");
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
    const joined: string[] = [];
    for (const [index, official] of officials.entries()) {
      if (!joinsCommunity(spec, index, official.first, official.kind)) continue;
      joined.push(official.id);
      if (members.has(official.id)) continue;
      must(`${official.id} joins ${spec.name}`, await office.POST("/v1/communities/{community}/members", {
        params: { path: { community: id } },
        body: { participant: official.id, joinedOn: spec.joinedOn },
      }));
      made();
    }
    const held = must(`meetings of ${spec.name}`, await office.GET("/v1/communities/{community}/meetings", {
      params: { path: { community: id }, query: { pageSize: 500 } },
    })).meetings ?? [];
    for (const [n, meeting] of spec.meetings.entries()) {
      if (held.some((h) => h.heldOn === meeting.heldOn && h.title === meeting.title)) continue;
      // A varying part of the members attends.
      const attendees = joined.filter((_, i) => (i + n) % 3 !== 0);
      must(`meeting ${meeting.title} of ${spec.name}`, await office.POST("/v1/communities/{community}/meetings", {
        params: { path: { community: id } },
        body: { ...meeting, attendees },
      }));
      made();
    }
  }
}

// ---- e-learning (issue 24): two courses that complement the training,
// completed by every second official (the diagnosis course) and every third
// (the financing one), as the platform's export would report them.

const ELEARNING = [
  { code: "EL-DIAG", title: "Diagnoza lokalnej oświaty — kurs uzupełniający", hours: 6, completedOn: "2017-06-30", every: 2 },
  { code: "EL-FIN", title: "Finansowanie oświaty w praktyce", hours: 4, completedOn: "2017-12-15", every: 3 },
] as const;

async function ensureELearning(): Promise<void> {
  const list = () =>
    office.GET("/v1/editions/{edition}/elearning-courses", { params: { path: { edition: PILOT }, query: { pageSize: 500 } } });
  let courses = must(`e-learning courses of ${PILOT}`, await list()).courses ?? [];
  for (const course of ELEARNING) {
    if (courses.some((c) => c.code === course.code)) continue;
    must(`course ${course.code}`, await office.PUT("/v1/editions/{edition}/elearning-courses/{code}", {
      params: { path: { edition: PILOT, code: course.code } },
      body: { title: course.title, hours: course.hours },
    }));
    made();
  }
  courses = must(`e-learning courses of ${PILOT}`, await list()).courses ?? [];
  const ids = await pilotRoster();
  let csv = "participant_id;course_code;completed_on\n";
  let rows = 0;
  for (const course of ELEARNING) {
    ids.forEach((id, i) => {
      if (i % course.every !== 0) return;
      csv += `${id};${course.code};${course.completedOn}\n`;
      ++rows;
    });
  }
  // Loaded already when each course has at least its completions (an
  // import of the same file again would change nothing but be recorded).
  const loaded = ELEARNING.every((course) => {
    const expected = ids.filter((_, i) => i % course.every === 0).length;
    return (courses.find((c) => c.code === course.code)?.completions ?? 0) >= expected;
  });
  if (loaded || rows === 0) return;
  must(`e-learning completions of ${PILOT}`, await office.POST("/v1/editions/{edition}/elearning-completions:import", {
    params: { path: { edition: PILOT } },
    body: csv as unknown as string,
    bodySerializer: (body: unknown) => body as BodyInit,
    headers: { "Content-Type": "text/csv" },
  }));
  made();
}

// ---- good practices (issue 24): the catalogue the office keeps, from
// the completed cases: six published, one awaiting the office's approval,
// one draft still being written.

type PracticeGoal = "PRACTICE_DRAFT" | "PRACTICE_SUBMITTED" | "PRACTICE_PUBLISHED";
const PRACTICES: readonly { teryt: string; title: string; description: string; keywords: string[]; goal: PracticeGoal }[] = [
  {
    teryt: "2476011",
    title: "Zespół dyrektorów szkół przy wydziale edukacji",
    description: "Comiesięczne spotkania dyrektorów szkół i przedszkoli z wydziałem edukacji: wspólna analiza wyników egzaminów i plan wspomagania szkół na kolejny rok.",
    keywords: ["dyrektorzy", "współpraca", "wyniki egzaminów"],
    goal: "PRACTICE_PUBLISHED",
  },
  {
    teryt: "2401011",
    title: "Mapa potrzeb edukacyjnych gminy",
    description: "Coroczne zestawienie wskaźników edukacyjnych szkół gminy (wyniki, frekwencja, kadra) w jednym raporcie dla rady gminy i dyrektorów.",
    keywords: ["diagnoza", "wskaźniki"],
    goal: "PRACTICE_PUBLISHED",
  },
  {
    teryt: "2401042",
    title: "Sieć nauczycieli matematyki szkół wiejskich",
    description: "Nauczyciele matematyki małych szkół wiejskich spotykają się co kwartał, wymieniają materiały i wspólnie przygotowują uczniów do egzaminu.",
    keywords: ["sieci współpracy", "matematyka", "szkoły wiejskie"],
    goal: "PRACTICE_PUBLISHED",
  },
  {
    teryt: "1201011",
    title: "Budżet zadaniowy oświaty",
    description: "Wydatki na oświatę planowane według zadań i rezultatów, z kosztem ucznia każdej szkoły jawnym dla rady i rodziców.",
    keywords: ["finansowanie oświaty", "budżet"],
    goal: "PRACTICE_PUBLISHED",
  },
  {
    teryt: "1402011",
    title: "Lokalny program wspierania uczniów zdolnych",
    description: "Stypendia, koła naukowe i opieka mentorów z uczelni dla uczniów szkół gminy, wybieranych według jawnych kryteriów.",
    keywords: ["kompetencje kluczowe", "uczniowie zdolni"],
    goal: "PRACTICE_PUBLISHED",
  },
  {
    teryt: "3001011",
    title: "Konsultacje planu oświatowego z rodzicami",
    description: "Projekt lokalnego planu podnoszenia jakości usług oświatowych omawiany na otwartych spotkaniach z radami rodziców każdej szkoły.",
    keywords: ["plan oświatowy", "rodzice", "konsultacje"],
    goal: "PRACTICE_PUBLISHED",
  },
  {
    teryt: "0201011",
    title: "Wspólne doskonalenie nauczycieli kilku gmin",
    description: "Trzy sąsiednie gminy zamawiają razem szkolenia rad pedagogicznych, dzieląc koszty i wybierając tematy z diagnozy potrzeb szkół.",
    keywords: ["doskonalenie nauczycieli", "współpraca gmin"],
    goal: "PRACTICE_SUBMITTED",
  },
  {
    teryt: "0601011",
    title: "Monitorowanie realizacji planu przez zespół",
    description: "Zespół zastępcy wójta co pół roku przegląda harmonogram działań planu i przedstawia radzie gminy, co zrobiono i co przesunięto.",
    keywords: ["monitorowanie", "harmonogram"],
    goal: "PRACTICE_DRAFT",
  },
];

async function practicesOf(edition: string): Promise<Readable<Schemas["GoodPractice"]>[]> {
  const found: Readable<Schemas["GoodPractice"]>[] = [];
  let pageToken: string | undefined;
  do {
    const page = must(
      `good practices of ${edition}`,
      await office.GET("/v1/editions/{edition}/good-practices", {
        params: { path: { edition }, query: { pageSize: 500, ...(pageToken ? { pageToken } : {}) } },
      }),
    );
    found.push(...(page.practices ?? []));
    pageToken = page.nextPageToken || undefined;
  } while (pageToken);
  return found;
}

async function ensurePractices(): Promise<void> {
  const cases = await casesOf(PILOT);
  const existing = await practicesOf(PILOT);
  for (const planned of PRACTICES) {
    const c = cases.find((candidate) => candidate.teryt === planned.teryt);
    if (!c?.id) throw new DemoError(`no case of ${planned.teryt} in ${PILOT}`);
    let practice = existing.find((p) => p.case === c.id && p.title === planned.title);
    if (!practice) {
      practice = must(`practice "${planned.title}"`, await office.POST("/v1/cases/{case}/good-practices", {
        params: { path: { case: c.id } },
        body: { title: planned.title, description: planned.description, keywords: planned.keywords },
      }));
      made();
    }
    const step = async (verb: "submit" | "publish") => {
      const params = { params: { path: { good_practice: practice?.id ?? "" } }, body: { expectedVersion: practice?.version ?? "0" } };
      practice = must(
        `${verb} "${planned.title}"`,
        verb === "submit"
          ? await office.POST("/v1/good-practices/{good_practice}:submit", params)
          : await office.POST("/v1/good-practices/{good_practice}:publish", params),
      );
      made();
    };
    if (practice.status === "PRACTICE_DRAFT" && planned.goal !== "PRACTICE_DRAFT") await step("submit");
    if (practice.status === "PRACTICE_SUBMITTED" && planned.goal === "PRACTICE_PUBLISHED") await step("publish");
  }
}

// ---- reporting

async function ensureTargets(edition: string, targets: Record<string, string>): Promise<void> {
  for (const [code, target] of Object.entries(targets)) {
    must(`target ${code} of ${edition}`, await office.PUT("/v1/editions/{edition}/indicator-targets/{code}", {
      params: { path: { edition, code } },
      body: { target },
    }));
  }
}

async function main(): Promise<void> {
  for (const edition of SEED_EDITIONS) await ensureEdition(edition);
  await ensureAccounts();
  await ensureApplications(PILOT, PILOT_JSTS, PILOT_JSTS.length, "2017-03-01", "2017-04-05");
  await ensureTraining(PILOT);
  const experts = await ensureExperts();
  await ensureSchoolRegister();
  await ensureCases(experts);
  await ensurePractices();
  await ensureELearning();
  await ensureCommunities();
  await ensureTargets(PILOT, { JST_SUPPORTED: "30", OFFICIALS_TRAINED: "90", PLANS_ADOPTED: "27" });

  await ensureApplications(ROLLOUT, ROLLOUT_JSTS, ROLLOUT_QUALIFIED, new Date().toISOString().slice(0, 10), undefined);
  await ensureWork({ office, must, made, waitFor, pilot: PILOT, pilotJsts: PILOT_JSTS, rollout: ROLLOUT, rolloutQualified: ROLLOUT_JSTS.slice(0, ROLLOUT_QUALIFIED), trainers: TRAINERS });
  console.log(JSON.stringify({ editions: [PILOT, ROLLOUT], created: counts.created }));
}

main().catch((failure: unknown) => {
  console.error(failure instanceof DemoError ? `demo data: ${failure.message}` : failure);
  process.exit(1);
});
