// On a case's page: the case's expert pair: the proposal or a choice by hand (office) (issue 19): a placeholder until it is built.
import { LitElement, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Case } from "./jst-case.js";

@customElement("jst-case-assignment")
export class CaseAssignment extends LitElement {
  @property({ attribute: false }) kase: Case | undefined;

  override render() {
    return nothing;
  }
}
