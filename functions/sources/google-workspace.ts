/**
 * Google Workspace Admin SDK Directory `users.list` response (`{"kind":"admin#directory#users",
 * "users":[…]}`), exactly as the API returns it. A user is enabled unless suspended or archived;
 * admins and delegated admins are privileged; `lastLoginTime` of the Unix epoch means "never".
 * The API writes `lastLoginTime` on every user (with `viewType=admin_view`, the default): an export
 * without it on a user says nothing about sign-ins, so the source then provides no `lastLoginAt` and
 * the rules that need it say "not evaluated" instead of reading everyone as never signed in.
 * Google reports no time of suspension, so `disabledAt` is not provided.
 */
import type { Account, AccountField } from "../core/model.ts";
import type { TimeParser } from "../core/time.ts";
import { AbsentKeyTally, type LastLoginKey, lastLoginsRead } from "./absent-keys.ts";
import { NO_CREDENTIALS, NO_GROUPS } from "./empty-lists.ts";
import { joinedName } from "./flat-strings.ts";
import { type JsonElements, type JsonListing, NO_ELEMENTS, readJsonListing } from "./json-listing.ts";
import {
  droppableInstant,
  type FieldDrops,
  mapRecords,
  optionalBoolean,
  optionalObject,
  optionalString,
  RecordRejection,
  requiredString,
  stringKeyOf,
} from "./json-records.ts";
import { isJsonObject, type JsonObject } from "./json-text.ts";
import { type ParseInput, type ParseOutput, SourceFormatError } from "./parser.ts";
import { describeValue, expectedGot, WHOLE_RECORD } from "./value-description.ts";

const USERS_KIND = "admin#directory#users";
/** Google writes `1970-01-01T00:00:00.000Z` for a user who never signed in. */
const NEVER_LOGGED_IN = 0;

const GOOGLE_PROVIDES: ReadonlySet<AccountField> = new Set(["lastLoginAt", "createdAt", "privileged"]);
const GOOGLE_LAST_LOGIN: LastLoginKey = {
  system: "Google",
  never: "1970-01-01T00:00:00.000Z",
  howToExport:
    'export the users as users.list returns them, with viewType admin_view and no "fields" that leaves it out',
};

export function parseGoogleWorkspace(input: ParseInput): ParseOutput {
  const { id: sourceId } = input.source;
  const { time } = input;
  return readJsonListing(input.text, input.file, ["users"], (listing) => {
    const users = usersOf(listing, input.file);
    const withoutLastLogin = new AbsentKeyTally("lastLoginTime", "users");
    const { records, rejected, warnings, held } = mapRecords(
      users,
      "users",
      (raw, drops, index) => googleAccount(raw, sourceId, time, drops, withoutLastLogin, index),
      accountIdOf,
      "id",
      { type: "account", rawId: stringKeyOf("id") },
    );
    const lastLogins = lastLoginsRead(withoutLastLogin, users.length, GOOGLE_PROVIDES, GOOGLE_LAST_LOGIN);
    warnings.unshift(...lastLogins.warnings);
    const { provides } = lastLogins;
    return { records: { kind: "accounts", records }, rejected, provides, warnings, held };
  });
}

/** The `users[]` of a complete response; an error body, another resource or a partial page fails the source. */
function usersOf({ document: body, elements: users }: JsonListing, file: string): JsonElements {
  if (!isJsonObject(body)) {
    throw new SourceFormatError(file, `expected a users.list response object, got ${describeValue(body)}`);
  }
  if (isJsonObject(body.error)) {
    const { code, message } = body.error;
    throw new SourceFormatError(
      file,
      `expected a users.list response, got API error ${describeValue(code)}: ${describeValue(message)}`,
    );
  }
  if (body.kind !== undefined && body.kind !== USERS_KIND) {
    throw new SourceFormatError(
      file,
      `field "kind": expected "${USERS_KIND}", got ${describeValue(body.kind)}`,
    );
  }
  if (typeof body.nextPageToken === "string" && body.nextPageToken !== "") {
    throw new SourceFormatError(
      file,
      'field "nextPageToken" is set: this is one page of a longer list; fetch every page (pageToken) and merge their users[] into one response',
    );
  }
  if (users !== undefined) return users;
  // The API omits `users` when a domain (or a query) has none.
  if (body.users === undefined && body.kind === USERS_KIND) return NO_ELEMENTS;
  throw new SourceFormatError(
    file,
    `field "users": expected an array of users in a "${USERS_KIND}" response, got ${describeValue(body.users)}`,
  );
}

function googleAccount(
  raw: unknown,
  sourceId: string,
  time: TimeParser,
  drops: FieldDrops,
  withoutLastLogin: AbsentKeyTally,
  index: number,
): Account {
  if (!isJsonObject(raw)) throw new RecordRejection(WHOLE_RECORD, expectedGot("a user object", raw));
  withoutLastLogin.absentFrom(raw, index);
  const accountId = requiredString(raw, "id", "id");
  const email = optionalString(raw, "primaryEmail", "primaryEmail");
  const username = email === undefined ? undefined : localPart(email);
  const suspended = optionalBoolean(raw, "suspended", "suspended", false);
  const archived = optionalBoolean(raw, "archived", "archived", false);
  const isAdmin = optionalBoolean(raw, "isAdmin", "isAdmin", false);
  const isDelegatedAdmin = optionalBoolean(raw, "isDelegatedAdmin", "isDelegatedAdmin", false);
  const lastLogin = droppableInstant(raw, "lastLoginTime", "lastLoginTime", time, drops);
  return {
    sourceId,
    accountId,
    username,
    email,
    employeeId: organizationExternalId(raw),
    displayName: displayNameOf(raw),
    enabled: !suspended && !archived,
    privileged: isAdmin || isDelegatedAdmin,
    createdAt: droppableInstant(raw, "creationTime", "creationTime", time, drops),
    lastLoginAt: lastLogin === NEVER_LOGGED_IN ? undefined : lastLogin,
    disabledAt: undefined,
    deleteAfter: undefined,
    groups: NO_GROUPS,
    monthlyCost: undefined,
    credentials: NO_CREDENTIALS,
  };
}

function localPart(email: string): string {
  const at = email.indexOf("@");
  return at === -1 ? email : email.slice(0, at);
}

function displayNameOf(user: JsonObject): string | undefined {
  const name = optionalObject(user, "name", "name");
  if (name === undefined) return undefined;
  const fullName = optionalString(name, "fullName", "name.fullName");
  if (fullName !== undefined) return fullName;
  const given = optionalString(name, "givenName", "name.givenName");
  const family = optionalString(name, "familyName", "name.familyName");
  if (given !== undefined && family !== undefined) return joinedName(given, family);
  return given ?? family;
}

/** The employee id is the `externalIds` entry of type `organization` (Admin console "Employee ID"). */
function organizationExternalId(user: JsonObject): string | undefined {
  const externalIds = user.externalIds;
  if (externalIds === undefined || externalIds === null) return undefined;
  if (!Array.isArray(externalIds)) {
    throw new RecordRejection("externalIds", expectedGot("an array", externalIds));
  }
  for (const entry of externalIds) {
    if (isJsonObject(entry) && entry.type === "organization") {
      return optionalString(entry, "value", "externalIds[].value");
    }
  }
  return undefined;
}

function accountIdOf(account: Account): string {
  return account.accountId;
}
