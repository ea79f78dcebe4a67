// Styles shared by a case's page and its commands (case-*.ts): the
// sections' headings, the commands' fieldsets and the forms' controls.
import { css } from "lit";

export const caseStyles = css`
  h2 {
    font-size: 1.3rem;
    border-bottom: 2px solid #0b3d91;
    margin: 1.5rem 0 0.5rem;
  }
`;

// A case command's fieldset under its legend (case-commands.ts,
// case-assignment.ts).
export const caseFieldsets = css`
  fieldset {
    border: 1px solid #767676;
    border-radius: 4px;
    margin: 0 0 0.75rem;
    padding: 0.5rem 1rem 0.75rem;
  }
  legend {
    font-weight: 600;
  }
`;

// A case form's controls (case-activity-form.ts, case-assignment.ts): what
// is typed in normal weight under its bold label, a text area as wide as
// the form.
export const caseControls = css`
  input,
  select,
  textarea {
    font-weight: normal;
  }
  textarea {
    width: 100%;
    box-sizing: border-box;
  }
`;
