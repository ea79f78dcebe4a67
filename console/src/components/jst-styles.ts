// Styles of a JST's page and its parts (jst-*.ts): facts as a description
// list, tables as the registry's.
import { css } from "lit";

export const jstStyles = css`
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0 0 1rem;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
  .warning {
    font-weight: 600;
    color: #b00020;
  }
`;
