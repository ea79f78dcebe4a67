// Styles shared by a case's page and its commands (case-*.ts): the
// sections' headings and the commands' fieldsets.
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
