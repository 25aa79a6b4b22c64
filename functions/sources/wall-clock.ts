/**
 * The time of day in a written date (`17:30`, `5:30 PM`, `12:05 a.m.`) as ISO 8601's `HH:MM:SS`,
 * for the ISO reader to check. Shared by the readers of dates written out (date-order.ts,
 * written-dates.ts).
 */

/** `undefined` when a 12-hour clock reads an hour outside 1–12; other ranges the ISO reader checks. */
export function isoClock(
  hourText: string,
  minute: string,
  second: string | undefined,
  meridiem: string | undefined,
): string | undefined {
  let hour = Number(hourText);
  if (meridiem !== undefined) {
    // 12-hour clock: 12:xx AM is just after midnight, 12:xx PM just after noon.
    if (hour < 1 || hour > 12) return undefined;
    const pm = meridiem === "P" || meridiem === "p";
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return `${twoDigits(String(hour))}:${minute}:${second ?? "00"}`;
}

/** `5` → `05`: ISO 8601 writes months, days and hours with two digits. */
export function twoDigits(digits: string): string {
  return digits.length === 1 ? `0${digits}` : digits;
}
