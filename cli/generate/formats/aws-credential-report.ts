/**
 * AWS IAM credential report (GetCredentialReport, Base64-decoded): the exact 22-column header, one
 * row per IAM user plus `<root_account>`. AWS writes `N/A` where a value does not apply,
 * `no_information` for a password never used, `not_supported` for settings root cannot have,
 * lowercase booleans and `+00:00` timestamps.
 */
import type { GenAccessKey, GenAccount } from "../account-plan.ts";
import { writeRecordsFile } from "../file-writer.ts";
import { isoUtcOffset } from "../time-format.ts";
import type { AccountFileContext, AccountFormatWriter } from "./account-format.ts";

export const CREDENTIAL_REPORT_HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

const NO_KEY = "false,N/A,N/A,N/A,N/A";
const NO_CERTS = "false,N/A,false,N/A";
const DAY_MS = 86_400_000;

/** A 12-digit AWS account id derived from the salt. */
export function awsAccountNumber(salt: number): string {
  return String(100_000_000_000 + (salt % 899_999_999_999)).padStart(12, "0");
}

export const awsCredentialReportWriter: AccountFormatWriter = {
  accountId: (account) => account.id ?? account.handle,
  loginOf: (account) => account.id ?? account.handle,
  write(path, accounts, context) {
    const accountNumber = awsAccountNumber(context.salt);
    const head = `${CREDENTIAL_REPORT_HEADER}\n${rootRow(accountNumber, context)}`;
    return writeRecordsFile(path, head, accounts, (a) => `\n${userRow(a, accountNumber)}`, "", "");
  },
};

function rootRow(accountNumber: string, context: AccountFileContext): string {
  const created = isoUtcOffset(context.asOf - 2200 * DAY_MS);
  const lastUsed = isoUtcOffset(context.asOf - 41 * DAY_MS);
  return `<root_account>,arn:aws:iam::${accountNumber}:root,${created},not_supported,${lastUsed},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,${NO_CERTS}`;
}

function userRow(account: GenAccount, accountNumber: string): string {
  const user = account.id ?? account.handle;
  const path = account.origin === "service" ? "service/" : "";
  const password = account.hasPassword
    ? `true,${account.lastLoginAt === undefined ? "no_information" : isoUtcOffset(account.lastLoginAt)},${isoUtcOffset(account.createdAt + 3_600_000)},N/A`
    : "false,N/A,N/A,N/A";
  return [
    user,
    `arn:aws:iam::${accountNumber}:user/${path}${user}`,
    isoUtcOffset(account.createdAt),
    password,
    account.mfa && account.hasPassword ? "true" : "false",
    keyCells(account.keys[0]),
    keyCells(account.keys[1]),
    NO_CERTS,
  ].join(",");
}

function keyCells(key: GenAccessKey | undefined): string {
  if (key === undefined) return NO_KEY;
  const used = key.lastUsedAt === undefined;
  return [
    key.active ? "true" : "false",
    isoUtcOffset(key.createdAt),
    used ? "N/A" : isoUtcOffset(key.lastUsedAt ?? 0),
    used ? "N/A" : key.region,
    used ? "N/A" : key.service,
  ].join(",");
}
