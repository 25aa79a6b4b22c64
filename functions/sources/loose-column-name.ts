/**
 * How a CSV header name is compared with the config's column when it does not match exactly:
 * ignoring case (`Work email`), and any run of white space as one space. Exports and hand-kept
 * sheets write header names that look the same and are not: a no-break space (`Employee ID`
 * copied from a web page), two spaces, a heading wrapped onto two lines in Excel (`Hire⏎Date`), a
 * zero-width space or a byte order mark left in a pasted name. Each made the column "not in the
 * header", in a message whose list of names showed it there.
 */

/** Characters that take no space: zero-width space, joiners, word joiner, byte order mark. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const WHITE_SPACE = /\s+/g;

export function looseColumnName(name: string): string {
  return name.normalize("NFKC").replace(INVISIBLE, "").replace(WHITE_SPACE, " ").trim().toLowerCase();
}
