// The demonstration programme's daily work (tools/demo/README.md, "Tasks and
// logistics"), entered through the API like the rest of the loader:
//   - PILOT: five implementation tasks set after the modules for every JST
//     (the first four due by the next module, in 2017; the last due a few
//     weeks from the day of loading), Świętochłowice's first accepted, its
//     second returned with a comment and its third submitted; five more
//     JSTs' first submitted, waiting for review;
//   - ROLLOUT: training settings and two modules ahead of the day of
//     loading, with sessions by the demo trainers; module 1 (four weeks
//     ahead) takes sign-ups until two weeks ahead, module 2's sign-up
//     deadline has passed (requests wait for the office); the second
//     qualified JST's officials are signed up for module 1, and one of them
//     asked late for module 2; two expert tables at module 1 with their
//     slots, one booked.
// Idempotent: each step reads first and writes only what is missing; a
// task is driven to its planned state only while it is still open, so what
// people did with it later is kept.
import type createClient from "openapi-fetch";
import type { Readable } from "openapi-typescript-helpers";
import type { components, paths } from "./api.js";
import { warsawLocal } from "./warsaw.js";

type Client = ReturnType<typeof createClient<paths>>;
type Module = Readable<components["schemas"]["Module"]>;
type Task = Readable<components["schemas"]["Task"]>;

// What the loader (load.ts) lends this part.
export interface Loader {
  readonly office: Client;
  readonly must: <T>(step: string, result: { data?: T; error?: unknown; response: Response }) => T;
  readonly made: (n?: number) => void;
  readonly waitFor: <T>(what: string, probe: () => Promise<T | undefined>, seconds?: number) => Promise<T>;
  readonly pilot: string;
  readonly pilotJsts: readonly string[];
  readonly rollout: string;
  // The rollout's qualified JSTs, in order.
  readonly rolloutQualified: readonly string[];
  readonly trainers: readonly string[];
}

const DAY = 86_400_000;

// Warsaw's civil date `days` after the day of loading ("2026-12-19").
function warsawDate(days: number, now = Date.now()): string {
  return warsawLocal(now + days * DAY).slice(0, 10);
}

// The first Wednesday at least `days` after the day of loading, and the
// civil date `offset` days from it.
function wednesdayFrom(days: number, offset: number, now = Date.now()): string {
  const day = Date.parse(`${warsawDate(days, now)}T00:00:00Z`);
  const wednesday = day + ((3 - new Date(day).getUTCDay() + 7) % 7) * DAY;
  return new Date(wednesday + offset * DAY).toISOString().slice(0, 10);
}

// ---- PILOT tasks

const TASKS = [
  {
    module: 1,
    title: "Diagnoza stanu oświaty w JST",
    description: "Zbierzcie wskaźniki edukacyjne JST (wyniki egzaminów, sieć szkół, koszty) i opiszcie trzy najważniejsze wnioski.",
  },
  {
    module: 2,
    title: "Projekt celów lokalnej polityki oświatowej",
    description: "Na podstawie diagnozy zaproponujcie trzy cele strategiczne z miernikami i uzgodnijcie je z zespołem JST.",
  },
  {
    module: 3,
    title: "Plan wspomagania szkół",
    description: "Wybierzcie dwie szkoły i opiszcie plan ich wspomagania na najbliższy rok szkolny.",
  },
  {
    module: 4,
    title: "Mapa kompetencji kluczowych",
    description: "Zestawcie działania szkół JST rozwijające kompetencje kluczowe uczniów i wskażcie luki.",
  },
  {
    module: 5,
    title: "Sprawozdanie z wdrożenia planu oświatowego",
    description: "Opiszcie, co z lokalnego planu podnoszenia jakości zostało wykonane, a co przesunięte, i dlaczego.",
    // The last module has no next one: due a few weeks from loading.
    dueInDays: 24,
  },
] as const;

// Świętochłowice's tasks by module: 1 accepted, 2 returned with a comment,
// 3 submitted; five other JSTs' first task submitted.
const SWIETOCHLOWICE = "2476011";
const PLAN: Readonly<Record<number, "ACCEPTED" | "RETURNED" | "SUBMITTED">> = { 1: "ACCEPTED", 2: "RETURNED", 3: "SUBMITTED" };
const OTHERS_SUBMITTING = 5;

