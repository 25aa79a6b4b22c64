/**
 * Microsoft Graph `GET /users` (v1.0, `$select`ed, all pages merged into one `value[]`):
 * `accountEnabled`, `employeeId`, `createdDateTime`, `userType`, and `signInActivity` only when the
 * export selected it — without it, the export carries no login data at all.
 */
import type { GenAccount } from "../account-plan.ts";
import { writeRecordsFile } from "../file-writer.ts";
import { jsonFrame, RECORDS } from "../serialization.ts";
import { isoSeconds } from "../time-format.ts";
import { type AccountFileContext, type AccountFormatWriter, guid } from "./account-format.ts";

const SELECT = [
  "id",
  "displayName",
  "givenName",
  "surname",
  "userPrincipalName",
  "mail",
  "jobTitle",
  "department",
  "employeeId",
  "accountEnabled",
  "createdDateTime",
  "userType",
];

export function graphUsersContext(withSignInActivity: boolean): string {
  const select = withSignInActivity ? [...SELECT, "signInActivity"] : SELECT;
  return `https://graph.microsoft.com/v1.0/$metadata#users(${select.join(",")})`;
}

export const entraWriter: AccountFormatWriter = {
  accountId: entraId,
  loginOf: userPrincipalName,
  write(path, accounts, context) {
    const frame = jsonFrame(
      { "@odata.context": graphUsersContext(context.system.withSignInActivity), value: RECORDS },
      context.pretty,
    );
    return writeRecordsFile(
      path,
      frame.head,
      accounts,
      (a) => frame.item(graphUser(a, context)),
      frame.separator,
      frame.tail,
    );
  },
};

function entraId(account: GenAccount, context: AccountFileContext): string {
  return account.id ?? guid(account.seq, context.salt);
}

function guestDomain(account: GenAccount): string {
  return `${account.lastName.toLowerCase().replace(/[^a-z]/g, "")}-consulting.com`;
}

function userPrincipalName(account: GenAccount, context: AccountFileContext): string {
  if (account.guest) {
    return `${account.handle}_${guestDomain(account)}#EXT#@${context.orgSlug}.onmicrosoft.com`;
  }
  return account.email || `${account.handle}@${context.primaryDomain}`;
}

function graphUser(account: GenAccount, context: AccountFileContext): unknown {
  const user: Record<string, unknown> = {
    id: entraId(account, context),
    displayName: `${account.firstName} ${account.lastName}`,
    givenName: account.firstName,
    surname: account.lastName,
    userPrincipalName: userPrincipalName(account, context),
    mail: account.guest ? `${account.handle}@${guestDomain(account)}` : account.email || null,
    jobTitle: account.title ?? null,
    department: account.department ?? null,
    employeeId: account.employeeId ?? null,
    accountEnabled: account.enabled,
    createdDateTime: isoSeconds(account.createdAt),
    userType: account.guest ? "Guest" : "Member",
  };
  if (context.system.withSignInActivity) {
    const last = account.lastLoginAt;
    const requestId = last === undefined ? null : guid(account.seq, context.salt ^ 0x68e31da4);
    const nonInteractive =
      last === undefined ? null : isoSeconds(Math.max(last, Math.min(last + 3 * 3_600_000, context.asOf)));
    user.signInActivity = {
      lastSignInDateTime: last === undefined ? null : isoSeconds(last),
      lastSignInRequestId: requestId,
      lastNonInteractiveSignInDateTime: nonInteractive,
      lastNonInteractiveSignInRequestId: requestId,
      lastSuccessfulSignInDateTime: last === undefined ? null : isoSeconds(last),
      lastSuccessfulSignInRequestId: requestId,
    };
  }
  return user;
}
