// The good-practice writes of the console, one way each: a status command
// (the practices screen and a case's page) and saving a draft (a case's
// page): the API's answer as openapi-fetch gives it.
import { api } from "../api.js";
import type { Practice, PracticeCommand } from "../practices.js";

// What a draft's form sends: the API assigns the rest.
export interface PracticeDraft {
  readonly title: string;
  readonly description: string;
  readonly keywords: string[];
  // A support area's id; "" keeps the case's (creating) or the draft's (editing).
  readonly supportArea: string;
}

// `command` for `practice` at the version shown (a return and a withdrawal
// with their reason).
export function sendPracticeCommand(practice: Practice, command: PracticeCommand, reason: string) {
  const body = { expectedVersion: practice.version ?? "0", ...(reason ? { reason } : {}) };
  const params = { path: { good_practice: practice.id ?? "" } };
  switch (command) {
    case "submit":
      return api.POST("/v1/good-practices/{good_practice}:submit", { params, body });
    case "publish":
      return api.POST("/v1/good-practices/{good_practice}:publish", { params, body });
    case "return":
      return api.POST("/v1/good-practices/{good_practice}:return", { params, body });
    case "withdraw":
      return api.POST("/v1/good-practices/{good_practice}:withdraw", { params, body });
  }
}

// A new draft of case `kase`, or the changed draft `editing` at the version
// shown.
export function saveDraft(kase: string, editing: Practice | null, draft: PracticeDraft) {
  const practice = { ...draft, keywords: [...draft.keywords] };
  return editing
    ? api.PUT("/v1/good-practices/{good_practice}", {
        params: { path: { good_practice: editing.id ?? "" } },
        body: { expectedVersion: editing.version ?? "0", practice },
      })
    : api.POST("/v1/cases/{case}/good-practices", { params: { path: { case: kase } }, body: practice });
}
