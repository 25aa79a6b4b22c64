/**
 * The `scim` format: a SCIM 2.0 ListResponse of Users (RFC 7643 §4.1 and §4.3, RFC 7644 §3.4.2) as
 * `GET /Users` returns it, including the enterprise extension. SCIM carries no last-login and no
 * disable time, so only `createdAt` and `groups` are provided (SPEC §2). A user without `active`
 * (RFC 7643 makes it optional and leaves its meaning to the service provider) has no known enabled
 * state: it is rejected and its findings held, as an account without `enabled` is in every format.
 */
import { subjectKey } from "../core/held-subjects.ts";
import type { Account, AccountField, RecordWarning, RejectedRecord } from "../core/model.ts";
import type { TimeParser } from "../core/time.ts";
import { AbsentKeyTally } from "./absent-keys.ts";
import { NO_CREDENTIALS, NO_GROUPS } from "./empty-lists.ts";
import { EXPECTED_TIMESTAMP } from "./field-reader.ts";
import { joinedName } from "./flat-strings.ts";
import { type JsonElements, type JsonListing, NO_ELEMENTS, readJsonListing } from "./json-listing.ts";
import { FieldDrops, RecordRejection, shortText, stringKeyOf } from "./json-records.ts";
import { isJsonObject, type JsonObject } from "./json-text.ts";
import type { ParseInput, ParseOutput, SourceParser } from "./parser.ts";
import { SourceFormatError } from "./parser.ts";
import { describeType, expectedGot, WHOLE_RECORD } from "./value-description.ts";

const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const ENTERPRISE_EMPLOYEE_NUMBER = `${ENTERPRISE_USER_SCHEMA}.employeeNumber`;

const PROVIDES: ReadonlySet<AccountField> = new Set<AccountField>(["createdAt", "groups"]);

export const parseScim: SourceParser = (input) =>
  readJsonListing(input.text, input.file, ["Resources"], (listing) => scimAccounts(input, listing));

function scimAccounts(input: ParseInput, listing: JsonListing): ParseOutput {
  const resources = listResources(listing, input.file);
  const sourceId = input.source.id;
  const records: Account[] = [];
  const rejected: RejectedRecord[] = [];
  const warnings: RecordWarning[] = [];
  const held: string[] = [];
  const drops = new FieldDrops();
  const context: ListContext = {
    sourceId,
    time: input.time,
    withoutActive: new AbsentKeyTally("active", "Resources"),
  };
  const firstSeen = new Map<string, number>();
  for (let i = 0; i < resources.length; i++) {
    const resource = resources.at(i);
    let account: Account;
    try {
      account = scimUserToAccount(resource, context, i, drops);
    } catch (error) {
      if (!(error instanceof RecordRejection)) throw error;
      rejected.push({ record: `Resources[${i}]`, field: error.field, reason: error.reason });
      drops.takeWarnings("");
      // A rejected user still names its account: its findings must not resolve for want of it.
      const id = rawId(resource);
      if (id !== undefined) held.push(subjectKey("account", id));
      continue;
    }
    if (drops.any) {
      for (const warning of drops.takeWarnings(`Resources[${i}]`)) warnings.push(warning);
      held.push(subjectKey("account", account.accountId));
    }
    const first = firstSeen.get(account.accountId);
    if (first !== undefined) {
      const reason = `duplicate ${JSON.stringify(account.accountId)}: first seen at Resources[${first}]`;
      rejected.push({ record: `Resources[${i}]`, field: "id", reason });
      continue;
    }
    firstSeen.set(account.accountId, i);
    records.push(account);
  }
  const { withoutActive } = context;
  warnings.unshift(...withoutActive.warnings(withoutActiveReason(withoutActive.count, resources.length)));
  return { records: { kind: "accounts", records }, rejected, provides: PROVIDES, warnings, held };
}

const UNKNOWN_ENABLED =
  'RFC 7643 leaves a user without "active" to the service provider\'s meaning, so whether this account is enabled is unknown';
