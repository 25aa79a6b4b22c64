/**
 * The character between a CSV file's fields. Most exports use ','; Excel in countries whose
 * decimal mark is a comma (Germany, France, the Netherlands…) and HR systems there (Personio, SAP
 * SuccessFactors) write ';', and some reports are tab- or '|'-separated. A `csv` source may name
 * it (`delimiter`); otherwise it is read from the header line.
 */

import { CSV_DELIMITERS } from "../config/schema.ts";

export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * The header line's separator: ',' when the line has one outside quotes (so every comma-separated
 * file reads as it always has), else whichever of ';', tab and '|' it has most, else ','.
 */
export function detectDelimiter(body: string): CsvDelimiter {
  const counts = new Map<number, number>();
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) break;
    else if (!quoted) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  if ((counts.get(",".charCodeAt(0)) ?? 0) > 0) return ",";
  let best: CsvDelimiter = ",";
  let bestCount = 0;
  for (const delimiter of CSV_DELIMITERS) {
    const count = counts.get(delimiter.charCodeAt(0)) ?? 0;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/** The delimiter as messages name it. */
export function delimiterName(delimiter: CsvDelimiter): string {
  return delimiter === "\t" ? "tab" : `'${delimiter}'`;
}
