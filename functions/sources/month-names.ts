/**
 * Month names, full and abbreviated, in English and in the languages of European exports:
 * German, French, Spanish, Italian, Portuguese, Dutch, Swedish, Danish, Norwegian, Finnish, Polish
 * and Czech (`Januar`, `janv.`, `enero`, `gen`, `mrt`, `maj`…), as `Intl` names them, in the forms
 * used beside a day (`15. März`, Czech and Polish genitives) and alone. Accents and a final point
 * are ignored (`févr.`, `fevr`), and so is case.
 *
 * No name means two months in these languages (test/sources/month-names.test.ts checks it), so a
 * name needs no language. English is built at once; the others on the first word English lacks.
 */

const ENGLISH: ReadonlyMap<string, number> = new Map(
  [
    ["jan", "january"],
    ["feb", "february"],
    ["mar", "march"],
    ["apr", "april"],
    ["may", "may"],
    ["jun", "june"],
    ["jul", "july"],
    ["aug", "august"],
    ["sep", "september", "sept"],
    ["oct", "october"],
    ["nov", "november"],
    ["dec", "december"],
  ].flatMap((names, index) => names.map((name): [string, number] => [name, index + 1])),
);

export const MONTH_NAME_LOCALES = ["de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs"];

/** Abbreviations spreadsheets write that `Intl` does not: German Excel's `MMM` writes March `Mrz`. */
const SPREADSHEET_ABBREVIATIONS: ReadonlyMap<string, number> = new Map([["mrz", 3]]);

let otherLanguages: ReadonlyMap<string, number> | undefined;

/** The month (1–12) `word` names, or undefined. */
export function monthOfName(word: string): number | undefined {
  const key = monthKey(word);
  const english = ENGLISH.get(key);
  if (english !== undefined) return english;
  otherLanguages ??= monthNamesOf(MONTH_NAME_LOCALES);
  return otherLanguages.get(key);
}

/** How a month name is compared: without accents, a final point or case. */
export function monthKey(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").replace(/\.$/, "").toLowerCase();
}

/** Every month name `Intl` writes in `locales`, keyed by monthKey; a name two months share is left out. */
export function monthNamesOf(locales: readonly string[]): ReadonlyMap<string, number> {
  return monthNamesAndClashes(locales).names;
}

/** The month names of `locales`, and those that name two different months (left out of `names`). */
export function monthNamesAndClashes(locales: readonly string[]): {
  names: ReadonlyMap<string, number>;
  shared: ReadonlySet<string>;
} {
  const names = new Map<string, number>(SPREADSHEET_ABBREVIATIONS);
  const shared = new Set<string>();
  for (const locale of locales) {
    for (const month of ["long", "short"] as const) {
      const beside = new Intl.DateTimeFormat(locale, { day: "numeric", month, timeZone: "UTC" });
      const alone = new Intl.DateTimeFormat(locale, { month, timeZone: "UTC" });
      for (let index = 0; index < 12; index++) {
        const day = new Date(Date.UTC(2025, index, 15));
        const besideDay = beside.formatToParts(day).find((part) => part.type === "month")?.value;
        for (const name of [besideDay, alone.format(day)]) {
          if (name === undefined || /\d/.test(name)) continue;
          const key = monthKey(name);
          const known = names.get(key) ?? ENGLISH.get(key);
          if (known !== undefined && known !== index + 1) shared.add(key);
          names.set(key, index + 1);
        }
      }
    }
  }
  for (const key of shared) names.delete(key);
  return { names, shared };
}
