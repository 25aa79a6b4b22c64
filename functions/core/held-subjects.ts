/**
 * Subjects a source could not vouch for in a scan (SPEC §5: "a rejection is not evidence of a fix"):
 * records it rejected whose id was still readable, and records it kept after dropping a malformed
 * field. Findings on these subjects are not resolved by that scan.
 */
import type { SubjectType } from "./finding.ts";

/** The subject types a source record can be: what each source kind's records are findings about. */
export type HeldSubjectType = Extract<SubjectType, "account" | "asset" | "person" | "resource">;

export interface HeldSubjects {
  /** Subject keys (`subjectKey`): `account:<id>`, `person:<employeeId>`, `asset:<id>`, `resource:<id>`. */
  keys: ReadonlySet<string>;
  /** More were held than could be kept: nothing this source feeds may be resolved. */
  all: boolean;
}

/** The key a held subject is listed under: a finding's `subject`, or `person:<personId>`. */
export function subjectKey(type: SubjectType, id: string): string {
  return `${type}:${id}`;
}
