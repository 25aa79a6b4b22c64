/**
 * `deprov generate`: a synthetic org in the real systems' export formats, for demos and benchmarks.
 * Deterministic for a seed and `now`. Files are written one at a time as streams of chunks, so a
 * 100,000-person org with a million accounts never holds more than one system's accounts in memory.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Instant } from "../../functions/core/model.ts";
import { HOUR_MS } from "../../functions/core/time.ts";
import { type GenAccount, type IdentityMapEntry, planAccounts } from "./account-plan.ts";
import { type AccountSystem, accountSystems } from "./account-systems.ts";
import { type GenAsset, planAssets } from "./asset-plan.ts";
import { type AccountFileContext, idSalt } from "./formats/account-format.ts";
import { ACCOUNT_WRITERS, accountSourceEntry, type SourceEntry } from "./formats/account-writers.ts";
import { writeIdentityMapCsv } from "./formats/identity-map-csv.ts";
import { writeOffboardingCsv } from "./formats/offboarding-csv.ts";
import { writeResourcesCsv } from "./formats/resources-csv.ts";
import { writeRosterCsv } from "./formats/roster-csv.ts";
import { writeSnipeItHardware } from "./formats/snipeit.ts";
import { FILES, orgConfig } from "./org-config.ts";
import { buildPopulation, type Population } from "./population.ts";
import { type GenResource, planResources } from "./resource-plan.ts";
import { type GenTicket, planTickets } from "./ticket-plan.ts";

export interface GenerateOrgOptions {
  people: number;
  /** Account sources (at least 1); past 8 the formats repeat under new ids. */
  systems?: number;
  seed?: number;
  outDir: string;
  /** The instant every date is relative to (epoch ms). Pin it for byte-identical output. */
  now?: Instant;
  organization?: string;
  timezone?: string;
}

export interface GeneratedFile {
  /** Relative to the output folder. */
  path: string;
  sourceId?: string;
  kind: string;
  format: string;
  records: number;
  bytes: number;
}

export interface GenerateSummary {
  outDir: string;
  configPath: string;
  organization: string;
  people: number;
  accounts: number;
  files: GeneratedFile[];
  totalBytes: number;
  ms: number;
}

/** The org's identity: its name, mail domains and the word used in hostnames. */
export interface OrgIdentity {
  organization: string;
  timezone: string;
  slug: string;
  primaryDomain: string;
  aliasDomain: string;
}

export function orgIdentity(organization: string, timezone: string): OrgIdentity {
  const slug =
    organization
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .find((w) => w !== "") ?? "example";
  return { organization, timezone, slug, primaryDomain: `${slug}.com`, aliasDomain: `${slug}.io` };
}

export async function generateOrg(options: GenerateOrgOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const now = options.now ?? Date.now();
  const org = orgIdentity(options.organization ?? "Acme Corp", options.timezone ?? "America/New_York");
  const { outDir } = options;
  mkdirSync(outDir, { recursive: true });
  const population = buildPopulation({ people: options.people, seed, now, zone: org.timezone });
  const exportedAt = now - HOUR_MS;
  const files: GeneratedFile[] = [];
  const identityMap: IdentityMapEntry[] = [];
  const accountSources: SourceEntry[] = [];

  for (const system of accountSystems(options.systems ?? 8)) {
    const accounts = planAccounts({
      population,
      system,
      seed,
      asOf: exportedAt,
      primaryDomain: org.primaryDomain,
      aliasDomain: org.aliasDomain,
      identityMap,
    });
    const written = writeAccountSource(outDir, system, accounts, {
      system,
      orgSlug: org.slug,
      primaryDomain: org.primaryDomain,
      asOf: exportedAt,
      salt: idSalt(seed, system.id),
      pretty: false,
    });
    files.push(written.file);
    accountSources.push(accountSourceEntry(system, written.privileged, new Date(exportedAt).toISOString()));
  }
  const records = planOrgRecords(population, org, seed);
  files.push(...writeOrgRecords(outDir, population, org, records, identityMap, false));
  const config = orgConfig({
    organization: org.organization,
    timezone: org.timezone,
    primaryDomain: org.primaryDomain,
    aliasDomain: org.aliasDomain,
    accountSources,
    exportedAt: new Date(exportedAt).toISOString(),
  });
  const configPath = join(outDir, FILES.config);
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  return summarise(outDir, configPath, org.organization, population.people.length, files, started);
}

