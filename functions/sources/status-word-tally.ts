/**
 * Reads a roster's status words and keeps count of the ones it does not know. An unknown word keeps
 * the person, as `unknown` (SPEC §3): one warning per word, with how many records carry it and where
 * the first of them are, tells the owner what to add to the source's `statusValues`.
 */
import type { RecordWarning } from "../core/model.ts";
import { type KnownPersonStatus, normalizeStatusWord } from "./hr-status-words.ts";

/** Records named per unknown word; the count is always exact. */
const MAX_LOCATIONS = 5;

interface UnknownWord {
  /** As the first record wrote it (`Sabbatical 2` and ` sabbatical 2 ` are one word). */
  spelling: string;
  count: number;
  locations: string[];
}

export class StatusWordTally {
  private readonly unknown = new Map<string, UnknownWord>();

  constructor(private readonly lookup: (word: string) => KnownPersonStatus | undefined) {}

  /** The status `word` stands for; `unknown` (counted) when neither the source nor deprov knows it. */
  read(word: string, where: () => string): KnownPersonStatus | "unknown" {
    const status = this.lookup(word);
    if (status !== undefined) return status;
    const key = normalizeStatusWord(word);
    let entry = this.unknown.get(key);
    if (entry === undefined) {
      entry = { spelling: word, count: 0, locations: [] };
      this.unknown.set(key, entry);
    }
    entry.count++;
    if (entry.locations.length < MAX_LOCATIONS) entry.locations.push(where());
    return "unknown";
  }

  /** One warning per unknown word, most frequent first. */
  warnings(column: string): RecordWarning[] {
    return [...this.unknown]
      .sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : a > b ? 1 : 0))
      .map(([, { spelling: word, count, locations }]) => ({
        record: `${locations.join(", ")}${count > locations.length ? `, … (${count} records)` : ""}`,
        field: column,
        reason: `unknown status ${JSON.stringify(word)} on ${count} ${count === 1 ? "record" : "records"}: kept with status "unknown" (departure is decided by the dates); map the word in the source's "statusValues" to active, terminated or leave`,
      }));
  }
}
