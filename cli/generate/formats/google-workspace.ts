/**
 * Google Workspace Admin SDK Directory `users.list` (all pages merged into one `users[]`): `kind`,
 * `etag`, `primaryEmail`, `isAdmin`, `suspended`, `externalIds` (type `organization` carries the
 * employee number) and `lastLoginTime`, which Google sets to the Unix epoch for "never".
 */
import type { GenAccount } from "../account-plan.ts";
import { writeRecordsFile } from "../file-writer.ts";
import { base62 } from "../prng.ts";
import { jsonFrame, RECORDS } from "../serialization.ts";
import { isoMillis } from "../time-format.ts";
import { type AccountFileContext, type AccountFormatWriter, idWords } from "./account-format.ts";

export const GOOGLE_NEVER_LOGGED_IN = "1970-01-01T00:00:00.000Z";

export const googleWorkspaceWriter: AccountFormatWriter = {
  accountId: googleId,
  loginOf: (account) => account.email || account.handle,
  write(path, accounts, context) {
    const frame = jsonFrame(
      { kind: "admin#directory#users", etag: etag(context.salt, 0), users: RECORDS },
      context.pretty,
    );
    const customerId = `C0${base62(context.salt, 6).toLowerCase()}`;
    return writeRecordsFile(
      path,
      frame.head,
      accounts,
      (a) => frame.item(googleUser(a, context, customerId)),
      frame.separator,
      frame.tail,
    );
  },
};

function googleId(account: GenAccount, context: AccountFileContext): string {
  if (account.id !== undefined) return account.id;
  const [a, b] = idWords(account.seq, context.salt);
  return `1${String(a).padStart(10, "0")}${String(b).padStart(10, "0")}`;
}

function etag(salt: number, seq: number): string {
  const [a, b, c] = idWords(seq, salt ^ 0x2545f491);
  return `"${base62(a, 6)}${base62(b, 6)}${base62(c, 6)}/${base62(a ^ c, 6)}${base62(b ^ c, 6)}"`;
}

function googleUser(account: GenAccount, context: AccountFileContext, customerId: string): unknown {
  const email = account.email || `${account.handle}@${context.primaryDomain}`;
  const emails: Record<string, unknown>[] = [{ address: email, primary: true }];
  const user: Record<string, unknown> = {
    kind: "admin#directory#user",
    id: googleId(account, context),
    etag: etag(context.salt, account.seq + 1),
    primaryEmail: email,
    name: {
      givenName: account.firstName,
      familyName: account.lastName,
      fullName: `${account.firstName} ${account.lastName}`,
    },
    isAdmin: account.privileged,
    isDelegatedAdmin: false,
    lastLoginTime:
      account.lastLoginAt === undefined ? GOOGLE_NEVER_LOGGED_IN : isoMillis(account.lastLoginAt),
    creationTime: isoMillis(account.createdAt),
    agreedToTerms: account.lastLoginAt !== undefined,
    suspended: !account.enabled,
  };
  if (!account.enabled) user.suspensionReason = "ADMIN";
  Object.assign(user, {
    archived: false,
    changePasswordAtNextLogin: false,
    ipWhitelisted: false,
    emails,
  });
  if (account.employeeId !== undefined)
    user.externalIds = [{ value: account.employeeId, type: "organization" }];
  if (account.department !== undefined) {
    user.organizations = [
      { title: account.title ?? "", primary: true, customType: "", department: account.department },
    ];
  }
  Object.assign(user, {
    customerId,
    orgUnitPath: orgUnitOf(account),
    isMailboxSetup: true,
    isEnrolledIn2Sv: account.mfa,
    isEnforcedIn2Sv: false,
    includeInGlobalAddressList: account.enabled,
  });
  return user;
}

function orgUnitOf(account: GenAccount): string {
  if (account.origin === "service") return "/Service Accounts";
  if (!account.enabled) return "/Suspended Users";
  return account.department === undefined ? "/" : `/${account.department}`;
}
