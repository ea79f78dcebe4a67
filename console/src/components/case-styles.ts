// Styles shared by a case's page and its commands (case-*.ts): the
// sections' headings.
import { css } from "lit";

export const caseStyles = css`
  h2 {
    font-size: 1.3rem;
    border-bottom: 2px solid #0b3d91;
    margin: 1.5rem 0 0.5rem;
  }
`;
