/**
 * The words HR systems write in a roster's status column, and what each means for deprov
 * (SPEC §3). Departure is decided by dates; the status is the HR system's own word for the person,
 * kept as evidence. Words are matched after `normalizeStatusWord` (any case, surrounding spaces,
 * and inner spaces, hyphens, underscores and punctuation all count as one space), so `Pre-Hire`,
 * `pre hire` and `PRE_HIRE` are one word.
 *
 * Where the words come from (each system's documentation):
 * - BambooHR: the employee `status` field is `Active` or `Inactive` (terminated); reports list
 *   "Inactive" people only when asked (BambooHR API, employees directory and custom reports).
 * - Workday: worker reports write `Active`, `Terminated` and `On Leave`; a leave type with the
 *   "Inactivate Worker" effect shows the worker as inactive; rescinded hires are `Withdrawn`.
 * - HiBob: lifecycle statuses `Hired` (start date in the future), `Employed`, `Leave`,
 *   `Garden leave` and `Terminated` (help.hibob.com, "Employee life cycle statuses"); its
 *   `employee.left` webhook fires for Terminated or Garden leave, whichever comes first
 *   (apidocs.hibob.com, "Employee terminated"), so garden leave counts as having left.
 * - Personio: the employee `status` is one of `active`, `onboarding`, `leave`, `inactive`
 *   (developer.personio.de, "Employee API: added status field").
 * - ADP Workforce Now: `workerStatus.statusCode.codeValue` is `Active`, `Inactive`, `Leave` or
 *   `Terminated`; the X12 employment status codes (element 584) that payroll exports follow add
 *   `Leave of Absence`, `Retired`, `Deceased`, `Suspended`.
 * - Oracle: an assignment's status in Fusion HCM is `Active - Payroll Eligible`, `Active - No
 *   Payroll`, `Suspended - …` (on leave) or `Inactive - …` (after termination), the seeded values of
 *   its three status types; E-Business Suite HRMS shows its system statuses `Active Assignment`,
 *   `Suspend Assignment` (leave of absence) and `Terminate Assignment` (Oracle HRMS help,
 *   "Assignment Statuses").
 */
import type { PersonStatus } from "../core/model.ts";

/** The statuses a word can stand for (`unknown` is what an unmapped word becomes, never a target). */
export type KnownPersonStatus = Exclude<PersonStatus, "unknown">;

const ACTIVE: readonly string[] = [
  "active",
  "employed",
  "current",
  "working",
  // Not started yet: not departed either. HiBob `Hired`, Personio `onboarding`, Workday pre-hires.
  "hired",
  "pre hire",
  "prehire",
  "pending hire",
  "pending",
  "onboarding",
  "new hire",
  "active assignment",
  "active payroll eligible",
  "active no payroll",
];

const TERMINATED: readonly string[] = [
  "terminated",
  "termed",
  "inactive",
  "withdrawn",
  "retired",
  "retiree",
  "deceased",
  "resigned",
  "dismissed",
  "separated",
  "left",
  "former",
  "former employee",
  "ex employee",
  "offboarded",
  "garden leave",
  "end of contract",
  "contract ended",
  "terminate assignment",
  "inactive payroll eligible",
  "inactive no payroll",
];

const LEAVE: readonly string[] = [
  "leave",
  "on leave",
  "leave of absence",
  "loa",
  "paid leave",
  "unpaid leave",
  "leave with pay",
  "leave without pay",
  "parental leave",
  "maternity leave",
  "paternity leave",
  "medical leave",
  "sick leave",
  "sabbatical",
  "furlough",
  "furloughed",
  "suspended",
  "temporary leave",
  "suspend assignment",
  "suspended payroll eligible",
  "suspended no payroll",
];

/** Every built-in word, normalized, and the status it stands for. */
export const HR_STATUS_WORDS: ReadonlyMap<string, KnownPersonStatus> = new Map([
  ...ACTIVE.map((word): [string, KnownPersonStatus] => [word, "active"]),
  ...TERMINATED.map((word): [string, KnownPersonStatus] => [word, "terminated"]),
  ...LEAVE.map((word): [string, KnownPersonStatus] => [word, "leave"]),
]);

/** `  Leave-of_Absence. ` → `leave of absence`. */
export function normalizeStatusWord(word: string): string {
  return word
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * The word table of one source: its own `statusValues` (site-specific words, which win) over the
 * built-in words. Returns a lookup from a raw status text to its status, `undefined` when unknown.
 */
export function statusWordLookup(
  statusValues: Readonly<Record<string, KnownPersonStatus>> | undefined,
): (raw: string) => KnownPersonStatus | undefined {
  const own = new Map<string, KnownPersonStatus>();
  for (const [word, status] of Object.entries(statusValues ?? {})) own.set(normalizeStatusWord(word), status);
  // Most rosters repeat a handful of words: remember each raw text once.
  const seen = new Map<string, KnownPersonStatus | undefined>();
  return (raw) => {
    if (seen.has(raw)) return seen.get(raw);
    const word = normalizeStatusWord(raw);
    const status = own.get(word) ?? HR_STATUS_WORDS.get(word);
    if (seen.size < 1_000) seen.set(raw, status);
    return status;
  };
}
