// The 16 voivodeships by their TERYT codes (even, 02..32). Their names are
// proper names, written the same in every language of the console.
export const VOIVODESHIPS: ReadonlyArray<readonly [code: string, name: string]> = [
  ["02", "dolnośląskie"],
  ["04", "kujawsko-pomorskie"],
  ["06", "lubelskie"],
  ["08", "lubuskie"],
  ["10", "łódzkie"],
  ["12", "małopolskie"],
  ["14", "mazowieckie"],
  ["16", "opolskie"],
  ["18", "podkarpackie"],
  ["20", "podlaskie"],
  ["22", "pomorskie"],
  ["24", "śląskie"],
  ["26", "świętokrzyskie"],
  ["28", "warmińsko-mazurskie"],
  ["30", "wielkopolskie"],
  ["32", "zachodniopomorskie"],
];

export function voivodeshipName(code: string): string {
  return VOIVODESHIPS.find(([candidate]) => candidate === code)?.[1] ?? code;
}
