/**
 * Okta `GET /api/v1/users`: a JSON array of user objects, exactly as the API returns it.
 * A user is enabled unless its `status` is SUSPENDED or DEPROVISIONED; then `statusChanged` is
 * when it was disabled. `lastLogin: null` means the user never signed in.
 * Note for exports and the live reader: the plain listing omits DEPROVISIONED users (Okta's
 * "List all users"); they appear only when asked for, e.g. with a `search` on status.
 */
import type { Account, AccountField } from "../core/model.ts";
import type { TimeParser } from "../core/time.ts";
import { ConfiguredPrivileged } from "./configured-privileged.ts";
import {
  describeValue,
  isJsonObject,
  mapRecords,
  optionalIdentifier,
  optionalInstant,
  optionalString,
  parseJsonText,
  RecordRejection,
  requiredObject,
  requiredString,
} from "./json-records.ts";
import { type ParseInput, type ParseOutput, SourceFormatError } from "./parser.ts";

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
const DISABLED_STATUSES: ReadonlySet<string> = new Set(["SUSPENDED", "DEPROVISIONED"]);

const OKTA_PROVIDES: ReadonlySet<AccountField> = new Set(["lastLoginAt", "disabledAt", "createdAt"]);

export function parseOkta(input: ParseInput): ParseOutput {
  const users = parseJsonText(input.text, input.file);
  if (!Array.isArray(users)) throw new SourceFormatError(input.file, describeNotAnArray(users));
  const context: OktaContext = {
    sourceId: input.source.id,
    time: input.time,
    privileged: new ConfiguredPrivileged(input.source),
  };
  const toAccount = (raw: unknown): Account => oktaAccount(raw, context);
  const { records, rejected } = mapRecords(users, "", toAccount, accountIdOf, "id");
  return { records: { kind: "accounts", records }, rejected, provides: OKTA_PROVIDES };
}

interface OktaContext {
  sourceId: string;
  time: TimeParser;
  privileged: ConfiguredPrivileged;
}

function oktaAccount(raw: unknown, context: OktaContext): Account {
  if (!isJsonObject(raw)) {
    throw new RecordRejection("(record)", `expected a user object, got ${describeValue(raw)}`);
  }
  const accountId = requiredString(raw, "id", "id");
  const status = requiredString(raw, "status", "status");
  if (!OKTA_STATUSES.has(status)) {
    throw new RecordRejection("status", `expected ${EXPECTED_STATUSES}, got ${describeValue(status)}`);
  }
  const profile = requiredObject(raw, "profile", "profile");
  const username = optionalString(profile, "login", "profile.login");
  const enabled = !DISABLED_STATUSES.has(status);
  return {
    sourceId: context.sourceId,
    accountId,
    username,
    email: optionalString(profile, "email", "profile.email"),
    employeeId: optionalIdentifier(profile, "employeeNumber", "profile.employeeNumber"),
    displayName: displayNameOf(profile),
    enabled,
    privileged: context.privileged.includes(accountId, username),
    createdAt: optionalInstant(raw, "created", "created", context.time),
    lastLoginAt: optionalInstant(raw, "lastLogin", "lastLogin", context.time),
    disabledAt: enabled ? undefined : optionalInstant(raw, "statusChanged", "statusChanged", context.time),
    deleteAfter: undefined,
    groups: [],
    monthlyCost: undefined,
    credentials: [],
  };
}

function displayNameOf(profile: Record<string, unknown>): string | undefined {
  const first = optionalString(profile, "firstName", "profile.firstName");
  const last = optionalString(profile, "lastName", "profile.lastName");
  if (first !== undefined && last !== undefined) return `${first} ${last}`;
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