/** Writes one account export; returns what it wrote and the logins of its privileged accounts. */
export function writeAccountSource(
  outDir: string,
  system: AccountSystem,
  accounts: readonly GenAccount[],
  context: AccountFileContext,
): { file: GeneratedFile; privileged: string[] } {
  const writer = ACCOUNT_WRITERS[system.product];
  const bytes = writer.write(join(outDir, system.file), accounts, context);
  const privileged = accounts.filter((a) => a.privileged).map((a) => writer.loginOf(a, context));
  return {
    file: {
      path: system.file,
      sourceId: system.id,
      kind: "accounts",
      format: system.format,
      records: accounts.length + (system.product === "aws" ? 1 : 0),
      bytes,
    },
    privileged,
  };
}

/** Everything besides accounts that the org's people own or went through. */
export interface OrgRecords {
  assets: GenAsset[];
  tickets: GenTicket[];
  resources: GenResource[];
}

export function planOrgRecords(population: Population, org: OrgIdentity, seed: number): OrgRecords {
  return {
    assets: planAssets(population, seed, assetTagPrefix(org)),
    tickets: planTickets(population, seed, org.primaryDomain),
    resources: planResources(population, seed, org.slug, org.primaryDomain),
  };
}

export function assetTagPrefix(org: OrgIdentity): string {
  return org.slug.slice(0, 3).toUpperCase();
}

/** The roster, hardware, tickets, resources and identity map of a population. */
export function writeOrgRecords(
  outDir: string,
  population: Population,
  org: OrgIdentity,
  records: OrgRecords,
  identityMap: readonly IdentityMapEntry[],
  pretty: boolean,
): GeneratedFile[] {
  const at = (file: string): string => join(outDir, file);
  const { assets, tickets, resources } = records;
  return [
    {
      path: FILES.roster,
      sourceId: "hr",
      kind: "roster",
      format: "csv",
      records: population.people.length,
      bytes: writeRosterCsv(at(FILES.roster), population, org.primaryDomain),
    },
    {
      path: FILES.hardware,
      sourceId: "laptops",
      kind: "assets",
      format: "snipeit",
      records: assets.length,
      bytes: writeSnipeItHardware(at(FILES.hardware), assets, {
        clock: population.clock,
        primaryDomain: org.primaryDomain,
        pretty,
      }),
    },
    {
      path: FILES.offboarding,
      sourceId: "offboarding",
      kind: "offboarding-records",
      format: "csv",
      records: tickets.length,
      bytes: writeOffboardingCsv(at(FILES.offboarding), tickets, population.clock),
    },
    {
      path: FILES.resources,
      sourceId: "resources",
      kind: "resources",
      format: "csv",
      records: resources.length,
      bytes: writeResourcesCsv(at(FILES.resources), resources),
    },
    {
      path: FILES.identityMap,
      kind: "identity-map",
      format: "csv",
      records: identityMap.length,
      bytes: writeIdentityMapCsv(at(FILES.identityMap), identityMap),
    },
  ];
}

export function summarise(
  outDir: string,
  configPath: string,
  organization: string,
  people: number,
  files: GeneratedFile[],
  started: number,
): GenerateSummary {
  return {
    outDir,
    configPath,
    organization,
    people,
    accounts: files.filter((f) => f.kind === "accounts").reduce((sum, f) => sum + f.records, 0),
    files,
    totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    ms: Math.round(performance.now() - started),
  };
}
