/**
 * Snipe-IT `GET /api/v1/hardware` (`{"total":N,"rows":[…]}`), exactly as the API returns it.
 * The holder is `assigned_to` when it is a user (an asset checked out to a location or to another
 * asset has no person to chase); `assignedAt` is `last_checkout`, a wall-clock time in the server's
 * zone (taken as the org zone). Snipe-IT HTML-escapes strings in API output; they are decoded here.
 * Snipe-IT writes `assigned_to` on every asset, `null` for one in stock: a row without the key cannot
 * say who holds the device, so it is rejected (and its findings held), never read as unassigned.
 */
import type { AccountField, Asset, Instant } from "../core/model.ts";
import type { TimeParser } from "../core/time.ts";
import { AbsentKeyTally } from "./absent-keys.ts";
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
const NO_HOLDER_KEY = `${expectedGot("the holder (an object, or null for an asset nobody holds)", undefined)}: Snipe-IT writes "assigned_to" on every asset, and without it whether anyone holds this one is unknown`;

export function parseSnipeIt(input: ParseInput): ParseOutput {
  const { id: sourceId } = input.source;
  const { time } = input;
  return readJsonListing(input.text, input.file, ["rows"], (listing) => {
    const rows = rowsOf(listing, input.file);
    const context: ListingContext = {
      sourceId,
      time,
      withoutHolder: new AbsentKeyTally("assigned_to", "rows"),
    };
    const { records, rejected, warnings, held } = mapRecords(
      rows,
      "rows",
      (raw, drops, index) => snipeItAsset(raw, index, context, drops),
      assetIdOf,
      "asset_tag",
      { type: "asset", rawId: rawAssetTag },
    );
    const { withoutHolder } = context;
    warnings.unshift(...withoutHolder.warnings(withoutHolderReason(withoutHolder.count, rows.length)));
    return { records: { kind: "assets", records }, rejected, provides: SNIPEIT_PROVIDES, warnings, held };
  });
}

/** What every row is read with. */
interface ListingContext {
  sourceId: string;
  time: TimeParser;
  /** Rows without an `assigned_to` key, counted for one warning. */
  withoutHolder: AbsentKeyTally;
}

function withoutHolderReason(count: number, total: number): string {
  return `no "assigned_to" key in ${count} of ${total} rows: Snipe-IT writes it on every asset (null for one nobody holds), so who holds these devices is unknown; they are rejected and their findings stay open (export the rows as GET /api/v1/hardware returns them)`;
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

function snipeItAsset(raw: unknown, index: number, context: ListingContext, drops: FieldDrops): Asset {
  if (!isJsonObject(raw)) throw new RecordRejection(WHOLE_RECORD, expectedGot("an asset object", raw));
  const assetId = decodeBasicHtmlEntities(requiredString(raw, "asset_tag", "asset_tag"));
  // Read as "nobody", a holder left out of the export would resolve every unreturned-device finding.
  if (context.withoutHolder.absentFrom(raw, index)) throw new RecordRejection("assigned_to", NO_HOLDER_KEY);
  const assignedTo = holderOf(raw);
  return {
    sourceId: context.sourceId,
    assetId,
    serial: decodedOptional(raw, "serial", "serial"),
    type: categoryOf(raw),
    assignedTo,
    // `last_checkout` outlives a check-in, so it dates the holding only while someone holds it.
    assignedAt: assignedTo === undefined ? undefined : lastCheckoutOf(raw, context.time, drops),
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
