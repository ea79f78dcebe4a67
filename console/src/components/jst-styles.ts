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
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: 0.4rem 0.6rem;
    border-bottom: 1px solid #767676;
  }
  caption {
    text-align: left;
    font-weight: 600;
    padding: 0.4rem 0;
  }
  .warning {
    font-weight: 600;
    color: #b00020;
  }
`;
