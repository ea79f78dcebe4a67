// Styles every component shares (constructed style sheets: allowed by the
// gateway's style-src 'self' without 'unsafe-inline'). Colours meet WCAG 2.1
// AA contrast: text #1b1b1b and links #0b3d91 on white, white on #0b3d91;
// the focus ring is yellow and black, visible on light and dark.
import { css } from "lit";

export const shared = css`
  :host {
    color: #1b1b1b;
    font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif;
    line-height: 1.5;
  }
  a {
    color: #0b3d91;
  }
  a:focus-visible,
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  summary:focus-visible,
  [tabindex]:focus-visible {
    outline: 3px solid #1b1b1b;
    outline-offset: 2px;
    box-shadow: 0 0 0 2px #ffd54f;
  }
  button {
    font: inherit;
    padding: 0.4rem 0.9rem;
    border: 2px solid #0b3d91;
    border-radius: 4px;
    background: #0b3d91;
    color: #ffffff;
    cursor: pointer;
  }
  button.secondary {
    background: #ffffff;
    color: #0b3d91;
  }
  button[disabled] {
    background: #5a5a5a;
    border-color: #5a5a5a;
    cursor: default;
  }
  input,
  select,
  textarea {
    font: inherit;
    padding: 0.35rem 0.5rem;
    border: 2px solid #5a5a5a;
    border-radius: 4px;
    background: #ffffff;
    color: #1b1b1b;
  }
  textarea:focus-visible {
    outline: 3px solid #1b1b1b;
    outline-offset: 2px;
    box-shadow: 0 0 0 2px #ffd54f;
  }
  /* A screen's filters: labelled controls side by side, wrapping. */
  form.filters {
    display: flex;
    flex-wrap: wrap;
    gap: 1rem;
    align-items: flex-end;
    margin: 0 0 1rem;
  }
  form.filters label,
  form.filters .field {
    display: flex;
    flex-direction: column;
    font-weight: 600;
  }
  /* A field the API refused, and its message beside it. */
  [aria-invalid="true"] {
    border-color: #b00020;
  }
  .problem {
    margin: 0.3rem 0 0;
    color: #b00020;
    font-weight: 600;
  }
  .alert {
    border-left: 6px solid #b00020;
    background: #fdecee;
    padding: 0.6rem 1rem;
    margin: 1rem 0;
  }
  h1 {
    font-size: 1.6rem;
    margin: 0 0 1rem;
  }
  /* Tables: full width, a rule under each row, the caption as a heading. */
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
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

// A screen in sections, each under its heading.
export const sections = css`
  section {
    margin: 1.5rem 0;
  }
  h2 {
    font-size: 1.25rem;
    margin: 0 0 0.5rem;
  }
`;

// The programme parts' screens (issue 24): a part's heading, and the hint
// under a field or a heading.
export const partStyles = css`
  h2 {
    font-size: 1.3rem;
    margin: 1.5rem 0 0.5rem;
  }
  .hint {
    margin: 0.2rem 0 0.5rem;
    font-size: 0.9rem;
    color: #3d3d3d;
    max-width: 50rem;
  }
`;

// A form of fields one under another, each under its label, a text area as
// wide as the form.
export const stackedForm = css`
  form {
    display: grid;
    gap: 0.8rem;
    max-width: 40rem;
  }
  .field > label {
    display: block;
    font-weight: 600;
  }
  textarea {
    width: 100%;
    box-sizing: border-box;
  }
`;
