// On a case's page: an activity to record on the case (expert) (issue 19): a placeholder until it is built.
import { LitElement, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Case } from "./jst-case.js";

@customElement("jst-case-activity-form")
export class CaseActivityForm extends LitElement {
  @property({ attribute: false }) kase: Case | undefined;

  override render() {
    return nothing;
  }
}
