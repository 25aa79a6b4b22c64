/**
 * The account systems a synthetic org uses, in the order `--systems M` takes them. Past the eighth
 * the list starts over with new ids (`aws-prod-2`, `okta-2`, …): more sources of known formats.
 */
import type { SourceFormat } from "../../functions/config/schema.ts";

export type AccountProduct = "aws" | "okta" | "slack" | "google" | "entra" | "github" | "salesforce" | "zoom";

export interface AccountSystem {
  id: string;
  product: AccountProduct;
  format: SourceFormat;
  /** The export's file name. */
  file: string;
  monthlyCostPerSeat?: number;
  /** Share of rostered people who hold an account here. */
  coverage: number;
  /** Share of former workers (not in HR) whose disabled account is still listed. */
  formerCoverage: number;
  /** Share of people's accounts that carry the employee number. */
  employeeIdRate: number;
  /** Microsoft Graph exports carry sign-in data only when `signInActivity` was selected. */
  withSignInActivity: boolean;
}

const TEMPLATES: readonly Omit<AccountSystem, "id" | "file">[] = [
  {
    product: "aws",
    format: "aws-iam-credential-report",
    coverage: 0.9,
    formerCoverage: 0.55,
    employeeIdRate: 0,
    withSignInActivity: true,
  },
  {
    product: "okta",
    format: "okta",
    monthlyCostPerSeat: 6,
    coverage: 0.99,
    formerCoverage: 0.9,
    employeeIdRate: 0.85,
    withSignInActivity: true,
  },
  {
    product: "slack",
    format: "scim",
    monthlyCostPerSeat: 12.5,
    coverage: 0.97,
    formerCoverage: 1,
    employeeIdRate: 0.6,
    withSignInActivity: true,
  },
  {
    product: "google",
    format: "google-workspace",
    coverage: 0.98,
    formerCoverage: 0.85,
    employeeIdRate: 0.8,
    withSignInActivity: true,
  },
  {
    product: "entra",
    format: "entra",
    coverage: 0.96,
    formerCoverage: 0.8,
    employeeIdRate: 0.9,
    withSignInActivity: true,
  },
  {
    product: "github",
    format: "csv",
    monthlyCostPerSeat: 21,
    coverage: 0.9,
    formerCoverage: 0.6,
    employeeIdRate: 0,
    withSignInActivity: true,
  },
  {
    product: "salesforce",
    format: "json",
    monthlyCostPerSeat: 150,
    coverage: 0.92,
    formerCoverage: 0.9,
    employeeIdRate: 0.7,
    withSignInActivity: true,
  },
  {
    product: "zoom",
    format: "scim",
    monthlyCostPerSeat: 15,
    coverage: 0.95,
    formerCoverage: 0.85,
    employeeIdRate: 0.5,
    withSignInActivity: true,
  },
];

const BASE_IDS: Record<AccountProduct, string> = {
  aws: "aws-prod",
  okta: "okta",
  slack: "slack",
  google: "google-workspace",
  entra: "entra",
  github: "github",
  salesforce: "salesforce",
  zoom: "zoom",
};

const FILE_SUFFIXES: Record<AccountProduct, string> = {
  aws: "credential-report.csv",
  okta: "users.json",
  slack: "scim-users.json",
  google: "users.json",
  entra: "users.json",
  github: "members.csv",
  salesforce: "users.json",
  zoom: "scim-users.json",
};

/** The first `count` account systems (at least one). */
export function accountSystems(count: number): AccountSystem[] {
  const systems: AccountSystem[] = [];
  for (let i = 0; i < Math.max(1, count); i++) {
    const template = TEMPLATES[i % TEMPLATES.length] as (typeof TEMPLATES)[number];
    const round = Math.floor(i / TEMPLATES.length);
    const id = round === 0 ? BASE_IDS[template.product] : `${BASE_IDS[template.product]}-${round + 1}`;
    systems.push({ ...template, id, file: `${id}-${FILE_SUFFIXES[template.product]}` });
  }
  return systems;
}
