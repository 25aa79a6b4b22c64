/**
 * Counts the records of an API export that lack a key the system writes on every record. In such
 * an API a null is the system's own word for "none" (a device in stock, a user who never signed
 * in), while a missing key means the export was cut down on its way (a `fields` or `attributes`
 * parameter, a script that kept some keys): the value is unknown, not none. One warning per key,
 * with the count and where the first such records are, says so once instead of once per record.
 */
import type { AccountField, RecordWarning } from "../core/model.ts";
import type { JsonObject } from "./json-text.ts";

/** Records named in the warning; the count is always exact. */
const MAX_LOCATIONS = 5;

export class AbsentKeyTally {
  private absent = 0;
  private readonly locations: string[] = [];

  /** @param label the records' array, as rejections name them (`rows`, `users`; `""` for a top-level array). */
  constructor(
    readonly key: string,
    private readonly label: string,
  ) {}

  /** Whether `record`, element `index`, lacks the key (JSON has no `undefined`: only a missing key reads so); counted when it does. */
  absentFrom(record: JsonObject, index: number): boolean {
    if (record[this.key] !== undefined) return false;
    this.note(index);
    return true;
  }

  /** Counts element `index` as one without a value for the key, for a format that reads a null so too. */
  note(index: number): void {
    this.absent++;
    if (this.locations.length < MAX_LOCATIONS) this.locations.push(`${this.label}[${index}]`);
  }

  /** How many records lacked the key. */
  get count(): number {
    return this.absent;
  }

  /** One warning naming the key and the first records without it, or none when every record had it. */
  warnings(reason: string): RecordWarning[] {
    if (this.absent === 0) return [];
    const more = this.absent > this.locations.length ? `, … (${this.absent} records)` : "";
    return [{ record: `${this.locations.join(", ")}${more}`, field: this.key, reason }];
  }
}

/** How an API that writes a last-login key on every user says "never signed in", and how to export it whole. */
export interface LastLoginKey {
  system: string;
  never: string;
  howToExport: string;
}

/**
 * What a source provides once its last-login keys are counted, and the warning when some were
 * missing. The model has no "unknown" last login for one account (none reads as never): one user
 * without the key leaves the source's sign-ins unproven, so none of them are judged.
 */
export function lastLoginsRead(
  tally: AbsentKeyTally,
  users: number,
  provides: ReadonlySet<AccountField>,
  api: LastLoginKey,
): { provides: ReadonlySet<AccountField>; warnings: RecordWarning[] } {
  if (tally.count === 0) return { provides, warnings: [] };
  return {
    provides: new Set([...provides].filter((field) => field !== "lastLoginAt")),
    warnings: tally.warnings(
      `no "${tally.key}" key in ${tally.count} of ${users} users: ${api.system} writes it on every user (${api.never} for one who never signed in), so their last sign-in is unknown; read without last sign-ins, so dormant-account and unused-license (for active people) are not evaluated on this source (${api.howToExport})`,
    ),
  };
}
