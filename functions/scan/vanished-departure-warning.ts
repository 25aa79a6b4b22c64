/**
 * The roster warning for people who had left at the last scan and whose record no longer says so
 * (core/vanished-departures.ts): who they are, what the scan did with their findings, and how to
 * accept the change when HR really took the terminations back.
 */
import type { VanishedDeparture } from "../core/vanished-departures.ts";

/** People named in the warning; the rest are counted. */
const NAMED = 3;

export function vanishedDepartureWarning(
  vanished: readonly VanishedDeparture[],
  rosterId: string,
  accepted: { by: string; reason: string } | undefined,
): string {
  const who =
    vanished.length === 1
      ? "1 leaver of the last scan shows"
      : `${vanished.length} leavers of the last scan show`;
  const named = vanished.slice(0, NAMED).map(describe).join(", ");
  const more = vanished.length > NAMED ? ` and ${vanished.length - NAMED} more` : "";
  const head = `${who} no departure now (no termination date, no later hire date): ${named}${more}.`;
  if (accepted !== undefined) {
    return `${head} Accepted by ${accepted.by} (${JSON.stringify(accepted.reason)}): they count as staff, and their findings resolve.`;
  }
  return `${head} Their findings stay open until the date returns or the change is accepted (--accept-source-change ${rosterId} --by WHO --reason TEXT).`;
}

function describe(departure: VanishedDeparture): string {
  const left =
    departure.terminationDate !== undefined
      ? `last day ${departure.terminationDate}`
      : `left ${departure.departedAt}`;
  return `${departure.employeeId} (${left})`;
}
