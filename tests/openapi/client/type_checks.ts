// What the generated types must refuse, checked by the compiler: each
// `@ts-expect-error` line must be a type error under `tsc --strict`, or the
// compilation fails ("Unused '@ts-expect-error' directive"). Compiled, never
// run: the functions are not called. The lines the directives cover are kept
// to the one thing they check, so another error cannot stand in for it.
import createClient from "openapi-fetch";
import type { paths } from "./api.js";

const client = createClient<paths>({ baseUrl: "http://127.0.0.1:1" });

const edition = {
  code: "X-1",
  name: "Edycja",
  kind: "PILOT",
  capacity: 30,
  minRepresentatives: 3,
  startsOn: "2027-01-01",
  endsOn: "2027-12-31",
  recruitmentOpensAt: "2027-01-01T00:00:00Z",
  recruitmentClosesAt: "2027-02-01T00:00:00Z",
} as const;

export async function outputOnlyFieldsAreNotInRequestBodies(): Promise<void> {
  await client.POST("/v1/editions", {
    body: {
      ...edition,
      // @ts-expect-error createTime is output only (readOnly)
      createTime: "2026-01-01T00:00:00Z",
    },
  });
  await client.POST("/v1/editions/{edition}/applications", {
    params: { path: { edition: "X-1" } },
    body: {
      teryt: "2476011",
      // @ts-expect-error the monitoring record's missing fields are output only
      institution: { nip: "526-025-02-74", missingFields: [] },
    },
  });
}

export async function requiredFieldsMustBeGiven(): Promise<void> {
  // @ts-expect-error an edition is created with all its fields
  await client.POST("/v1/editions", { body: { code: "X-1", name: "Edycja" } });
  // An update names what it changes (updateMask): nothing is required.
  await client.PATCH("/v1/editions/{code}", {
    params: { path: { code: "X-1" }, query: { updateMask: "capacity" } },
    body: { capacity: 40 },
  });
  await client.POST("/v1/applications/{application}/participants", {
    params: { path: { application: "a" } },
    // @ts-expect-error a participant has a name and a target group
    body: { firstName: "Zofia" },
  });
  await client.POST("/v1/cases/{case}:chooseArea", {
    params: { path: { case: "c" } },
    // @ts-expect-error expectedVersion, supportArea and agreement are required
    body: {},
  });
  await client.POST("/v1/editions/{edition}/exports", {
    params: { path: { edition: "X-1" } },
    // @ts-expect-error an export needs its kind and purpose
    body: { kind: "PARTICIPANTS" },
  });
}

export async function enumsAreClosed(): Promise<void> {
  await client.POST("/v1/editions/{edition}/exports", {
    params: { path: { edition: "X-1" } },
    // @ts-expect-error AGGREGATES_XLSX is not an export kind
    body: { kind: "AGGREGATES_XLSX", purpose: "kontrola" },
  });
}

export async function pathsAndParametersAreKnown(): Promise<void> {
  // @ts-expect-error there is no such route
  await client.GET("/v1/edition");
  await client.GET("/v1/jsts/{teryt}", {
    // @ts-expect-error the path parameter is teryt
    params: { path: { code: "2476011" } },
  });
  await client.GET("/v1/editions", {
    // @ts-expect-error pageSize is a number
    params: { query: { pageSize: "ten" } },
  });
}

export async function answersAreTyped(): Promise<number> {
  const { data } = await client.GET("/v1/cases/{case}", { params: { path: { case: "c" } } });
  // int64 values travel as strings, int32 ones as numbers.
  const version: string | undefined = data?.version;
  const workflow: number | undefined = data?.workflowVersion;
  // @ts-expect-error an int32 is not a string
  const wrong: string | undefined = data?.workflowVersion;
  // A date that may be unknown is optional.
  const due: string | undefined = data?.stageDueOn;
  return (version?.length ?? 0) + (workflow ?? 0) + (wrong?.length ?? 0) + (due?.length ?? 0);
}
