// A client developer's first hour with the API, as a program: types
// generated from the gateway's OpenAPI document (openapi-typescript, with
// readOnly fields left out of request bodies), calls made with openapi-fetch,
// compiled with `tsc --strict` and run against a real stack by
// tests/e2e/api_client_e2e_test.cc, which hands over the address and tokens:
//   JSTEDU_API_URL          the gateway, e.g. http://127.0.0.1:8080
//   JSTEDU_TOKEN_ADMIN      the programme office
//   JSTEDU_TOKEN_JST        staff of JST 2476011 (Świętochłowice)
//   JSTEDU_TOKEN_OTHER_JST  staff of JST 0201011 (Bolesławiec)
//   JSTEDU_CONTRACT_CAPTURE_DIR  (optional) where to record its exchanges
// Every step checks what it got; the first failure ends the program with
// status 1 and says which step. On success it prints one JSON line of what
// it made, which the C++ test reads back through its own requests.
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import createClient, { type Middleware } from "openapi-fetch";
import type { Readable, Writable } from "openapi-typescript-helpers";
import type { components, paths } from "./api.js";

// What a client sends (output-only fields left out) and reads.
type Edition = Writable<components["schemas"]["Edition"]>;
type Participant = Writable<components["schemas"]["Participant"]>;
type ApiError = Readable<components["schemas"]["Error"]>;

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

class StepFailed extends Error {}
function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new StepFailed(what);
}

// With JSTEDU_CONTRACT_CAPTURE_DIR set (by CTest), every exchange is also
// written as common/testing/http.h writes the C++ tests' ones, so the
// contract check (tests/openapi/contract.mjs) reads the client's too.
const captureDir = process.env["JSTEDU_CONTRACT_CAPTURE_DIR"];
const captureFile = captureDir ? join(captureDir, "api_client.jsonl") : null;
if (captureFile) writeFileSync(captureFile, "");
const sentBodies = new Map<string, string>();
const capture: Middleware = {
  async onRequest({ request, id }) {
    sentBodies.set(id, request.body ? await request.clone().text() : "");
    return request;
  },
  async onResponse({ request, response, id }) {
    if (captureFile) {
      const url = new URL(request.url);
      const line = {
        method: request.method,
        target: url.pathname + url.search,
        requestBody: sentBodies.get(id) ?? "",
        status: response.status,
        contentType: response.headers.get("content-type") ?? "",
        body: await response.clone().text(),
      };
      appendFileSync(captureFile, `${JSON.stringify(line)}\n`);
    }
    sentBodies.delete(id);
    return response;
  },
};

// One client per caller: the token goes on every request.
function clientFor(token: string | null) {
  const client = createClient<paths>({ baseUrl: env("JSTEDU_API_URL") });
  client.use(capture);
  if (token !== null) {
    const bearer: Middleware = {
      onRequest({ request }) {
        request.headers.set("Authorization", `Bearer ${token}`);
        return request;
      },
    };
    client.use(bearer);
  }
  return client;
}

const anonymous = clientFor(null);
const office = clientFor(env("JSTEDU_TOKEN_ADMIN"));
const jst = clientFor(env("JSTEDU_TOKEN_JST"));
const otherJst = clientFor(env("JSTEDU_TOKEN_OTHER_JST"));

// The field paths a BadRequest detail names.
function fieldsNamed(error: ApiError): string[] {
  return error.details.flatMap((detail) =>
    "fieldViolations" in detail ? (detail.fieldViolations ?? []).map((v) => v.field ?? "") : [],
  );
}

const suffix = Math.random().toString(36).slice(2, 8).toUpperCase();
const now = Date.now();
const day = 24 * 60 * 60 * 1000;
const unknownId = "6f1c2a4e-0b7d-4c1e-9a35-2d8f0e6b7c91";

