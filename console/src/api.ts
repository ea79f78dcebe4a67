// The API client: openapi-fetch over the types generated from the gateway's
// OpenAPI document at build time (generated/api.d.ts), same origin, the
// signed-in user's access token on every request.
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./generated/api.js";
import { store } from "./store.js";

const bearer: Middleware = {
  onRequest({ request }) {
    const token = store.session?.accessToken;
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
};

// (No page, as in the unit tests: no origin; nothing is called there.)
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? "" });
api.use(bearer);

// The query of one page of a list: `pageSize` rows (the largest pages the
// API gives unless told) after `pageToken` (none for the first page).
export interface PageQuery {
  readonly pageSize: number;
  readonly pageToken?: string;
}

// Every row of a paged list (THE one paging loop): `read` answers one
// page's rows and the next page's token ("" on the last).
export async function everyPage<T>(
  read: (query: PageQuery) => Promise<{ rows: T[]; next: string }>,
  pageSize = 500,
): Promise<T[]> {
  const rows: T[] = [];
  let pageToken = "";
  do {
    const page = await read({ pageSize, ...(pageToken ? { pageToken } : {}) });
    rows.push(...page.rows);
    pageToken = page.next;
  } while (pageToken !== "");
  return rows;
}
