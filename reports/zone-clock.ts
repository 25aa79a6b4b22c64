/**
 * Instants and calendar dates as a reader in the org reads them — `2 Aug 2025, 00:00 EDT`,
 * `1 Aug 2025` — for evidence in the report and in emails. Digests are rendered thousands of times a
 * night and repeat the same deadlines (a leaver's accounts share them, leavers share days), so one
 * `Intl.DateTimeFormat` serves each zone and each distinct instant is formatted once.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** An ISO 8601 timestamp with an offset, as rules and sources write instants. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The same, inside other text (`AKIA…: last used 2025-01-02T15:00:00.000Z`). */
const ISO_INSTANT_IN_TEXT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;
/** Per zone; cleared when full, so a long-lived process cannot grow it without limit. */
const TEXTS_LIMIT = 20_000;

/** A UTC day's offset from the zone and the zone's name then, when they hold all day (no change). */
interface DayZone {
  offsetMs: number;
  name: string;
}

const DAY_MS = 86_400_000;

export class ZoneClock {
  private readonly format: Intl.DateTimeFormat | undefined;
  private readonly texts = new Map<string, string>();
  /** By UTC day number; `null`: the offset changes that day (a DST switch), format each instant. */
  private readonly days = new Map<number, DayZone | null>();

  constructor(readonly zone: string) {
    this.format = formatFor(zone);
  }

  /** `2 Aug 2025, 00:00 EDT`; undefined when `text` is not an ISO instant with an offset. */
  instant(text: string): string | undefined {
    const known = this.texts.get(text);
    if (known !== undefined) return known;
    if (!ISO_INSTANT.test(text)) return undefined;
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) return undefined;
    const formatted = this.format === undefined ? text : this.render(this.format, ms);
    if (this.texts.size >= TEXTS_LIMIT) this.texts.clear();
    this.texts.set(text, formatted);
    return formatted;
  }

  /** `text` with every ISO instant in it formatted. */
  instantsIn(text: string): string {
    return text.replace(ISO_INSTANT_IN_TEXT, (iso) => this.instant(iso) ?? iso);
  }

  /**
   * Intl's formatToParts costs tens of microseconds; a night's evidence has tens of thousands of
   * distinct instants but far fewer distinct days. Within a UTC day whose offset does not change,
   * the local time is the UTC time shifted by that day's offset.
   */
  private render(format: Intl.DateTimeFormat, ms: number): string {
    const dayNumber = Math.floor(ms / DAY_MS);
    let zone = this.days.get(dayNumber);
    if (zone === undefined) {
      zone = dayZone(format, dayNumber * DAY_MS);
      if (this.days.size >= TEXTS_LIMIT) this.days.clear();
      this.days.set(dayNumber, zone);
    }
    if (zone === null) return this.renderParts(format, ms);
    const local = new Date(ms + zone.offsetMs);
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()}, ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} ${zone.name}`;
  }

  private renderParts(format: Intl.DateTimeFormat, ms: number): string {
    let day = "";
    let month = "";
    let year = "";
    let hour = "";
    let minute = "";
    let zoneName = "";
    for (const part of format.formatToParts(ms)) {
      if (part.type === "day") day = part.value;
      else if (part.type === "month") month = MONTHS[Number(part.value) - 1] ?? part.value;
      else if (part.type === "year") year = part.value;
      else if (part.type === "hour") hour = part.value;
      else if (part.type === "minute") minute = part.value;
      else if (part.type === "timeZoneName") zoneName = part.value;
    }
    return `${day} ${month} ${year}, ${hour}:${minute} ${zoneName}`;
  }
}

/** The zone's offset and name through the UTC day starting at `dayStart`, or null if they change in it. */
function dayZone(format: Intl.DateTimeFormat, dayStart: number): DayZone | null {
  const first = offsetAt(format, dayStart);
  const last = offsetAt(format, dayStart + DAY_MS - 60_000);
  return first.offsetMs === last.offsetMs && first.name === last.name ? first : null;
}

function offsetAt(format: Intl.DateTimeFormat, ms: number): DayZone {
  const fields: Record<string, number> = {};
  let name = "";
  for (const part of format.formatToParts(ms)) {
    if (part.type === "timeZoneName") name = part.value;
    else if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const localAsUtc = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
  );
  // The whole minute the instant is in: seconds are not shown.
  return { offsetMs: localAsUtc - (ms - (((ms % 60_000) + 60_000) % 60_000)), name };
}

/** `1 Aug 2025` from `2025-08-01` (a calendar day: no zone to convert); undefined for anything else. */
export function formatCalendarDate(text: string): string | undefined {
  const match = ISO_DATE.exec(text);
  if (match === null) return undefined;
  const [, year, month, day] = match;
  const name = MONTHS[Number(month) - 1];
  return name === undefined ? undefined : `${Number(day)} ${name} ${year}`;
}

const clocks = new Map<string, ZoneClock>();

/** The shared clock of a zone. */
export function zoneClock(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (clock === undefined) {
    clock = new ZoneClock(zone);
    clocks.set(zone, clock);
  }
  return clock;
}

/** An unknown zone (it was validated with the config, so only a hand-made result has one) shows ISO text. */
function formatFor(zone: string): Intl.DateTimeFormat | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
