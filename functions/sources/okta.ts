/**
 * Okta `GET /api/v1/users`: a JSON array of user objects, exactly as the API returns it.
 * A user is enabled unless its `status` is SUSPENDED or DEPROVISIONED; then `statusChanged` is
 * when it was disabled. `lastLogin: null` means the user never signed in; the API writes the key on
 * every user, so an export without it on a user says nothing about sign-ins: the source then
 * provides no `lastLoginAt`, and the rules that need it say "not evaluated" instead of reading
 * everyone as never signed in.
 * Note for exports and the live reader: the plain listing omits DEPROVISIONED users (Okta's
 * "List all users"); they appear only when asked for, e.g. with a `search` on status.
 */
import type { Account, AccountField } from "../core/model.ts";
import type { TimeParser } from "../core/time.ts";
import { AbsentKeyTally, type LastLoginKey, lastLoginsRead } from "./absent-keys.ts";
import { NO_CREDENTIALS, NO_GROUPS } from "./empty-lists.ts";
import { joinedName } from "./flat-strings.ts";
import { readJsonListing } from "./json-listing.ts";
import {
  droppableInstant,
  type FieldDrops,
  mapRecords,
  optionalIdentifier,
  optionalString,
  RecordRejection,
  requiredObject,
  requiredString,
  stringKeyOf,
} from "./json-records.ts";
import { isJsonObject, type JsonObject } from "./json-text.ts";
import { type ParseInput, type ParseOutput, SourceFormatError } from "./parser.ts";
import { describeValue, expectedGot, WHOLE_RECORD } from "./value-description.ts";

const OKTA_STATUSES: ReadonlySet<string> = new Set([
  "STAGED",
  "PROVISIONED",
  "ACTIVE",
  "RECOVERY",
  "PASSWORD_EXPIRED",
  "LOCKED_OUT",
  "SUSPENDED",
  "DEPROVISIONED",
]);
const EXPECTED_STATUSES = `one of ${[...OKTA_STATUSES].join(", ")}`;

const OKTA_PROVIDES: ReadonlySet<AccountField> = new Set(["lastLoginAt", "disabledAt", "createdAt"]);
const OKTA_LAST_LOGIN: LastLoginKey = {
  system: "Okta",
  never: "null",
  howToExport: "export the users as GET /api/v1/users returns them",
};

export function parseOkta(input: ParseInput): ParseOutput {
  const { id: sourceId } = input.source;
  const { time } = input;
  return readJsonListing(input.text, input.file, [], ({ document, elements: users }) => {
    if (users === undefined) throw new SourceFormatError(input.file, describeNotAnArray(document));
    const withoutLastLogin = new AbsentKeyTally("lastLogin", "");
    const { records, rejected, warnings, held } = mapRecords(
      users,
      "",
      (raw, drops, index) => oktaAccount(raw, sourceId, time, drops, withoutLastLogin, index),
      accountIdOf,
      "id",
      ACCOUNT_SUBJECT,
    );
    const lastLogins = lastLoginsRead(withoutLastLogin, users.length, OKTA_PROVIDES, OKTA_LAST_LOGIN);
    warnings.unshift(...lastLogins.warnings);
    const { provides } = lastLogins;
    return { records: { kind: "accounts", records }, rejected, provides, warnings, held };
  });
}

const ACCOUNT_SUBJECT = { type: "account", rawId: stringKeyOf("id") } as const;

function oktaAccount(
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
  const status = requiredString(raw, "status", "status");
  if (!OKTA_STATUSES.has(status)) throw new RecordRejection("status", expectedGot(EXPECTED_STATUSES, status));
  const profile = requiredObject(raw, "profile", "profile");
  const username = optionalString(profile, "login", "profile.login");
  const email = optionalString(profile, "email", "profile.email");
  const enabled = status !== "SUSPENDED" && status !== "DEPROVISIONED";
  // Every account parser builds the same shape in the same order, so the rules read one hidden class.
  return {
    sourceId,
    accountId,
    username,
    // Login and email are usually the same address: keep one copy of it.
    email: email === username ? username : email,
    employeeId: optionalIdentifier(profile, "employeeNumber", "profile.employeeNumber"),
    displayName: displayNameOf(profile),
    enabled,
    privileged: false,
    createdAt: droppableInstant(raw, "created", "created", time, drops),
    lastLoginAt: droppableInstant(raw, "lastLogin", "lastLogin", time, drops),
    disabledAt: enabled ? undefined : droppableInstant(raw, "statusChanged", "statusChanged", time, drops),
    deleteAfter: undefined,
    groups: NO_GROUPS,
    monthlyCost: undefined,
    credentials: NO_CREDENTIALS,
  };
}

function displayNameOf(profile: JsonObject): string | undefined {
  const first = optionalString(profile, "firstName", "profile.firstName");
  const last = optionalString(profile, "lastName", "profile.lastName");
  if (first !== undefined && last !== undefined) return joinedName(first, last);
  return first ?? last ?? optionalString(profile, "displayName", "profile.displayName");
}

function accountIdOf(account: Account): string {
  return account.accountId;
}

function describeNotAnArray(body: unknown): string {
  // Okta errors are objects like {"errorCode":"E0000011","errorSummary":"Invalid token provided",…}.
  if (isJsonObject(body) && typeof body.errorCode === "string") {
    const summary = typeof body.errorSummary === "string" ? ` (${body.errorSummary})` : "";
    return `expected the JSON array of users from GET /api/v1/users, got Okta error ${body.errorCode}${summary}`;
  }
  return `expected the JSON array of users from GET /api/v1/users, got ${describeValue(body)}`;
}