const REPORT =
  "Zespół JST zebrał dane z systemu informacji oświatowej i wyniki egzaminów z trzech lat.\n" +
  "Wnioski omówiono na posiedzeniu komisji oświaty rady.";
const RETURN_COMMENT =
  "Brakuje porównania z danymi województwa i wskazania, kto odpowiada za cele. Proszę uzupełnić i złożyć ponownie.";

async function moduleTasks(l: Loader, module: Module): Promise<Task[]> {
  const tasks: Task[] = [];
  let pageToken = "";
  do {
    const page = l.must(
      `tasks of module ${module.number}`,
      await l.office.GET("/v1/modules/{module}/tasks", {
        params: { path: { module: module.id ?? "" }, query: { pageSize: 500, ...(pageToken ? { pageToken } : {}) } },
      }),
    );
    tasks.push(...(page.tasks ?? []));
    pageToken = page.nextPageToken ?? "";
  } while (pageToken !== "");
  return tasks;
}

async function ensurePilotTasks(l: Loader): Promise<void> {
  const listed = l.must(`modules of ${l.pilot}`, await l.office.GET("/v1/editions/{edition}/modules", { params: { path: { edition: l.pilot } } }));
  const byNumber = new Map((listed.modules ?? []).map((m) => [m.number, m]));
  for (const plan of TASKS) {
    const module = byNumber.get(plan.module);
    if (!module) throw new Error(`${l.pilot} has no module ${plan.module}`);
    let tasks = (await moduleTasks(l, module)).filter((task) => task.title === plan.title);
    if (tasks.length === 0) {
      const created = l.must(
        `task "${plan.title}"`,
        await l.office.POST("/v1/modules/{module}/tasks", {
          params: { path: { module: module.id ?? "" } },
          body: {
            title: plan.title,
            description: plan.description,
            ...("dueInDays" in plan ? { dueLocal: `${warsawDate(plan.dueInDays)}T15:00` } : {}),
          },
        }),
      );
      l.made();
      tasks = created.tasks ?? [];
    }
    for (const task of tasks) {
      const index = l.pilotJsts.indexOf(task.teryt ?? "");
      const goal =
        task.teryt === SWIETOCHLOWICE
          ? PLAN[plan.module]
          : plan.module === 1 && index > 0 && index <= OTHERS_SUBMITTING
            ? "SUBMITTED"
            : undefined;
      if (goal !== undefined && task.status === "TASK_OPEN") await driveTask(l, task, goal);
    }
  }
}

// Submits an open task (as the office may for a team), then returns or
// accepts it as its goal says.
async function driveTask(l: Loader, task: Task, goal: "ACCEPTED" | "RETURNED" | "SUBMITTED"): Promise<void> {
  const path = { task: task.id ?? "" };
  l.must(`submit task ${task.id}`, await l.office.POST("/v1/tasks/{task}:submit", { params: { path }, body: { report: REPORT } }));
  l.made();
  if (goal === "ACCEPTED") {
    l.must(
      `accept task ${task.id}`,
      await l.office.POST("/v1/tasks/{task}:accept", { params: { path }, body: { comment: "Rzetelna diagnoza, dziękujemy." } }),
    );
    l.made();
  } else if (goal === "RETURNED") {
    l.must(`return task ${task.id}`, await l.office.POST("/v1/tasks/{task}:return", { params: { path }, body: { comment: RETURN_COMMENT } }));
    l.made();
  }
}

// ---- ROLLOUT modules, sessions and sign-ups

const ROOMS = [
  { id: "A", name: "Sala Mazowsze", capacity: 150 },
  { id: "B", name: "Sala Wisła", capacity: 40 },
];
// Module 1 from the first Wednesday four weeks ahead (sign-up until two
// weeks before it, 15:00); module 2 from the first Wednesday eight weeks
// ahead, its deadline a minute before loading (already passed).
function rolloutModules(now = Date.now()) {
  return [
    {
      number: 1,
      title: "Diagnoza lokalnej oświaty i wskaźniki edukacyjne",
      startsLocal: `${wednesdayFrom(28, 0, now)}T11:00`,
      endsLocal: `${wednesdayFrom(28, 2, now)}T14:30`,
      signupDeadlineLocal: `${wednesdayFrom(28, -14, now)}T15:00`,
    },
    {
      number: 2,
      title: "Zarządzanie strategiczne i lokalne plany oświatowe",
      startsLocal: `${wednesdayFrom(56, 0, now)}T11:00`,
      endsLocal: `${wednesdayFrom(56, 2, now)}T14:30`,
      signupDeadlineLocal: warsawLocal(now - 60_000),
    },
  ];
}

