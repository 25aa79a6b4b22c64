/**
 * People the last scan knew as departed whose roster record no longer shows a departure: no
 * termination date or instant, and no later hire date that would make them a rehire.
 *
 * HR rarely takes a termination back; an export loses a date far more often (a column emptied by
 * a permission change, a value Excel or pandas wrote as `N/A` or `NaN`, a report that stopped
 * joining the termination table). Either way the person would read as someone who stayed, and
 * every finding about what they left behind would resolve. A missing date is not evidence of a
 * fix (SPEC §5): the scan holds those findings open until the departure shows again, or someone
 * accepts the roster's change.
 */
import { compareText } from "./order.ts";
import { isRehire } from "./person-facts.ts";
import type { PersonFacts } from "./scan-context.ts";

/** What the last scan remembered of a departed person. */
export interface RememberedDeparture {
  /** ISO 8601: the termination instant the last scan read. */
  departedAt?: string;
  /** `YYYY-MM-DD`, the last day of employment the last scan read. */
  terminationDate?: string;
}

export interface VanishedDeparture {
  employeeId: string;
  departedAt: string;
  terminationDate?: string;
}

/**
 * The people in `previous` who had departed and are still on the roster, with neither a
 * termination nor a rehire now. A termination moved to a later date is data, not absence: it is
 * not listed. Nor is a person missing from the roster: their accounts no longer match anyone, and
 * the rules report those.
 */
export function vanishedDepartures(
  previous: Readonly<Record<string, RememberedDeparture>>,
  peopleById: ReadonlyMap<string, PersonFacts>,
): VanishedDeparture[] {
  const vanished: VanishedDeparture[] = [];
  for (const [employeeId, remembered] of Object.entries(previous)) {
    if (remembered.departedAt === undefined) continue;
    const facts = peopleById.get(employeeId);
    if (facts === undefined || facts.terminationInstant !== undefined || isRehire(facts.person)) continue;
    vanished.push({
      employeeId,
      departedAt: remembered.departedAt,
      ...(remembered.terminationDate !== undefined ? { terminationDate: remembered.terminationDate } : {}),
    });
  }
  return vanished.sort((a, b) => compareText(a.employeeId, b.employeeId));
}
