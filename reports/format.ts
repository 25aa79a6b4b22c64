/** Display formatting for the HTML report: counts, money, durations, instants in the org zone. */
import { DateTime } from "luxon";

const COUNT = new Intl.NumberFormat("en-US");
const MONEY = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatCount(n: number): string {
  return COUNT.format(n);
}

export function formatMoney(amount: number): string {
  return MONEY.format(amount);
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * `2025-03-01 09:30 EST (America/New_York)`: the wall-clock time a compliance reader in the org
 * expects. Text that is not an ISO instant, or an unknown zone, is shown as given.
 */
export function formatInstantInZone(iso: string, zone: string): string {
  const instant = DateTime.fromISO(iso, { setZone: true });
  if (!instant.isValid) return iso;
  const local = instant.setZone(zone);
  if (!local.isValid) return iso;
  return `${local.toFormat("yyyy-MM-dd HH:mm ZZZZ")} (${zone})`;
}

/** Shortens long source text for table cells; the full value stays in findings.csv. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