async function ensureRolloutModules(l: Loader): Promise<Module[]> {
  const edition = l.rollout;
  const settings = await l.office.GET("/v1/editions/{edition}/training-settings", { params: { path: { edition } } });
  if (settings.data === undefined) {
    l.must(
      `training settings of ${edition}`,
      await l.office.PUT("/v1/editions/{edition}/training-settings", {
        params: { path: { edition } },
        body: { thirdWeekReading: "THIRD_MONDAY_WEEK" },
      }),
    );
    l.made();
  }
  await l.waitFor(`the dates of ${edition} in training`, async () => {
    const got = await l.office.GET("/v1/editions/{edition}/training-settings", { params: { path: { edition } } });
    return got.data?.editionStartsOn ? true : undefined;
  });
  const listed = l.must(`modules of ${edition}`, await l.office.GET("/v1/editions/{edition}/modules", { params: { path: { edition } } }));
  const modules = [...(listed.modules ?? [])];
  for (const plan of rolloutModules()) {
    if (modules.some((m) => m.number === plan.number)) continue;
    modules.push(
      l.must(
        `module ${plan.number} of ${edition}`,
        await l.office.POST("/v1/editions/{edition}/modules", {
          params: { path: { edition } },
          body: { ...plan, venue: "Hotel Narvil, Serock", didacticHours: 21, shuttleSeats: 40, parkingPlaces: 20, rooms: ROOMS },
        }),
      ),
    );
    l.made();
  }
  return modules.sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
}

// Each module's first day: four plenary sessions by the two demo trainers.
const SESSION_TIMES = ["11:00", "12:45", "15:00", "16:45"] as const;
const ROLLOUT_AREAS = ["DIAGNOSIS_AND_INDICATORS", "STRATEGIC_MANAGEMENT"] as const;

async function ensureRolloutSessions(l: Loader, module: Module): Promise<void> {
  const id = module.id ?? "";
  const listed = l.must(`sessions of ${l.rollout} module ${module.number}`, await l.office.GET("/v1/modules/{module}/sessions", { params: { path: { module: id } } }));
  const day = warsawLocal(Date.parse(module.startTime ?? "")).slice(0, 10);
  for (const [i, time] of SESSION_TIMES.entries()) {
    const startsLocal = `${day}T${time}`;
    if ((listed.sessions ?? []).some((s) => warsawLocal(Date.parse(s.startTime ?? "")) === startsLocal)) continue;
    l.must(
      `session ${startsLocal}`,
      await l.office.POST("/v1/modules/{module}/sessions", {
        params: { path: { module: id } },
        body: {
          startsLocal,
          thematicArea: ROLLOUT_AREAS[((module.number ?? 1) - 1) % ROLLOUT_AREAS.length] ?? "DIAGNOSIS_AND_INDICATORS",
          workshopGroup: 0,
          room: "A",
          trainer: l.trainers[i % l.trainers.length] ?? "trener-1",
        },
      }),
    );
    l.made();
  }
}

// The officials (participant ids) of a qualified JST of the rollout, once
// training has them on its roster.
async function officialsOf(l: Loader, teryt: string): Promise<string[]> {
  const page = l.must(
    `application of ${teryt}`,
    await l.office.GET("/v1/editions/{edition}/applications", { params: { path: { edition: l.rollout }, query: { teryt } } }),
  );
  const ids = (page.applications ?? []).flatMap((a) => (a.representatives ?? []).map((r) => r.participant ?? ""));
  for (const id of ids) {
    await l.waitFor(`participant ${id} on training's roster`, async () => {
      const got = await l.office.GET("/v1/participants/{participant}/training", { params: { path: { participant: id } } });
      return got.data?.rostered ? true : undefined;
    });
  }
  return ids;
}

