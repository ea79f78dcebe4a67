// Messages of the tasks between modules (components/tasks-page.ts) and the shuttle and rooming sign-up (components/logistics-page.ts), in both languages; pl.ts and en.ts include them.
// The English object is typed by the Polish one's keys, so the compiler
// refuses a missing or extra key.
export const tasksPl = {};

export const tasksEn: Readonly<Record<keyof typeof tasksPl, string>> = {};
