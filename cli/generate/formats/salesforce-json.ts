/**
 * Salesforce REST `query` response for `SELECT … FROM User` (`{totalSize, done, records[]}`, every
 * batch merged): 18-character ids, `IsActive`, `EmployeeNumber`, `LastLoginDate` (null: never) and
 * `+0000` timestamps. Read through the generic `json` format with `records: "records"`.
 */
import type { GenAccount } from "../account-plan.ts";
import { writeRecordsFile } from "../file-writer.ts";
import { base62 } from "../prng.ts";
import { jsonFrame, RECORDS } from "../serialization.ts";
import { isoSalesforce } from "../time-format.ts";
import { type AccountFileContext, type AccountFormatWriter, idWords } from "./account-format.ts";

export const SALESFORCE_API_VERSION = "v60.0";

export const SALESFORCE_COLUMNS = {
  accountId: "Id",
  username: "Username",
  email: "Email",
  employeeId: "EmployeeNumber",
  displayName: "Name",
  enabled: "IsActive",
  createdAt: "CreatedDate",
  lastLoginAt: "LastLoginDate",
};

const CASE_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

export const salesforceJsonWriter: AccountFormatWriter = {
  accountId: salesforceId,
  loginOf: usernameOf,
  write(path, accounts, context) {
    const frame = jsonFrame({ totalSize: accounts.length, done: true, records: RECORDS }, context.pretty);
    return writeRecordsFile(
      path,
      frame.head,
      accounts,
      (a) => frame.item(salesforceUser(a, context)),
      frame.separator,
      frame.tail,
    );
  },
};

/** `005…`: the User key prefix, 12 characters, then the 3-character case-safe suffix. */
function salesforceId(account: GenAccount, context: AccountFileContext): string {
  if (account.id !== undefined) return account.id;
  const [a, b, c] = idWords(account.seq, context.salt);
  const suffix =
    CASE_SAFE.charAt(c & 31) + CASE_SAFE.charAt((c >>> 5) & 31) + CASE_SAFE.charAt((c >>> 10) & 31);
  return `005${base62(a, 6)}${base62(b, 6)}${suffix}`;
}

/** Usernames are unique across all of Salesforce: the work address, or a suffixed one for integrations. */
function usernameOf(account: GenAccount, context: AccountFileContext): string {
  const base = `${account.handle}@${context.primaryDomain}`.toLowerCase();
  return account.origin === "service" ? `${base}.integration` : base;
}

function salesforceUser(account: GenAccount, context: AccountFileContext): unknown {
  const id = salesforceId(account, context);
  const profileId = account.privileged ? "00e5e000000Hs9kAAC" : "00e5e000000Hs9pAAC";
  return {
    attributes: { type: "User", url: `/services/data/${SALESFORCE_API_VERSION}/sobjects/User/${id}` },
    Id: id,
    Username: usernameOf(account, context),
    Name: `${account.firstName} ${account.lastName}`,
    FirstName: account.firstName,
    LastName: account.lastName,
    Email: account.email || `${account.handle}@${context.primaryDomain}`,
    EmployeeNumber: account.employeeId ?? null,
    Department: account.department ?? null,
    Title: account.title ?? null,
    IsActive: account.enabled,
    UserType: "Standard",
    Profile: {
      attributes: {
        type: "Profile",
        url: `/services/data/${SALESFORCE_API_VERSION}/sobjects/Profile/${profileId}`,
      },
      Name: account.privileged ? "System Administrator" : "Standard User",
    },
    CreatedDate: isoSalesforce(account.createdAt),
    LastLoginDate: account.lastLoginAt === undefined ? null : isoSalesforce(account.lastLoginAt),
  };
}
