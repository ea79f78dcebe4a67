// Messages of the e-learning screen (components/elearning-page.ts), in both
// languages; pl.ts and en.ts include them. The English object is typed by
// the Polish one's keys, so the compiler refuses a missing or extra key.
export const elearningPl = {
  "elearning.intro":
    "Kursy e-learningowe uzupełniające szkolenie i ich ukończenia, wczytywane z eksportu platformy e-learningowej. Ukończone kursy urzędnika widać w jego karcie szkolenia.",
  "elearning.courses.caption": "Kursy edycji {edition}",
  "elearning.courses.none": "Ta edycja nie ma jeszcze kursów e-learningowych.",
  "elearning.col.code": "Kod",
  "elearning.col.title": "Kurs",
  "elearning.col.hours": "Godziny",
  "elearning.col.completions": "Ukończenia",
  "elearning.course.heading": "Dodaj lub zmień kurs",
  "elearning.course.code": "Kod kursu na platformie",
  "elearning.course.title": "Nazwa kursu",
  "elearning.course.hours": "Liczba godzin",
  "elearning.course.submit": "Zapisz kurs",
  "elearning.course.saved": "Zapisano kurs {code}: {title}.",
  "elearning.import.heading": "Wczytaj ukończenia z platformy",
  "elearning.import.hint":
    "Plik CSV z eksportu platformy, kolumny: participant_id; course_code; completed_on (RRRR-MM-DD); score (nieobowiązkowa, 0–100). Cały plik jest sprawdzany przed zapisem: błędny wiersz oznacza, że nic nie zostanie zapisane.",
  "elearning.import.file": "Plik CSV",
  "elearning.import.submit": "Wczytaj ukończenia",
  "elearning.import.done": "Wczytano plik {file}: wierszy {rows}; nowe ukończenia {added}, z wcześniejszą datą {earlier}, bez zmian {unchanged}.",
} as const;

export const elearningEn: Readonly<Record<keyof typeof elearningPl, string>> = {
  "elearning.intro":
    "The e-learning courses that complement the training and their completions, loaded from the e-learning platform's export. An official's completed courses show in their training record.",
  "elearning.courses.caption": "Courses of edition {edition}",
  "elearning.courses.none": "This edition has no e-learning course yet.",
  "elearning.col.code": "Code",
  "elearning.col.title": "Course",
  "elearning.col.hours": "Hours",
  "elearning.col.completions": "Completions",
  "elearning.course.heading": "Add or change a course",
  "elearning.course.code": "The course's code on the platform",
  "elearning.course.title": "Course name",
  "elearning.course.hours": "Hours",
  "elearning.course.submit": "Save the course",
  "elearning.course.saved": "Course {code} saved: {title}.",
  "elearning.import.heading": "Load completions from the platform",
  "elearning.import.hint":
    "A CSV file of the platform's export, columns: participant_id; course_code; completed_on (YYYY-MM-DD); score (optional, 0–100). The whole file is checked before anything is written: one bad row and nothing is.",
  "elearning.import.file": "CSV file",
  "elearning.import.submit": "Load the completions",
  "elearning.import.done": "Loaded {file}: {rows} rows; new completions {added}, with an earlier day {earlier}, unchanged {unchanged}.",
};
