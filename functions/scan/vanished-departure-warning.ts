/**
 * The roster warning for people who had left at the last scan and whose record no longer says so
 * (core/vanished-departures.ts): who they are, what the scan did with their findings, and how to
 * accept the change when HR really took the terminations back.
 */
import type { VanishedDeparture } from "../core/vanished-departures.ts";

/** People named in the warning; the rest are counted. */
const NAMED = 5;

export function vanishedDepartureWarning(
  vanished: readonly VanishedDeparture[],
  rosterId: string,
  accepted: { by: string; reason: string } | undefined,
): string {
  const who =
    vanished.length === 1
      ? "1 person who had left at the last scan no longer shows"
      : `${vanished.length} people who had left at the last scan no longer show`;
  const named = vanished.slice(0, NAMED).map(describe).join(", ");
  const more = vanished.length > NAMED ? ` and ${vanished.length - NAMED} more` : "";
  const head = `${who} a departure (no termination date, and no later hire date): ${named}${more}.`;
  if (accepted !== undefined) {
    return `${head} The change was accepted by ${accepted.by} (${JSON.stringify(accepted.reason)}): they count as staff again, and findings about what they left behind resolve.`;
  }
  return (
    `${head} Their findings stay open: a date missing from the export is not evidence that they stayed. ` +
    `If HR took these terminations back, accept the change once with --accept-source-change ${rosterId} --by WHO --reason TEXT.`
  );
}

function describe(departure: VanishedDeparture): string {
  const left =
    departure.terminationDate !== undefined
      ? `last day ${departure.terminationDate}`
      : `left ${departure.departedAt}`;
  return `${departure.employeeId} (${left})`;
}
