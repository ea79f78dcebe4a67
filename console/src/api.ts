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

export const api = createClient<paths>({ baseUrl: location.origin });
api.use(bearer);
