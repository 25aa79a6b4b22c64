/** Display formatting for the HTML report: counts, money, durations, instants in the org zone. */
import { DateTime } from "luxon";
import { DEFAULT_CURRENCY } from "../functions/core/money.ts";

const COUNT = new Intl.NumberFormat("en-US");
/** One formatter per currency: building one is far slower than using it, and digests format thousands. */
const MONEY = new Map<string, Intl.NumberFormat>();

export function formatCount(n: number): string {
  return COUNT.format(n);
}

const COMPACT = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
/** Below this a count is short enough to show exactly (`9,999`). */
const COMPACT_FROM = 10_000;
/** The longest compact label (`999.9K`); beyond the largest unit, scientific notation keeps it short. */
const MAX_COMPACT_CHARS = 6;

/**
 * `9,999`, `12.5K`, `200K`, `1.2M`: at most six characters at any magnitude, for labels with a
 * fixed width (chart axes). Exact wherever a reader will compare the number: tables, tooltips.
 */
export function formatCompactCount(n: number): string {
  if (Math.abs(n) < COMPACT_FROM) return COUNT.format(n);
  const compact = COMPACT.format(n);
  return compact.length <= MAX_COMPACT_CHARS ? compact : n.toExponential(1);
}

/** `$238,657.00`, `€1,200.00`, `¥5,000`: the currency's own symbol and decimals (ISO 4217 code). */
export function formatMoney(amount: number, currency: string = DEFAULT_CURRENCY): string {
  let format = MONEY.get(currency);
  if (format === undefined) {
    format = new Intl.NumberFormat("en-US", { style: "currency", currency });
    MONEY.set(currency, format);
  }
  return format.format(amount);
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

/** Formatted instants by zone and ISO text; cleared when full, so a long-lived process cannot grow it. */
const shortInstants = new Map<string, string>();
const SHORT_INSTANTS_LIMIT = 10_000;

/**
 * `2025-03-01 09:30 EST`: for dense lists (timelines, tables) where the zone is stated once above.
 * Kept per instant: luxon builds a new Intl.DateTimeFormat for the zone's name each time (~0.35 ms),
 * and every packet of an access review repeats the campaign's due date.
 */
export function formatInstantShort(iso: string, zone: string): string {
  const key = `${zone} ${iso}`;
  let text = shortInstants.get(key);
  if (text === undefined) {
    const instant = DateTime.fromISO(iso, { setZone: true });
    const local = instant.isValid ? instant.setZone(zone) : instant;
    text = local.isValid ? local.toFormat("yyyy-MM-dd HH:mm ZZZZ") : iso;
    if (shortInstants.size >= SHORT_INSTANTS_LIMIT) shortInstants.clear();
    shortInstants.set(key, text);
  }
  return text;
}

/**
 * A deadline for people: one that falls at midnight in the org's zone (`--due 2027-01-04` is the
 * end of that day) reads as the end of the day before — "end of 2027-01-04 EST" — not as the
 * first minute of the next, which a reviewer would take for a day's more time. Any other instant
 * reads as `formatInstantShort` writes it.
 */
export function formatDeadline(iso: string, zone: string): string {
  const instant = DateTime.fromISO(iso, { setZone: true });
  const local = instant.isValid ? instant.setZone(zone) : instant;
  if (
    !local.isValid ||
    local.hour !== 0 ||
    local.minute !== 0 ||
    local.second !== 0 ||
    local.millisecond !== 0
  )
    return formatInstantShort(iso, zone);
  return `end of ${local.minus({ days: 1 }).toFormat("yyyy-MM-dd")} ${local.minus({ milliseconds: 1 }).toFormat("ZZZZ")}`;
}

/** `2025-03-01`: the org-zone calendar date of an instant (chart axes). */
export function formatDateInZone(iso: string, zone: string): string {
  const instant = DateTime.fromISO(iso, { setZone: true });
  if (!instant.isValid) return iso;
  const local = instant.setZone(zone);
  return local.isValid ? local.toFormat("yyyy-MM-dd") : iso;
}

/** `92.5%`, at most one decimal, rounded down so 99.96% never reads as 100%. */
export function formatPercent(percent: number): string {
  return `${Math.floor(percent * 10) / 10}%`;
}

/** `+40 min`, `+3 h`, `+2 d 4 h`, `−1 h`: how long after a reference instant something happened. */
export function formatElapsed(ms: number): string {
  const sign = ms < 0 ? "−" : "+";
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${sign}${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${sign}${hours} h`;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest === 0 ? `${sign}${days} d` : `${sign}${days} d ${rest} h`;
}

/** Shortens long source text for table cells; the full value stays in findings.csv. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
