// A screen's choices (edition, filters) live in the address's query, so a
// link, a reload or the back button shows the same; written with
// replaceState (a choice is not a new page in the history).
export type QueryValues = Readonly<Record<string, string | readonly string[] | undefined>>;

export function readQuery(): URLSearchParams {
  return new URLSearchParams(location.search);
}

// Replaces the query with `values`: empty strings, empty lists and
// undefined are left out; a list becomes a repeated parameter.
export function writeQuery(values: QueryValues): void {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const item of typeof value === "string" ? [value] : value) if (item !== "") query.append(name, item);
  }
  const search = query.toString();
  history.replaceState(history.state, "", `${location.pathname}${search ? `?${search}` : ""}`);
}
