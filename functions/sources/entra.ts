/**
 * Microsoft Entra ID via Microsoft Graph `GET /users` (`{"@odata.context":…,"value":[…]}`), exactly
 * as Graph returns it. `signInActivity` is only present when the export selected it (and the
 * tenant is licensed for it), so `lastLoginAt` is provided only when the export carries sign-in
 * data: otherwise dormancy rules must say "not evaluated" rather than call everyone dormant.
 * Graph reports no time of disabling, so `disabledAt` is not provided.
 */
import type { Account, AccountField, Instant } from "../core/model.ts";
import type { TimeParser } from "../core/time.ts";
import { NO_CREDENTIALS, NO_GROUPS } from "./empty-lists.ts";
import { type JsonElements, type JsonListing, readJsonListing } from "./json-listing.ts";
import {
  droppableInstant,
  type FieldDrops,
  mapRecords,
  optionalObject,
  optionalString,
  RecordRejection,
  requiredBoolean,
  requiredString,
  stringKeyOf,
} from "./json-records.ts";
import { isJsonObject, type JsonObject } from "./json-text.ts";
import { type ParseInput, type ParseOutput, SourceFormatError } from "./parser.ts";
import { describeValue, expectedGot, WHOLE_RECORD } from "./value-description.ts";

const WITH_SIGN_IN: ReadonlySet<AccountField> = new Set(["createdAt", "lastLoginAt"]);
const WITHOUT_SIGN_IN: ReadonlySet<AccountField> = new Set(["createdAt"]);

/** `…/$metadata#users(id,displayName,signInActivity)`: the collection and its `$select` list. */
const USERS_CONTEXT = /\$metadata#users(?:\((.*)\))?$/;

export function parseEntra(input: ParseInput): ParseOutput {
  return readJsonListing(input.text, input.file, ["value"], (listing) => entraAccounts(input, listing));
}

function entraAccounts(input: ParseInput, listing: JsonListing): ParseOutput {
  const { users, selected } = usersOf(listing, input.file);
  const context: EntraContext = {
    sourceId: input.source.id,
    time: input.time,
    userObjects: 0,
    usersWithSignInActivity: 0,
    usersWithAccountEnabled: 0,
  };
  const { records, rejected, warnings, held } = mapRecords(
    users,
    "value",
    (raw, drops) => entraAccount(raw, context, drops),
    accountIdOf,
    "id",
    { type: "account", rawId: stringKeyOf("id") },
  );
  if (context.userObjects > 0 && context.usersWithAccountEnabled === 0) {
    // One clear failure instead of one rejection per user.
    throw new SourceFormatError(
      input.file,
      'no user carries "accountEnabled": export with $select including accountEnabled (it is not in the default property set)',
    );
  }
  const hasSignInData = context.usersWithSignInActivity > 0 || selected.includes("signInActivity");
  return {
    records: { kind: "accounts", records },
    rejected,
    provides: hasSignInData ? WITH_SIGN_IN : WITHOUT_SIGN_IN,
    warnings,
    held,
  };
}

interface GraphUsersPage {
  users: JsonElements;
  /** Property names of the `$select` recorded in `@odata.context` (empty when none). */
  selected: readonly string[];
}

function usersOf({ document: body, elements: users }: JsonListing, file: string): GraphUsersPage {
  if (!isJsonObject(body)) {
    throw new SourceFormatError(
      file,
      `expected a Graph GET /users response object, got ${describeValue(body)}`,
    );
  }
  if (isJsonObject(body.error)) {
    const { code, message } = body.error;
    throw new SourceFormatError(
      file,
      `expected a Graph GET /users response, got API error ${describeValue(code)}: ${describeValue(message)}`,
    );
  }
  const selected = selectedProperties(body["@odata.context"], file);
  const nextLink = body["@odata.nextLink"];
  if (typeof nextLink === "string" && nextLink !== "") {
    throw new SourceFormatError(
      file,
      'field "@odata.nextLink" is set: this is one page of a longer list; follow @odata.nextLink to the last page and merge every value[] into one response',
    );
  }
  if (users === undefined) {
    throw new SourceFormatError(
      file,
      `field "value": expected an array of users, got ${describeValue(body.value)}`,
    );
  }
  return { users, selected };
}

function selectedProperties(context: unknown, file: string): readonly string[] {
  if (context === undefined) return [];
  const match = typeof context === "string" ? USERS_CONTEXT.exec(context) : null;
  if (match === null) {
    throw new SourceFormatError(
      file,
      `field "@odata.context": expected a users collection (…/$metadata#users), got ${describeValue(context)}`,
    );
  }
  return match[1] === undefined ? [] : match[1].split(",");
}

interface EntraContext {
  sourceId: string;
  time: TimeParser;
  /** Counted while mapping, to judge the export as a whole once every user is read. */
  userObjects: number;
  /** Any user with a `signInActivity` object means sign-in data was exported. */
  usersWithSignInActivity: number;
  /** None at all means `accountEnabled` was not selected: the whole source fails, not each user. */
  usersWithAccountEnabled: number;
}

function entraAccount(raw: unknown, context: EntraContext, drops: FieldDrops): Account {
  if (!isJsonObject(raw)) throw new RecordRejection(WHOLE_RECORD, expectedGot("a user object", raw));
  context.userObjects++;
  if (raw.accountEnabled !== undefined) context.usersWithAccountEnabled++;
  const signInActivity = optionalObject(raw, "signInActivity", "signInActivity");
  if (signInActivity !== undefined) context.usersWithSignInActivity++;
  const accountId = requiredString(raw, "id", "id");
  const username = optionalString(raw, "userPrincipalName", "userPrincipalName");
  const mail = optionalString(raw, "mail", "mail");
  return {
    sourceId: context.sourceId,
    accountId,
    username,
    // Guests and unlicensed users often have no `mail`; the UPN is their sign-in address. When both
    // are the same address, keep one copy of it.
    email: mail === undefined || mail === username ? username : mail,
    employeeId: optionalString(raw, "employeeId", "employeeId"),
    displayName: optionalString(raw, "displayName", "displayName"),
    enabled: requiredBoolean(raw, "accountEnabled", "accountEnabled"),
    privileged: false,
    createdAt: droppableInstant(raw, "createdDateTime", "createdDateTime", context.time, drops),
    lastLoginAt: lastSignInOf(signInActivity, context.time, drops),
    disabledAt: undefined,
    deleteAfter: undefined,
    groups: NO_GROUPS,
    monthlyCost: undefined,
    credentials: NO_CREDENTIALS,
  };
}

/**
 * Graph writes `0001-01-01T00:00:00Z` (.NET's DateTime.MinValue) in `signInActivity` for a user
 * who never signed in: that is "never", not a sign-in in year 1 (as Google's 1970 is).
 */
const NEVER_SIGNED_IN = Date.parse("0001-01-01T00:00:00Z");

function lastSignInOf(
  signInActivity: JsonObject | undefined,
  time: TimeParser,
  drops: FieldDrops,
): Instant | undefined {
  if (signInActivity === undefined) return undefined;
  const at = droppableInstant(
    signInActivity,
    "lastSignInDateTime",
    "signInActivity.lastSignInDateTime",
    time,
    drops,
  );
  return at === undefined || at <= NEVER_SIGNED_IN ? undefined : at;
}

function accountIdOf(account: Account): string {
  return account.accountId;
}
