/**
 * Jamf Pro `GET /api/v1/computers-inventory` (`{"totalCount":N,"results":[…]}`) with the sections
 * GENERAL, HARDWARE and USER_AND_LOCATION, exactly as the API returns it. The holder is the
 * inventory's user (`userAndLocation`: email, else username; none when both are empty); the serial
 * is `hardware.serialNumber`; `lastSeenAt` is the device's last check-in (`general.lastContactTime`).
 */
import type { AccountField, Asset, Instant } from "../core/model.ts";
import type { TimeParser } from "../core/time.ts";
import { type JsonElements, type JsonListing, readJsonListing } from "./json-listing.ts";
import {
  type FieldDrops,
  mapRecords,
  optionalObject,
  optionalString,
  RecordRejection,
} from "./json-records.ts";
import { isJsonObject, type JsonObject } from "./json-text.ts";
import { type ParseInput, type ParseOutput, SourceFormatError } from "./parser.ts";
import { describeValue, expectedGot, WHOLE_RECORD } from "./value-description.ts";

/** Assets carry no account fields. */
const JAMF_PROVIDES: ReadonlySet<AccountField> = new Set();
const COMPUTER = "computer";
const EXPECTED_TIMESTAMP = 'an ISO 8601 timestamp like "2026-11-20T08:15:42Z"';

export function parseJamf(input: ParseInput): ParseOutput {
  const { id: sourceId } = input.source;
  const { time } = input;
  return readJsonListing(input.text, input.file, ["results"], (listing) => {
    const results = resultsOf(listing, input.file);
    const { records, rejected, warnings, held } = mapRecords(
      results,
      "results",
      (raw, drops) => jamfComputer(raw, sourceId, time, drops),
      assetIdOf,
      "id",
      { type: "asset", rawId: rawIdOf },
    );
    return { records: { kind: "assets", records }, rejected, provides: JAMF_PROVIDES, warnings, held };
  });
}

/** The `results[]` of a complete listing; an error body or a single page of a longer listing fails the source. */
function resultsOf({ document: body, elements: results }: JsonListing, file: string): JsonElements {
  if (!isJsonObject(body)) {
    throw new SourceFormatError(
      file,
      `expected a GET /api/v1/computers-inventory response object, got ${describeValue(body)}`,
    );
  }
  if (Array.isArray(body.errors)) {
    // Jamf Pro errors: {"httpStatus":401,"errors":[{"code":"INVALID_TOKEN","description":"Unauthorized",…}]}
    const first: unknown = body.errors[0];
    const code = isJsonObject(first) ? describeValue(first.code) : "none";
    const status =
      typeof body.httpStatus === "number" ? `HTTP ${body.httpStatus}` : describeValue(body.httpStatus);
    throw new SourceFormatError(
      file,
      `expected a GET /api/v1/computers-inventory response, got API error (${status}) ${code}`,
    );
  }
  if (results === undefined) {
    throw new SourceFormatError(
      file,
      `field "results": expected an array of computers, got ${describeValue(body.results)}`,
    );
  }
  const total = body.totalCount;
  if (typeof total !== "number") {
    throw new SourceFormatError(
      file,
      `field "totalCount": expected the number of computers, got ${describeValue(total)}`,
    );
  }
  if (results.length < total) {
    // The API pages (page-size 100 by default): a partial listing would read as devices returned.
    throw new SourceFormatError(
      file,
      `results holds ${results.length} of ${total} computers: this is one page of the listing; fetch every page (page/page-size) and merge their results[] into one response`,
    );
  }
  return results;
}

function jamfComputer(raw: unknown, sourceId: string, time: TimeParser, drops: FieldDrops): Asset {
  if (!isJsonObject(raw)) throw new RecordRejection(WHOLE_RECORD, expectedGot("a computer object", raw));
  const general = optionalObject(raw, "general", "general");
  const hardware = optionalObject(raw, "hardware", "hardware");
  const user = optionalObject(raw, "userAndLocation", "userAndLocation");
  return {
    sourceId,
    assetId: idOf(raw),
    serial: hardware === undefined ? undefined : trimmed(hardware, "serialNumber", "hardware.serialNumber"),
    type: COMPUTER,
    assignedTo: user === undefined ? undefined : holderOf(user),
    // Jamf records no checkout time: the holder is as of the last inventory.
    assignedAt: undefined,
    status: undefined,
    lastSeenAt: general === undefined ? undefined : lastContactOf(general, time, drops),
  };
}

/** The id of a raw record that was rejected, when it has a usable one (its findings are then held). */
function rawIdOf(raw: unknown): string | undefined {
  if (!isJsonObject(raw)) return undefined;
  try {
    return idOf(raw);
  } catch {
    return undefined;
  }
}

/** Jamf Pro API ids are strings of digits ("1"); older clients wrote them as numbers. */
function idOf(raw: JsonObject): string {
  const id = raw.id;
  if (typeof id === "number" && Number.isSafeInteger(id)) return String(id);
  if (typeof id === "string" && id.trim() !== "") return id.trim();
  throw new RecordRejection("id", expectedGot("a non-empty string", id));
}

/** Email, else username: an email also correlates across the org's domains. */
function holderOf(user: JsonObject): string | undefined {
  return (
    trimmed(user, "email", "userAndLocation.email") ?? trimmed(user, "username", "userAndLocation.username")
  );
}

/** A malformed check-in time is dropped with a warning (the device is kept, its findings held). */
function lastContactOf(general: JsonObject, time: TimeParser, drops: FieldDrops): Instant | undefined {
  const text = trimmed(general, "lastContactTime", "general.lastContactTime");
  if (text === undefined) return undefined;
  const instant = time.instant(text);
  if (instant === undefined) drops.drop("general.lastContactTime", expectedGot(EXPECTED_TIMESTAMP, text));
  return instant;
}

function trimmed(record: JsonObject, key: string, field: string): string | undefined {
  const value = optionalString(record, key, field)?.trim();
  return value === "" ? undefined : value;
}

function assetIdOf(asset: Asset): string {
  return asset.assetId;
}
