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

export class ZoneClock {
  private readonly format: Intl.DateTimeFormat | undefined;
  private readonly texts = new Map<string, string>();

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

  private render(format: Intl.DateTimeFormat, ms: number): string {
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