const NO_ACTIVE = `${expectedGot("true or false", undefined)}: ${UNKNOWN_ENABLED}`;
const NULL_ACTIVE = `${expectedGot("true or false", null)}: ${UNKNOWN_ENABLED}`;

function withoutActiveReason(count: number, total: number): string {
  return `no "active" in ${count} of ${total} users: RFC 7643 leaves a user without it to the service provider's meaning, so whether these accounts are enabled is unknown; they are rejected and their findings stay open (export the users with "active": GET /Users without an "attributes" or "excludedAttributes" parameter that leaves it out)`;
}

const rawId = stringKeyOf("id");

/** The `Resources` of a ListResponse; anything else is not this format at all. */
function listResources({ document, elements: resources }: JsonListing, file: string): JsonElements {
  if (
    !isJsonObject(document) ||
    !Array.isArray(document.schemas) ||
    !document.schemas.includes(LIST_RESPONSE_SCHEMA)
  ) {
    throw new SourceFormatError(
      file,
      `not a SCIM ListResponse: expected an object whose "schemas" contains "${LIST_RESPONSE_SCHEMA}" (the response of GET /Users)`,
    );
  }
  const totalResults = document.totalResults;
  if (resources === undefined) {
    // RFC 7644 §3.4.2: Resources may be omitted when there are no results.
    const omitted = document.Resources === undefined;
    if (omitted && (totalResults === 0 || totalResults === undefined)) return NO_ELEMENTS;
    throw new SourceFormatError(
      file,
      `"Resources": expected a list of User resources, got ${describeType(document.Resources)}`,
    );
  }
  // One page of a paginated answer would silently hide every account on the other pages.
  if (typeof totalResults === "number" && totalResults > resources.length) {
    throw new SourceFormatError(
      file,
      `holds ${resources.length} of ${totalResults} users ("totalResults"): one page of a paginated response; export every page into one ListResponse`,
    );
  }
  return resources;
}

/** What every user is read with. */
interface ListContext {
  sourceId: string;
  time: TimeParser;
  /** Users without a value for `active`, counted for one warning. */
  withoutActive: AbsentKeyTally;
}

function scimUserToAccount(
  resource: unknown,
  context: ListContext,
  index: number,
  drops: FieldDrops,
): Account {
  if (!isJsonObject(resource)) {
    throw new RecordRejection(WHOLE_RECORD, expectedGot("a User resource object", resource));
  }
  const schemas = resource.schemas;
  if (Array.isArray(schemas) && !schemas.includes(USER_SCHEMA)) {
    throw new RecordRejection("schemas", `expected a User resource ("${USER_SCHEMA}")`);
  }
  const accountId = idOf(resource);
  const enterprise = optionalObject(resource, ENTERPRISE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA);
  const username = optionalString(resource, "userName", "userName");
  const email = primaryEmail(resource.emails);
  return {
    sourceId: context.sourceId,
    accountId,
    username,
    // userName is often the email address itself: keep one copy of it.
    email: email === username ? username : email,
    employeeId:
      enterprise === undefined
        ? undefined
        : optionalString(enterprise, "employeeNumber", ENTERPRISE_EMPLOYEE_NUMBER),
    displayName: displayNameOf(resource),
    enabled: activeOf(resource.active, context.withoutActive, index),
    privileged: false,
    createdAt: createdAtOf(resource, context.time, drops),
    lastLoginAt: undefined,
    disabledAt: undefined,
    deleteAfter: undefined,
    groups: groupNames(resource.groups),
    monthlyCost: undefined,
    credentials: NO_CREDENTIALS,
  };
}

function idOf(resource: JsonObject): string {
  const id = resource.id;
  if (typeof id === "string" && id.trim() !== "") return shortText(id, "id");
  // An empty id reads as no id at all, as every other empty SCIM value does.
  throw new RecordRejection("id", expectedGot("a non-empty string", id === "" ? undefined : id));
}

/**
 * RFC 7643 makes `active` optional and leaves its meaning to the service provider, and reads a null
 * as no value (§2.5). Guessing either way misleads: "enabled" raises a ghost for every leaver,
 * "disabled" hides the accounts an offboarding audit must find. So a user without it is rejected
 * (its findings held) and counted. Some providers (older Azure AD connectors) send the strings
 * "True"/"False".
 */
