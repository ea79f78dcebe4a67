import assert from "node:assert/strict";
import { test } from "node:test";
import {
  addressOf,
  caseloadOf,
  eligibleExperts,
  expertFiltersOf,
  expertQuery,
  confirmationOf,
  handoversOf,
  planChanged,
  planWith,
  type ExpertLoad,
} from "./experts.js";

test("the registry's filters are read from the address; an unknown value is no filter", () => {
  assert.deepEqual(expertFiltersOf(new URLSearchParams("speciality=PERSONNEL_DEVELOPMENT&voivodeship=30&activeOnly=true")), {
    speciality: "PERSONNEL_DEVELOPMENT",
    voivodeship: "30",
    activeOnly: true,
  });
  assert.deepEqual(expertFiltersOf(new URLSearchParams("speciality=LAW&voivodeship=3&activeOnly=yes")), {
    speciality: "",
    voivodeship: "",
    activeOnly: false,
  });
});

test("the address and the API's query hold only the filters chosen", () => {
  const filters = { speciality: "EDUCATION_DEVELOPMENT", voivodeship: "", activeOnly: true } as const;
  assert.deepEqual(addressOf(filters), { speciality: "EDUCATION_DEVELOPMENT", voivodeship: "", activeOnly: "true" });
  assert.deepEqual(expertQuery(filters, 500), { pageSize: 500, speciality: "EDUCATION_DEVELOPMENT", activeOnly: true });
  assert.deepEqual(expertQuery({ speciality: "", voivodeship: "24", activeOnly: false }, 100), { pageSize: 100, voivodeship: "24" });
});

test("a caseload is open of max, full at the maximum", () => {
  assert.deepEqual(caseloadOf({ openCases: 3, maxCaseload: 40 }), { open: 3, max: 40, full: false });
  assert.deepEqual(caseloadOf({ openCases: 2, maxCaseload: 2 }), { open: 2, max: 2, full: true });
  assert.deepEqual(caseloadOf({}), { open: 0, max: 0, full: true });
});

const EXPERTS: ExpertLoad[] = [
  { id: "a", speciality: "EDUCATION_DEVELOPMENT", voivodeships: ["30"], active: true, openCases: 1, maxCaseload: 5 },
  { id: "b", speciality: "EDUCATION_DEVELOPMENT", voivodeships: ["30"], active: true, openCases: 5, maxCaseload: 5 },
  { id: "c", speciality: "EDUCATION_DEVELOPMENT", voivodeships: ["24"], active: true, openCases: 0, maxCaseload: 5 },
  { id: "d", speciality: "PERSONNEL_DEVELOPMENT", voivodeships: ["30"], active: true, openCases: 0, maxCaseload: 5 },
  { id: "e", speciality: "EDUCATION_DEVELOPMENT", voivodeships: ["30"], active: false, openCases: 0, maxCaseload: 5 },
  { id: "f", speciality: "EDUCATION_DEVELOPMENT", voivodeships: ["30", "24"], active: true, openCases: 0, maxCaseload: 5 },
];

test("eligible are the active experts of the speciality serving the voivodeship with room, but the leaver", () => {
  const ids = (experts: ExpertLoad[]) => experts.map((e) => e.id);
  assert.deepEqual(ids(eligibleExperts(EXPERTS, "EDUCATION_DEVELOPMENT", "30")), ["a", "f"]);
  assert.deepEqual(ids(eligibleExperts(EXPERTS, "EDUCATION_DEVELOPMENT", "30", "a")), ["f"]);
  // The one chosen already stays a choice, full or not.
  assert.deepEqual(ids(eligibleExperts(EXPERTS, "EDUCATION_DEVELOPMENT", "30", "a", "b")), ["b", "f"]);
  assert.deepEqual(ids(eligibleExperts(EXPERTS, "PERSONNEL_DEVELOPMENT", "24")), []);
});

const PLAN = [
  { case: "k1", expert: "a", guardian: "a" },
  { case: "k2", expert: "f", guardian: "d" },
];

test("a changed receiver keeps every other case as shown; another preview asks the open cases only", () => {
  assert.deepEqual(planWith(PLAN, "k2", "a"), [
    { case: "k1", expert: "a" },
    { case: "k2", expert: "a" },
  ]);
  assert.deepEqual(handoversOf(PLAN), [
    { case: "k1", expert: "a" },
    { case: "k2", expert: "f" },
  ]);
  assert.deepEqual(handoversOf(PLAN, ["k2", "k3"]), [{ case: "k2", expert: "f" }]);
});

test("a confirmation sends the plan shown whole, guardians included, as the exact plan", () => {
  assert.deepEqual(confirmationOf(PLAN, "Urlop"), {
    handoverNote: "Urlop",
    handovers: [
      { case: "k1", expert: "a", guardian: "a" },
      { case: "k2", expert: "f", guardian: "d" },
    ],
    exactPlan: true,
  });
});

test("a refusal naming PLAN_CHANGED says the plan changed; other refusals do not", () => {
  const refusal = (type: string) => ({
    code: 9,
    message: "plan changed",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.PreconditionFailure",
        violations: [{ type, subject: "cases/k1", description: "the case is no longer an open case of this expert" }],
      },
    ],
  });
  assert.ok(planChanged(409, refusal("PLAN_CHANGED")));
  assert.ok(!planChanged(409, refusal("NO_REPLACEMENT")));
  assert.ok(!planChanged(0, undefined));
});
