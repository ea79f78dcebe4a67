// The JST staff's screens' logic: the application with its team
// (components/apply-page.ts) — which editions take applications now, the
// form's rows as the API's SubmitApplicationRequest, the browser's PESEL
// checks by the field's JSON path — and their officials
// (components/officials-page.ts): whose declaration is missing, the
// sessions still to come of a workshop group.
import type { Readable, Writable } from "openapi-typescript-helpers";
import type { components } from "./generated/api.js";
import { peselProblem, type PeselProblem } from "./pesel.js";

type Schemas = components["schemas"];
export type Edition = Readable<Schemas["Edition"]>;
export type Application = Readable<Schemas["Application"]>;
export type Session = Readable<Schemas["Session"]>;
export type SubmitBody = Writable<Schemas["SubmitApplicationRequest"]>;
type Participant = Writable<Schemas["Participant"]>;
type Institution = Writable<Schemas["Institution"]>;

export type TargetGroup = Exclude<NonNullable<Participant["targetGroup"]>, "TARGET_GROUP_UNSPECIFIED">;
export type EducationLevel = Exclude<NonNullable<Participant["educationLevel"]>, "EDUCATION_LEVEL_UNSPECIFIED">;
export type Sex = Exclude<NonNullable<Participant["sex"]>, "SEX_UNSPECIFIED">;
export type SituationAnswer = Exclude<NonNullable<Participant["homeless"]>, "SITUATION_ANSWER_UNSPECIFIED">;

export const TARGET_GROUPS: readonly TargetGroup[] = ["DECISION_MAKER", "OPERATIONAL_STAFF", "COUNCILLOR_OR_SOCIAL_PARTNER"];
export const EDUCATION_LEVELS: readonly EducationLevel[] = ["ISCED_0", "ISCED_1", "ISCED_2", "ISCED_3", "ISCED_4", "ISCED_5_8"];
export const SEXES: readonly Sex[] = ["FEMALE", "MALE"];
export const SITUATION_ANSWERS: readonly SituationAnswer[] = ["YES", "NO", "REFUSED"];
// The monitoring record's disadvantaged-situation questions, by their JSON names.
export const SITUATIONS = ["minorityOrForeignOrigin", "homeless", "disability", "otherDisadvantage"] as const;
export type Situation = (typeof SITUATIONS)[number];

// Whether an edition takes applications at `now`: from recruitmentOpensAt
// (inclusive) to recruitmentClosesAt (exclusive), as recruitment decides.
type Window = Partial<Pick<Edition, "recruitmentOpensAt" | "recruitmentClosesAt">>;

export function isRecruiting(edition: Window, now: Date): boolean {
  const opens = Date.parse(edition.recruitmentOpensAt ?? "");
  const closes = Date.parse(edition.recruitmentClosesAt ?? "");
  return opens <= now.getTime() && now.getTime() < closes;
}

export function recruitingEditions<E extends Window>(editions: readonly E[], now: Date): E[] {
  return editions.filter((edition) => isRecruiting(edition, now));
}

// A TERYT code as the API takes it: a commune's 7 digits or a county's 4.
export function isTeryt(value: string): boolean {
  return /^(\d{4}|\d{7})$/.test(value);
}

// One representative as typed in the form: every text as typed, the
// choices empty until made.
export interface Representative {
  firstName: string;
  lastName: string;
  noPesel: boolean;
  pesel: string;
  otherIdentifier: string;
  sex: Sex | "";
  birthDate: string;
  targetGroup: TargetGroup | "";
  position: string;
  educationLevel: EducationLevel | "";
  email: string;
  phone: string;
  participationStart: string;
  declarationSignedOn: string;
  informationClauseHandedOver: boolean;
  minorityOrForeignOrigin: SituationAnswer | "";
  homeless: SituationAnswer | "";
  disability: SituationAnswer | "";
  otherDisadvantage: SituationAnswer | "";
}

export function emptyRepresentative(): Representative {
  return {
    firstName: "",
    lastName: "",
    noPesel: false,
    pesel: "",
    otherIdentifier: "",
    sex: "",
    birthDate: "",
    targetGroup: "",
    position: "",
    educationLevel: "",
    email: "",
    phone: "",
    participationStart: "",
    declarationSignedOn: "",
    informationClauseHandedOver: false,
    minorityOrForeignOrigin: "",
    homeless: "",
    disability: "",
    otherDisadvantage: "",
  };
}

