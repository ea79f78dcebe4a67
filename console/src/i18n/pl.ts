// The Polish catalogue: the console's first language and the list of every
// message it shows. Placeholders are written {name} and filled by
// translate() (i18n/i18n.ts); the English catalogue must have the same keys
// (the compiler checks) and the same placeholders (i18n.test.ts). Each
// screen's own messages live in a module of their own, included here.
import { applicationsPl } from "./applications.js";
import { casesPl } from "./cases.js";
import { dashboardPl } from "./dashboard.js";
import { exportsPl } from "./exports.js";
import { indicatorsPl } from "./indicators.js";
import { jstPl } from "./jst.js";
import { participantImportPl } from "./participant-import.js";
import { expertsPl } from "./experts.js";
import { officePl } from "./office.js";
import { trainingPl } from "./training.js";
import { tasksPl } from "./tasks.js";
import { staffPl } from "./staff.js";
import { overviewPl } from "./overview.js";

export const pl = {
  "app.programme": "Wsparcie JST w zarządzaniu oświatą",
  "app.console": "Konsola programu",
  "app.skipToContent": "Przejdź do treści",
  "app.menu": "Menu główne",
  "app.language": "Język",
  "app.signIn": "Zaloguj się",
  "app.signOut": "Wyloguj się",
  "app.signedInAs": "Zalogowano: {name} ({role})",
  "app.notFound": "Nie ma takiej strony w konsoli.",
  "app.notAllowed": "Ta strona nie jest dostępna dla Twojej roli.",
  "app.signInFirst": "Zaloguj się, aby korzystać z konsoli.",
  "app.signInNotConfigured":
    "Logowanie nie jest skonfigurowane na tym serwerze (brak wystawcy OpenID Connect). Skontaktuj się z administratorem.",
  "app.sessionExpired": "Sesja wygasła. Zaloguj się ponownie.",
  "app.signInFailed": "Logowanie nie powiodło się: {reason}",
  "app.loading": "Wczytywanie…",
  "role.ADMIN": "biuro programu",
  "role.COORDINATOR": "koordynator regionalny",
  "role.EXPERT": "ekspert",
  "role.TRAINER": "trener",
  "role.JST": "pracownik JST",
  "role.MINISTRY": "ministerstwo",
  "role.none": "brak roli",
  "screen.home": "Strona główna",
  "screen.dashboard": "Pulpit programu",
  "screen.indicators": "Wskaźniki",
  "screen.applications": "Wnioski",
  "screen.application": "Wniosek",
  "screen.cases": "Sprawy doradcze",
  "screen.case": "Sprawa doradcza",
  "screen.jsts": "Rejestr JST",
  "screen.jst": "Karta JST",
  "screen.exports": "Eksporty sprawozdawcze",
  "screen.overview": "Przegląd województwa",
  "screen.apply": "Nowy wniosek",
  "screen.officials": "Urzędnicy i ich szkolenie",
  "screen.tasks": "Zadania między modułami",
  "screen.logistics": "Dojazd i noclegi",
  "screen.sessions": "Zajęcia i obecność",
  "screen.session": "Lista obecności",
  "screen.module": "Plan modułu",
  "screen.calendars": "Kalendarze",
  "screen.editions": "Edycje i ustawienia",
  "screen.edition": "Edycja programu",
  "screen.experts": "Eksperci",
  "screen.expert": "Ekspert",
  "screen.participantImport": "Import uczestników",
  "screen.callback": "Logowanie",
  "home.welcome": "Witamy w konsoli programu.",
  "home.session": "Sesja ważna do {time}.",
  "home.chooseFromMenu": "Wybierz zadanie z menu.",
  "jsts.intro": "Wyszukaj jednostki samorządu terytorialnego w rejestrze TERYT.",
  "jsts.namePrefix": "Początek nazwy",
  "jsts.voivodeship": "Województwo",
  "jsts.kind": "Rodzaj",
  "jsts.any": "dowolne",
  "jsts.search": "Szukaj",
  "jsts.next": "Następna strona",
  "jsts.results": "Wyniki wyszukiwania",
  "jsts.count": "Na tej stronie: {count}",
  "jsts.none": "Nie znaleziono żadnej JST.",
  "jsts.teryt": "Kod TERYT",
  "jsts.name": "Nazwa",
  "jsts.cityWithCountyRights": "miasto na prawach powiatu",
  "jsts.registerDate": "Stan rejestru na",
  "kind.URBAN_COMMUNE": "gmina miejska",
  "kind.RURAL_COMMUNE": "gmina wiejska",
  "kind.URBAN_RURAL_COMMUNE": "gmina miejsko-wiejska",
  "kind.COUNTY": "powiat",
  "error.network": "Brak połączenia z serwerem. Sprawdź połączenie i spróbuj ponownie.",
  "error.unauthenticated": "Sesja wygasła lub jest nieważna. Zaloguj się ponownie.",
  "error.forbidden": "Nie masz uprawnień do tych danych.",
  "error.notFound": "Nie znaleziono: {message}",
  "error.badRequest": "Popraw dane: {message}",
  "error.badField": "Popraw pole „{field}”: {message}",
  "error.tooMany": "Zbyt wiele zapytań. Spróbuj ponownie za chwilę.",
  "error.unavailable": "Usługa jest chwilowo niedostępna. Spróbuj ponownie później.",
  "error.unexpected": "Wystąpił nieoczekiwany błąd (kod {status}).",
  "edition.label": "Edycja",
  "edition.option": "{name} ({code})",
  "chart.table": "Dane wykresu: {caption}",
  "chart.category": "Okres",
  ...dashboardPl,
  ...indicatorsPl,
  ...exportsPl,
  ...jstPl,
  ...applicationsPl,
  ...casesPl,
  ...participantImportPl,
  ...expertsPl,
  ...officePl,
  ...trainingPl,
  ...tasksPl,
  ...staffPl,
  ...overviewPl,
} as const;

export type MessageKey = keyof typeof pl;
export type Catalogue = Readonly<Record<MessageKey, string>>;
