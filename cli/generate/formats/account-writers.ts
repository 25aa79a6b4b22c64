/** Which writer renders each product's export, and the config entry that reads it back. */
import type { DeprovConfigInput } from "../../../functions/config/schema.ts";
import type { AccountProduct, AccountSystem } from "../account-systems.ts";
import type { AccountFormatWriter } from "./account-format.ts";
import { awsCredentialReportWriter } from "./aws-credential-report.ts";
import { entraWriter } from "./entra.ts";
import { GITHUB_MEMBERS_COLUMNS, githubMembersCsvWriter } from "./github-members-csv.ts";
import { googleWorkspaceWriter } from "./google-workspace.ts";
import { oktaWriter } from "./okta.ts";
import { SALESFORCE_COLUMNS, salesforceJsonWriter } from "./salesforce-json.ts";
import { scimWriter } from "./scim.ts";

export type SourceEntry = DeprovConfigInput["sources"][number];

export const ACCOUNT_WRITERS: Record<AccountProduct, AccountFormatWriter> = {
  aws: awsCredentialReportWriter,
  okta: oktaWriter,
  slack: scimWriter,
  google: googleWorkspaceWriter,
  entra: entraWriter,
  github: githubMembersCsvWriter,
  salesforce: salesforceJsonWriter,
  zoom: scimWriter,
};

/**
 * The config entry for an account export. Google Workspace marks admins in the data (`isAdmin`);
 * every other product needs the `privileged` list.
 */
export function accountSourceEntry(
  system: AccountSystem,
  privileged: readonly string[],
  exportedAt: string,
): SourceEntry {
  const entry: SourceEntry = { id: system.id, kind: "accounts", format: system.format, path: system.file };
  if (system.product === "github") entry.columns = { ...GITHUB_MEMBERS_COLUMNS };
  if (system.product === "salesforce") {
    entry.records = "records";
    entry.columns = { ...SALESFORCE_COLUMNS };
  }
  if (system.product !== "google" && privileged.length > 0) entry.privileged = [...privileged];
  if (system.monthlyCostPerSeat !== undefined) entry.monthlyCostPerSeat = system.monthlyCostPerSeat;
  entry.exportedAt = exportedAt;
  return entry;
}