// The institution block as typed; degurba "" is the registry's class.
export interface InstitutionForm {
  nip: string;
  locality: string;
  street: string;
  buildingNumber: string;
  flatNumber: string;
  postcode: string;
  degurba: "" | "1" | "2" | "3";
  phone: string;
  email: string;
}

export function emptyInstitution(): InstitutionForm {
  return { nip: "", locality: "", street: "", buildingNumber: "", flatNumber: "", postcode: "", degurba: "", phone: "", email: "" };
}

// The fields given (trimmed, non-empty), the others left out: the API
// tells an empty field from a missing one only by its rules.
function given<T extends Record<string, string>>(fields: T): Partial<T> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) if (value.trim() !== "") out[name] = value.trim();
  return out as Partial<T>;
}

// A required field left empty is left out (as a Partial): the API names it
// at its field.
function participantOf(row: Representative): Participant {
  const identity: Partial<Participant> = row.noPesel
    ? {
        noPesel: true,
        ...given({ otherIdentifier: row.otherIdentifier, birthDate: row.birthDate }),
        ...(row.sex !== "" ? { sex: row.sex } : {}),
      }
    : given({ pesel: row.pesel });
  const situations: Partial<Participant> = {};
  for (const situation of SITUATIONS) if (row[situation] !== "") situations[situation] = row[situation] as SituationAnswer;
  const declared = row.declarationSignedOn.trim() !== "" || row.informationClauseHandedOver;
  const participant: Partial<Participant> = {
    ...given({ firstName: row.firstName, lastName: row.lastName }),
    ...identity,
    ...(row.targetGroup !== "" ? { targetGroup: row.targetGroup } : {}),
    ...given({ position: row.position, email: row.email, phone: row.phone, participationStart: row.participationStart }),
    ...(row.educationLevel !== "" ? { educationLevel: row.educationLevel } : {}),
    ...situations,
    ...(declared
      ? {
          declaration: {
            ...given({ signedOn: row.declarationSignedOn }),
            informationClauseHandedOver: row.informationClauseHandedOver,
          },
        }
      : {}),
  };
  return participant as Participant;
}

function institutionOf(form: InstitutionForm): Institution | undefined {
  const { degurba, ...texts } = form;
  const block: Institution = { ...given(texts), ...(degurba !== "" ? { degurba: Number(degurba) } : {}) };
  return Object.keys(block).length > 0 ? block : undefined;
}

// The request the form sends: the JST, the team in the form's order (so
// the API's `representatives[i]` is the form's row i), and the institution
// block when anything of it is filled in.
export function submitBody(teryt: string, team: readonly Representative[], institution: InstitutionForm): SubmitBody {
  const block = institutionOf(institution);
  return {
    teryt: teryt.trim(),
    representatives: team.map(participantOf),
    ...(block ? { institution: block } : {}),
  };
}

// What the browser finds wrong before sending, by the field's JSON path as
// the API would name it ("representatives[1].pesel"): the PESEL of every
// row that has one (`today`: Warsaw's civil date).
export function teamProblems(team: readonly Representative[], today: string): Map<string, PeselProblem> {
  const problems = new Map<string, PeselProblem>();
  team.forEach((row, i) => {
    if (row.noPesel) return;
    const problem = peselProblem(row.pesel, today);
    if (problem !== null) problems.set(`representatives[${i}].pesel`, problem);
  });
  return problems;
}

// The active representatives of an application whose declaration is not
// recorded yet (qualification needs every one).
export function missingDeclarations(application: Application): string[] {
  return (application.representatives ?? [])
    .filter((r) => r.status === "PARTICIPANT_ACTIVE" && !r.declarationRecorded)
    .map((r) => r.participant ?? "");
}

// A workshop group's sessions that have not ended at `now`, in start
// order: those of the group and those of all groups together (group 0).
type Timed = Partial<Pick<Session, "workshopGroup" | "startTime" | "endTime">>;

export function upcomingSessions<S extends Timed>(sessions: readonly S[], group: number, now: Date): S[] {
  return sessions
    .filter((s) => (s.workshopGroup ?? 0) === 0 || s.workshopGroup === group)
    .filter((s) => Date.parse(s.endTime ?? "") > now.getTime())
    .sort((a, b) => Date.parse(a.startTime ?? "") - Date.parse(b.startTime ?? ""));
}
