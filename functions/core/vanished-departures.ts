/**
 * People the last scan knew as departed whose departure the roster no longer shows: their row is
 * gone, or it has no termination date or instant and no later hire date that would make them a
 * rehire.
 *
 * HR rarely takes a termination back; an export loses a date far more often (a column emptied by
 * a permission change, a value Excel or pandas wrote as `N/A` or `NaN`, a report that stopped
 * joining the termination table). HR systems also purge terminated people after a retention
 * period, and a report can stop including them. Either way the person would read as someone who
 * stayed, or as no one at all, and every finding about what they left behind would resolve. A
 * missing date or row is not evidence of a fix (SPEC §5): the scan holds those findings open until
 * the departure shows again, or someone accepts the roster's change.
 */
import type { Person } from "./model.ts";
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

/** `removed`: the person is no longer on the roster; `undated`: their row shows no departure. */
export type VanishedKind = "removed" | "undated";

export interface VanishedDeparture {
  employeeId: string;
  kind: VanishedKind;
  departedAt: string;
  terminationDate?: string;
}

/**
 * The people in `previous` who had departed and whose departure the roster does not show now: no
 * longer on it, or on it with neither a termination nor a rehire. A termination moved to a later
 * date is data, not absence: it is not listed.
 */
export function vanishedDepartures(
  previous: Readonly<Record<string, RememberedDeparture>>,
  peopleById: ReadonlyMap<string, PersonFacts>,
): VanishedDeparture[] {
  const vanished: VanishedDeparture[] = [];
  for (const [employeeId, remembered] of Object.entries(previous)) {
    if (remembered.departedAt === undefined) continue;
    const kind = vanishedKind(peopleById.get(employeeId), remembered);
    if (kind === undefined) continue;
    vanished.push({
      employeeId,
      kind,
      departedAt: remembered.departedAt,
      ...(remembered.terminationDate !== undefined ? { terminationDate: remembered.terminationDate } : {}),
    });
  }
  return vanished.sort((a, b) => compareText(a.employeeId, b.employeeId));
}

/** How a departed person's departure went missing, or `undefined` when the roster still shows it (or a rehire). */
function vanishedKind(
  facts: PersonFacts | undefined,
  remembered: RememberedDeparture,
): VanishedKind | undefined {
  if (facts === undefined) return "removed";
  if (facts.terminationInstant !== undefined || rehiredSince(facts.person, remembered)) return undefined;
  return "undated";
}

/**
 * Whether the person was hired again after the departure the last scan read. HR often clears the
 * old termination date when it rehires someone (or the roster keeps the old row beside a new one,
 * and the later hire wins), so the row alone cannot say: its hire date is compared with the
 * remembered last day. A departure read from an exact instant alone has no last day: the
 * instant's UTC date stands in.
 */
function rehiredSince(person: Person, remembered: RememberedDeparture): boolean {
  if (isRehire(person)) return true;
  const lastDay = remembered.terminationDate ?? remembered.departedAt?.slice(0, 10);
  // ISO dates compare correctly as strings.
  return person.hireDate !== undefined && lastDay !== undefined && person.hireDate > lastDay;
}
