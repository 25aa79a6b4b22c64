/**
 * The roster warnings for people who had left at the last scan and whose departure the roster no
 * longer shows (core/vanished-departures.ts): one for those no longer on it, one for those on it
 * without a departure. Each says who they are, what the scan did with their findings, and how to
 * accept the change when it is real: HR purged its leavers after a retention period, or took a
 * termination back.
 */
import type { VanishedDeparture, VanishedKind } from "../core/vanished-departures.ts";

/** People named in a warning; the rest are counted. */
const NAMED = 3;

type Acceptance = { by: string; reason: string };

/** The warnings, people no longer on the roster first; none when nobody's departure vanished. */
export function vanishedDepartureWarnings(
  vanished: readonly VanishedDeparture[],
  rosterId: string,
  accepted: Acceptance | undefined,
): string[] {
  const warnings: string[] = [];
  for (const kind of ["removed", "undated"] as const) {
    const people = vanished.filter((v) => v.kind === kind);
    if (people.length > 0) warnings.push(warningFor(kind, people, rosterId, accepted));
  }
  return warnings;
}

function warningFor(
  kind: VanishedKind,
  people: readonly VanishedDeparture[],
  rosterId: string,
  accepted: Acceptance | undefined,
): string {
  const named = people.slice(0, NAMED).map(describe).join(", ");
  const more = people.length > NAMED ? ` and ${people.length - NAMED} more` : "";
  const one = people.length === 1;
  const leavers = one ? "1 leaver of the last scan" : `${people.length} leavers of the last scan`;
  const accept = `--accept-source-change ${rosterId} --by WHO --reason TEXT`;
  if (kind === "removed") {
    const head = `${leavers} ${one ? "is" : "are"} no longer on the roster: ${named}${more}.`;
    if (accepted !== undefined) {
      return `${head} Accepted by ${accepted.by} (${JSON.stringify(accepted.reason)}): their findings resolve, and their accounts still enabled become orphan accounts.`;
    }
    return `${head} Their findings stay open, and their accounts are not called orphans, until they are listed again or the change is accepted. If HR purged them on purpose (after a retention period, say), accept it once (${accept}).`;
  }
  const head = `${leavers} ${one ? "shows" : "show"} no departure now (no termination date, no later hire date): ${named}${more}.`;
  if (accepted !== undefined) {
    return `${head} Accepted by ${accepted.by} (${JSON.stringify(accepted.reason)}): they count as staff, and their findings resolve.`;
  }
  return `${head} Their findings stay open until the date returns or the change is accepted (${accept}).`;
}

function describe(departure: VanishedDeparture): string {
  const left =
    departure.terminationDate !== undefined
      ? `last day ${departure.terminationDate}`
      : `left ${departure.departedAt}`;
  return `${departure.employeeId} (${left})`;
}