function activeOf(active: unknown, withoutActive: AbsentKeyTally, index: number): boolean {
  if (typeof active === "boolean") return active;
  if (active === undefined || active === null) {
    withoutActive.note(index);
    throw new RecordRejection("active", active === null ? NULL_ACTIVE : NO_ACTIVE);
  }
  if (typeof active === "string") {
    const word = active.trim().toLowerCase();
    if (word === "true") return true;
    if (word === "false") return false;
  }
  throw new RecordRejection("active", expectedGot("true or false", active));
}

/** The primary email, else the first one (RFC 7643 §4.1.2). */
function primaryEmail(emails: unknown): string | undefined {
  if (emails === undefined || emails === null) return undefined;
  if (!Array.isArray(emails))
    throw new RecordRejection("emails", expectedGot("a list of {value, primary}", emails));
  let first: string | undefined;
  for (let i = 0; i < emails.length; i++) {
    const entry: unknown = emails[i];
    if (!isJsonObject(entry)) throw new RecordRejection(`emails[${i}]`, expectedGot("an object", entry));
    const value = textOf(entry.value);
    if (value === null) throw new RecordRejection(`emails[${i}].value`, expectedGot("a string", entry.value));
    if (value === undefined) continue;
    if (entry.primary === true) return value;
    first ??= value;
  }
  return first;
}

function displayNameOf(resource: JsonObject): string | undefined {
  const displayName = optionalString(resource, "displayName", "displayName");
  if (displayName !== undefined) return displayName;
  const name = optionalObject(resource, "name", "name");
  if (name === undefined) return undefined;
  const formatted = optionalString(name, "formatted", "name.formatted");
  if (formatted !== undefined) return formatted;
  const given = optionalString(name, "givenName", "name.givenName");
  const family = optionalString(name, "familyName", "name.familyName");
  if (given !== undefined && family !== undefined) return joinedName(given, family);
  return given ?? family;
}

/** Group names from `groups[].display` (the group's id in `value` when a provider omits the name). */
function groupNames(groups: unknown): string[] {
  if (groups === undefined || groups === null) return NO_GROUPS;
  if (!Array.isArray(groups))
    throw new RecordRejection("groups", expectedGot("a list of {value, display}", groups));
  const names: string[] = [];
  for (let i = 0; i < groups.length; i++) {
    const group: unknown = groups[i];
    if (!isJsonObject(group)) throw new RecordRejection(`groups[${i}]`, expectedGot("an object", group));
    const display = textOf(group.display);
    if (display === null)
      throw new RecordRejection(`groups[${i}].display`, expectedGot("a string", group.display));
    const name = display ?? textOf(group.value);
    if (name === null) throw new RecordRejection(`groups[${i}].value`, expectedGot("a string", group.value));
    if (name !== undefined) names.push(name);
  }
  return names.length === 0 ? NO_GROUPS : names;
}

function createdAtOf(resource: JsonObject, time: TimeParser, drops: FieldDrops): number | undefined {
  const meta = optionalObject(resource, "meta", "meta");
  const created = meta === undefined ? undefined : optionalString(meta, "created", "meta.created");
  if (created === undefined) return undefined;
  const ms = time.instant(created);
  if (ms === undefined) drops.drop("meta.created", expectedGot(EXPECTED_TIMESTAMP, created));
  return ms;
}

function optionalString(object: JsonObject, key: string, field: string): string | undefined {
  const value = object[key];
  const text = textOf(value);
  if (text === null) throw new RecordRejection(field, expectedGot("a string", value));
  return text === undefined ? undefined : shortText(text, field);
}

/**
 * A trimmed string (numbers taken as text: employee numbers are often numeric); `undefined` when
 * absent, null or empty; `null` when it is not text at all.
 */
function textOf(value: unknown): string | undefined | null {
  if (typeof value === "string") {
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
  }
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

function optionalObject(object: JsonObject, key: string, field: string): JsonObject | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw new RecordRejection(field, expectedGot("an object", value));
  return value;
}
