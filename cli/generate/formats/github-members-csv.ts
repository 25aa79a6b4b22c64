/**
 * A GitHub organization's members, exported as CSV with their SAML identity (the email the IdP
 * linked) and team memberships. Read through the generic `csv` format: `columns` maps each field.
 */
import type { GenAccount } from "../account-plan.ts";
import { writeRecordsFile } from "../file-writer.ts";
import { csvRow } from "../serialization.ts";
import { isoSeconds } from "../time-format.ts";
import type { AccountFormatWriter } from "./account-format.ts";

export const GITHUB_MEMBERS_HEADER =
  "login,name,saml_name_id,role,teams,two_factor_enabled,active,created_at,last_active";

/** The config's `columns` for this export. */
export const GITHUB_MEMBERS_COLUMNS = {
  accountId: "login",
  username: "login",
  displayName: "name",
  email: "saml_name_id",
  groups: "teams",
  enabled: "active",
  createdAt: "created_at",
  lastLoginAt: "last_active",
};

export const githubMembersCsvWriter: AccountFormatWriter = {
  accountId: (account) => account.id ?? account.handle,
  loginOf: (account) => account.id ?? account.handle,
  write(path, accounts) {
    return writeRecordsFile(path, GITHUB_MEMBERS_HEADER, accounts, (a) => `\n${memberRow(a)}`, "", "\n");
  },
};

function memberRow(account: GenAccount): string {
  return csvRow([
    account.id ?? account.handle,
    `${account.firstName} ${account.lastName}`,
    account.email,
    account.privileged ? "owner" : "member",
    account.groups.join(";"),
    account.mfa,
    account.enabled,
    isoSeconds(account.createdAt),
    account.lastLoginAt === undefined ? "" : isoSeconds(account.lastLoginAt),
  ]);
}