async function ensureSignup(l: Loader, module: Module, participant: string, body: { accommodation: boolean; shuttle: boolean }): Promise<void> {
  const path = { module: module.id ?? "" };
  const listed = l.must(`sign-ups of module ${module.number}`, await l.office.GET("/v1/modules/{module}/signups", { params: { path, query: { pageSize: 500 } } }));
  if ((listed.signups ?? []).some((s) => s.participant === participant)) return;
  l.must(`sign-up of ${participant}`, await l.office.POST("/v1/modules/{module}/signups", { params: { path }, body: { participant, ...body } }));
  l.made();
}

// ---- expert tables (issue 24): two tables at the rollout's module 1, on
// its first evening (after the sessions), with one booking by the second
// qualified JST's first official; the first JST's staff books in the
// browser tests.
const TABLES = [
  { topic: "LEGAL_QUESTIONS", title: "Stolik prawny: zadania oświatowe JST", expert: "ekspert-1", room: "Sala B", slots: [["19:00", 1], ["19:30", 1], ["20:00", 2]] },
  { topic: "EDUCATION_FINANCE", title: "Stolik: subwencja i finansowanie oświaty", expert: "ekspert-3", room: "Sala C", slots: [["19:00", 2], ["19:45", 1]] },
] as const;

async function ensureTables(l: Loader, module: Module, booker: string | undefined): Promise<void> {
  const path = { module: module.id ?? "" };
  const day = warsawLocal(Date.parse(module.startTime ?? "")).slice(0, 10);
  const listed = l.must(`tables of module ${module.number}`, await l.office.GET("/v1/modules/{module}/expert-tables", { params: { path, query: { pageSize: 100 } } }));
  for (const [n, plan] of TABLES.entries()) {
    let table = (listed.tables ?? []).find((t) => t.title === plan.title);
    if (!table) {
      table = l.must(`table ${plan.title}`, await l.office.POST("/v1/modules/{module}/expert-tables", {
        params: { path },
        body: { topic: plan.topic, title: plan.title, expert: plan.expert, room: plan.room },
      }));
      l.made();
    }
    const tableId = table.id ?? "";
    const slots = [...(table.slots ?? [])];
    for (const [time, capacity] of plan.slots) {
      const startsLocal = `${day}T${time}`;
      if (slots.some((s) => warsawLocal(Date.parse(s.startTime ?? "")) === startsLocal)) continue;
      slots.push(l.must(`slot ${startsLocal} of ${plan.title}`, await l.office.POST("/v1/expert-tables/{table}/slots", {
        params: { path: { table: tableId } },
        body: { startsLocal, durationMinutes: 30, capacity },
      })));
      l.made();
    }
    if (n !== 0 || !booker) continue;
    const bookings = l.must(`bookings of ${plan.title}`, await l.office.GET("/v1/expert-tables/{table}/bookings", {
      params: { path: { table: tableId }, query: { pageSize: 500 } },
    }));
    if ((bookings.bookings ?? []).some((b) => b.participant === booker)) continue;
    const first = slots.find((s) => warsawLocal(Date.parse(s.startTime ?? "")) === `${day}T${plan.slots[0][0]}`);
    l.must(`booking of ${booker}`, await l.office.POST("/v1/table-slots/{slot}/bookings", {
      params: { path: { slot: first?.id ?? "" } },
      body: { participant: booker },
    }));
    l.made();
  }
}

export async function ensureWork(l: Loader): Promise<void> {
  await ensurePilotTasks(l);
  const modules = await ensureRolloutModules(l);
  for (const module of modules) await ensureRolloutSessions(l, module);
  // The second qualified JST signed up for module 1, one official late for
  // module 2; the first is left to its staff (jst-<teryt>, browser tests).
  const [first, second] = modules;
  const teryt = l.rolloutQualified[1];
  if (!first || !second || !teryt) return;
  const officials = await officialsOf(l, teryt);
  for (const [i, participant] of officials.entries()) {
    await ensureSignup(l, first, participant, { accommodation: true, shuttle: i !== 2 });
  }
  if (officials[0]) await ensureSignup(l, second, officials[0], { accommodation: true, shuttle: true });
  await ensureTables(l, first, officials[0]);
}