async function main(): Promise<Record<string, string>> {
  // The gateway describes itself without a token.
  {
    const { data, error } = await anonymous.GET("/healthz");
    check(error === undefined && data?.status === "ok", "GET /healthz is ok");
    const ready = await anonymous.GET("/readyz");
    check(ready.response.status === 200, "GET /readyz is 200");
    check(ready.data !== undefined && ready.data.services.length === 5, "/readyz lists the five services");
  }
  {
    const { data, response } = await anonymous.GET("/v1/openapi.json");
    check(response.status === 200 && data !== undefined, "GET /v1/openapi.json");
  }

  // The office opens an edition; the Idempotency-Key makes a resend safe.
  const code = `TS-${suffix}`;
  const edition: Edition = {
    code,
    name: `Edycja klienta ${suffix}`,
    kind: "PILOT",
    capacity: 30,
    minRepresentatives: 1,
    startsOn: "2025-01-01",
    endsOn: "2030-12-31",
    recruitmentOpensAt: new Date(now - day).toISOString(),
    recruitmentClosesAt: new Date(now + 30 * day).toISOString(),
  };
  const key = `ts-client-${suffix}`;
  const created = await office.POST("/v1/editions", {
    body: edition,
    params: { header: { "Idempotency-Key": key } },
  });
  check(created.data?.code === code, `POST /v1/editions made ${code}: ${JSON.stringify(created.error)}`);
  check(created.data.qualifiedCount === 0, "a new edition has no qualified JST");
  check(!Number.isNaN(Date.parse(created.data.createTime ?? "")), "createTime is an instant");
  const again = await office.POST("/v1/editions", {
    body: edition,
    params: { header: { "Idempotency-Key": key } },
  });
  check(
    again.data?.createTime === created.data.createTime,
    "the same POST under the same Idempotency-Key answers the first answer",
  );

  // Bad input: a 400 naming the field by its JSON path in the request
  // message (whose body field is `edition`).
  {
    const { error, response } = await office.POST("/v1/editions", {
      body: { ...edition, code: `TS-${suffix}-0`, capacity: 0 },
    });
    check(response.status === 400 && error !== undefined, "capacity 0 is refused with 400");
    check(
      fieldsNamed(error).includes("edition.capacity"),
      `the refusal names edition.capacity: ${JSON.stringify(error)}`,
    );
  }

  // Every list pages the same way: walk the editions one by one.
  {
    const codes: string[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < 1000; ++page) {
      const { data } = await office.GET("/v1/editions", {
        params: { query: { pageSize: 1, ...(pageToken ? { pageToken } : {}) } },
      });
      check(data !== undefined && (data.editions ?? []).length <= 1, "a page holds at most pageSize");
      codes.push(...(data.editions ?? []).map((e) => e.code ?? ""));
      pageToken = data.nextPageToken || undefined;
      if (pageToken === undefined) break;
    }
    check(codes.includes(code), `paging through the editions finds ${code}`);
    check(new Set(codes).size === codes.length, "no edition is on two pages");
  }

  // The official register, read by a JST's staff.
  {
    const { data } = await jst.GET("/v1/jsts/{teryt}", { params: { path: { teryt: "2476011" } } });
    check(data?.name === "Świętochłowice", `GET /v1/jsts/2476011 is Świętochłowice: ${JSON.stringify(data)}`);
    const listed = await office.GET("/v1/jsts", {
      params: { query: { voivodeship: "24", namePrefix: "Świętoch", pageSize: 10 } },
    });
    check(
      (listed.data?.jsts ?? []).some((j) => j.teryt === "2476011"),
      "the register lists 2476011 under its name prefix",
    );
  }

  // The JST applies, adds a participant, and reads both back.
  const submitted = await jst.POST("/v1/editions/{edition}/applications", {
    params: { path: { edition: code } },
    body: {
      teryt: "2476011",
      institution: {
        nip: "526-025-02-74",
        locality: "Świętochłowice",
        street: "ul. Katowicka",
        buildingNumber: "54",
        postcode: "41-600",
        degurba: 1,
        phone: "32 245 00 00",
        email: "urzad@example.pl",
      },
    },
  });
  check(submitted.data?.id !== undefined, `the JST's application: ${JSON.stringify(submitted.error)}`);
  const application = submitted.data.id ?? "";
  check(submitted.data.status === "SUBMITTED", `a new application is SUBMITTED, not ${submitted.data.status}`);

  const person: Participant = {
    firstName: "Zofia",
    lastName: "Klientowa",
    pesel: "85071512348",
    educationLevel: "ISCED_5_8",
    email: "z.klientowa@example.pl",
    phone: "600 100 200",
    position: "Naczelniczka wydziału edukacji",
    targetGroup: "OPERATIONAL_STAFF",
    minorityOrForeignOrigin: "NO",
    homeless: "NO",
    disability: "NO",
    otherDisadvantage: "REFUSED",
    declaration: { signedOn: new Date(now).toISOString().slice(0, 10), informationClauseHandedOver: true },
  };
  const added = await jst.POST("/v1/applications/{application}/participants", {
    params: { path: { application } },
    body: person,
  });
  check(added.data?.id !== undefined, `a participant added: ${JSON.stringify(added.error)}`);
  const participant = added.data.id ?? "";
  {
    const { data } = await jst.GET("/v1/participants/{participant}", {
      params: { path: { participant } },
    });
    check(data !== undefined, "the participant reads back");
    check(data.pesel === person.pesel && data.lastName === "Klientowa", "its PESEL and name are kept");
    check(data.participationEnd === undefined, "an ongoing participation has no end date");
    check(
      (data.missingMonitoringFields ?? []).length === 0,
      `the monitoring record is complete: ${JSON.stringify(data.missingMonitoringFields)}`,
    );
  }

  // Another JST learns nothing: the same 404 as for an id that does not exist.
  {
    const foreign = await otherJst.GET("/v1/applications/{application}", {
      params: { path: { application } },
    });
    const missing = await otherJst.GET("/v1/applications/{application}", {
      params: { path: { application: unknownId } },
    });
    check(foreign.response.status === 404 && missing.response.status === 404, "foreign and missing are 404");
    check(foreign.error !== undefined && missing.error !== undefined, "both answer an error body");
    check(foreign.error.code === 5 && missing.error.code === 5, "both are NOT_FOUND (5)");
    check(
      foreign.error.message.replace(application, "<id>") === missing.error.message.replace(unknownId, "<id>"),
      `both say the same: ${foreign.error.message} / ${missing.error.message}`,
    );
  }

  // The office finds it in the edition's inbox, filtered by voivodeship.
  {
    const { data } = await office.GET("/v1/editions/{edition}/applications", {
      params: { path: { edition: code }, query: { voivodeship: "24" } },
    });
    check(
      (data?.applications ?? []).some((a) => a.id === application && a.jstName === "Świętochłowice"),
      "the inbox lists the application",
    );
  }
  return { edition: code, application, participant };
}

main().then(
  (made) => {
    console.log(JSON.stringify(made));
  },
  (failure: unknown) => {
    console.error(failure instanceof StepFailed ? `step failed: ${failure.message}` : failure);
    process.exit(1);
  },
);
