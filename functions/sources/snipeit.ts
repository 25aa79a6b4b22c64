/**
 * Snipe-IT `GET /api/v1/hardware` (`{"total":N,"rows":[…]}`), exactly as the API returns it.
 * The holder is `assigned_to` when it is a user (an asset checked out to a location or to another
 * asset has no person to chase); `assignedAt` is `last_checkout`, a wall-clock time in the server's
 * zone (taken as the org zone). Snipe-IT HTML-escapes strings in API output; they are decoded here.
 */
import type { AccountField, Asset, Instant } from "../core/model.ts";
import type { TimeParser } from "../core/time.ts";
import { decodeBasicHtmlEntities } from "./html-entities.ts";
import { type JsonElements, type JsonListing, readJsonListing } from "./json-listing.ts";
import {
  type FieldDrops,
  mapRecords,
  optionalObject,
  optionalString,
  RecordRejection,
  requiredString,
} from "./json-records.ts";
import { isJsonObject, type JsonObject } from "./json-text.ts";
import { type ParseInput, type ParseOutput, SourceFormatError } from "./parser.ts";
import { describeValue, expectedGot, WHOLE_RECORD } from "./value-description.ts";

/** Assets carry no account fields. */
const SNIPEIT_PROVIDES: ReadonlySet<AccountField> = new Set();

/** What `assigned_to.type` can be (`checkout_to_type` in Snipe-IT). */
const HOLDER_TYPES: ReadonlySet<string> = new Set(["user", "location", "asset"]);
const EXPECTED_HOLDER_TYPE = `one of ${[...HOLDER_TYPES].join(", ")}`;
const EXPECTED_DATE_TIME = 'a date and time like "2024-01-15 10:22:01"';

export function parseSnipeIt(input: ParseInput): ParseOutput {
  const { id: sourceId } = input.source;
  const { time } = input;
  return readJsonListing(input.text, input.file, ["rows"], (listing) => {
    const rows = rowsOf(listing, input.file);
    const { records, rejected, warnings, held } = mapRecords(
      rows,
      "rows",
      (raw, drops) => snipeItAsset(raw, sourceId, time, drops),
      assetIdOf,
      "asset_tag",
      { type: "asset", rawId: rawAssetTag },
    );
    return { records: { kind: "assets", records }, rejected, provides: SNIPEIT_PROVIDES, warnings, held };
  });
}

/** The `rows[]` of a complete listing; an error body or a single page of a longer listing fails the source. */
function rowsOf({ document: body, elements: rows }: JsonListing, file: string): JsonElements {
  if (!isJsonObject(body)) {
    throw new SourceFormatError(
      file,
      `expected a GET /api/v1/hardware response object, got ${describeValue(body)}`,
    );
  }
  if (body.status === "error") {
    // Snipe-IT errors: {"status":"error","messages":"Unauthorized.","payload":null}
    const messages = typeof body.messages === "string" ? body.messages : JSON.stringify(body.messages);
    throw new SourceFormatError(file, `expected a GET /api/v1/hardware response, got API error: ${messages}`);
  }
  if (rows === undefined) {
    throw new SourceFormatError(
      file,
      `field "rows": expected an array of assets, got ${describeValue(body.rows)}`,
    );
  }
  const total = body.total;
  if (typeof total !== "number") {
    throw new SourceFormatError(
      file,
      `field "total": expected the number of assets, got ${describeValue(total)}`,
    );
  }
  if (rows.length < total) {
    // The API pages (default limit 50): a partial listing would read as devices returned.
    throw new SourceFormatError(
      file,
      `rows holds ${rows.length} of ${total} assets: this is one page of the listing; fetch every page (limit/offset) and merge their rows[] into one response`,
    );
  }
  return rows;
}

/** The asset tag of a raw row, decoded as a kept row's would be. */
function rawAssetTag(raw: unknown): string | undefined {
  if (!isJsonObject(raw) || typeof raw.asset_tag !== "string" || raw.asset_tag === "") return undefined;
  return decodeBasicHtmlEntities(raw.asset_tag);
}

function snipeItAsset(raw: unknown, sourceId: string, time: TimeParser, drops: FieldDrops): Asset {
  if (!isJsonObject(raw)) throw new RecordRejection(WHOLE_RECORD, expectedGot("an asset object", raw));
  const assetId = decodeBasicHtmlEntities(requiredString(raw, "asset_tag", "asset_tag"));
  const assignedTo = holderOf(raw);
  return {
    sourceId,
    assetId,
    serial: decodedOptional(raw, "serial", "serial"),
    type: categoryOf(raw),
    assignedTo,
    // `last_checkout` outlives a check-in, so it dates the holding only while someone holds it.
    assignedAt: assignedTo === undefined ? undefined : lastCheckoutOf(raw, time, drops),
    status: statusOf(raw),
  };
}

/** Employee number, else email, else username of a user holder; `undefined` when not held by a person. */
function holderOf(row: JsonObject): string | undefined {
  const holder = optionalObject(row, "assigned_to", "assigned_to");
  if (holder === undefined) return undefined;
  const type = holder.type;
  if (typeof type !== "string" || !HOLDER_TYPES.has(type)) {
    throw new RecordRejection("assigned_to.type", expectedGot(EXPECTED_HOLDER_TYPE, type));
  }
  if (type !== "user") return undefined;
  const id =
    decodedOptional(holder, "employee_number", "assigned_to.employee_number") ??
    decodedOptional(holder, "email", "assigned_to.email") ??
    decodedOptional(holder, "username", "assigned_to.username");
  if (id === undefined) {
    // Dropping the holder would make a checked-out device look unassigned.
    throw new RecordRejection(
      "assigned_to",
      "expected a user holder with an employee_number, email or username, got none of them",
    );
  }
  return id;
}

/** `last_checkout.datetime`: a wall-clock `YYYY-MM-DD HH:MM:SS` in the server's zone. */
function lastCheckoutOf(row: JsonObject, time: TimeParser, drops: FieldDrops): Instant | undefined {
  const checkout = optionalObject(row, "last_checkout", "last_checkout");
  if (checkout === undefined) return undefined;
  const datetime = optionalString(checkout, "datetime", "last_checkout.datetime");
  if (datetime === undefined) return undefined;
  const instant = time.instant(datetime);
  if (instant === undefined) drops.drop("last_checkout.datetime", expectedGot(EXPECTED_DATE_TIME, datetime));
  return instant;
}

const STATUS_LABEL_FIELDS = {
  key: "status_label",
  meta: "status_label.status_meta",
  name: "status_label.name",
} as const;
const STATUS_FIELDS = { key: "status", meta: "status.status_meta", name: "status.name" } as const;

/** `status_meta` ("deployed", "deployable", "pending", "archived", …), else the label's own name. */
function statusOf(row: JsonObject): string | undefined {
  // `status_label` is the long-standing key; newer releases also write it as `status`.
  const fields = row.status_label === undefined ? STATUS_FIELDS : STATUS_LABEL_FIELDS;
  const label = optionalObject(row, fields.key, fields.key);
  if (label === undefined) return undefined;
  return decodedOptional(label, "status_meta", fields.meta) ?? decodedOptional(label, "name", fields.name);
}

function categoryOf(row: JsonObject): string | undefined {
  const category = optionalObject(row, "category", "category");
  return category === undefined ? undefined : decodedOptional(category, "name", "category.name");
}

function decodedOptional(record: JsonObject, key: string, field: string): string | undefined {
  const value = optionalString(record, key, field);
  return value === undefined ? undefined : decodeBasicHtmlEntities(value);
}

function assetIdOf(asset: Asset): string {
  return asset.assetId;
}
