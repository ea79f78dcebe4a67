// Europe/Warsaw's wall clock, as the API's local fields take it
// (`startsLocal`, `dueLocal`, `signupDeadlineLocal`: "YYYY-MM-DDTHH:MM").
const WARSAW = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Warsaw",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

// An instant (milliseconds or RFC 3339) as Warsaw's local "YYYY-MM-DDTHH:MM";
// "" for none (an API field left out or empty).
export function warsawLocal(instant: number | string | undefined): string {
  if (instant === undefined || instant === "") return "";
  return WARSAW.format(new Date(instant)).replace(" ", "T");
}
