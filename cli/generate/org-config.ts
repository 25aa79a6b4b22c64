/** The `deprov.config.json` of a generated org (SPEC §2): every policy key spelled out. */
import { DEFAULT_POLICY, type DeprovConfigInput } from "../../functions/config/schema.ts";
import type { SourceEntry } from "./formats/account-writers.ts";
import { OFFBOARDING_COLUMNS } from "./formats/offboarding-csv.ts";
import { RESOURCE_COLUMNS } from "./formats/resources-csv.ts";
import { ROSTER_COLUMNS } from "./formats/roster-csv.ts";
import { DEPARTMENTS, entitlementsOf } from "./vocabulary.ts";

export const FILES = {
  config: "deprov.config.json",
  roster: "hr-roster.csv",
  hardware: "snipeit-hardware.json",
  offboarding: "offboarding-tickets.csv",
  resources: "resources.csv",
  identityMap: "identity-map.csv",
};

export interface OrgConfigInput {
  organization: string;
  timezone: string;
  primaryDomain: string;
  aliasDomain: string;
  accountSources: readonly SourceEntry[];
  /** ISO 8601 export time of the roster, hardware, ticket and resource files. */
  exportedAt: string;
  serviceAccounts?: DeprovConfigInput["serviceAccounts"];
  $schema?: string;
}

export function orgConfig(input: OrgConfigInput): DeprovConfigInput {
  const { exportedAt, primaryDomain } = input;
  return {
    ...(input.$schema === undefined ? {} : { $schema: input.$schema }),
    organization: input.organization,
    timezone: input.timezone,
    emailDomains: [primaryDomain, input.aliasDomain],
    policy: { ...DEFAULT_POLICY },
    serviceAccounts: input.serviceAccounts ?? [{ pattern: "^svc-" }],
    identityMap: FILES.identityMap,
    entitlements: entitlementsOf(DEPARTMENTS),
    sources: [
      {
        id: "hr",
        kind: "roster",
        format: "csv",
        path: FILES.roster,
        columns: { ...ROSTER_COLUMNS },
        exportedAt,
      },
      ...input.accountSources,
      { id: "laptops", kind: "assets", format: "snipeit", path: FILES.hardware, exportedAt },
      {
        id: "offboarding",
        kind: "offboarding-records",
        format: "csv",
        path: FILES.offboarding,
        columns: { ...OFFBOARDING_COLUMNS },
        exportedAt,
      },
      {
        id: "resources",
        kind: "resources",
        format: "csv",
        path: FILES.resources,
        columns: { ...RESOURCE_COLUMNS },
        exportedAt,
      },
    ],
    report: { from: `deprov@${primaryDomain}`, to: [`compliance@${primaryDomain}`] },
    tasks: { sink: "local" },
    // People at the top of the chart have no manager to certify their access.
    reviews: { fallbackReviewer: `compliance@${primaryDomain}` },
  };
}
