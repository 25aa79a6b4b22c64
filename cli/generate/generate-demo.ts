/**
 * The bundled demo org "Northwind Analytics" (fictional; America/New_York): about 300 people in
 * every source format, the seeded generator's background plus hand-curated stories so that each of
 * the 13 rules fires and each trap stays quiet (`demo-cases.ts`). All dates are relative to `now`,
 * so the demo works on whatever day it is generated for.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Instant } from "../../functions/core/model.ts";
import { DAY_MS, HOUR_MS } from "../../functions/core/time.ts";
import { type GenAccount, type IdentityMapEntry, planAccounts } from "./account-plan.ts";
import { type AccountSystem, accountSystems } from "./account-systems.ts";
import { buildDemoCast, CURATED_LOCALS, type DemoCast } from "./demo-cast.ts";
import { idSalt } from "./formats/account-format.ts";
import { accountSourceEntry, type SourceEntry } from "./formats/account-writers.ts";
import {
  type GeneratedFile,
  type GenerateSummary,
  type OrgRecords,
  orgIdentity,
  planOrgRecords,
  summarise,
  writeAccountSource,
  writeOrgRecords,
} from "./generate-org.ts";
import { FILES, orgConfig } from "./org-config.ts";
import { buildPopulation, type Population } from "./population.ts";

export const DEMO_ORGANIZATION = "Northwind Analytics";
export const DEMO_TIMEZONE = "America/New_York";
const DEMO_SEED = 2026;
/** Seeded background people; the curated cast brings the roster to about 300. */
const DEMO_BACKGROUND_PEOPLE = 280;
/** The GitHub export is a month old: the stale-source story. */
const STALE_EXPORT_AGE_MS = 30 * DAY_MS;

/** The committed copy in `examples/demo/`: rendered for a fixed instant so it does not churn. */
export const DEMO_EXAMPLE = {
  /** Relative to the repository root. */
  dir: "examples/demo",
  now: Date.parse("2026-11-26T12:00:00Z"),
  schemaRef: "../../schema/deprov.config.schema.json",
} as const;

export interface GenerateDemoOptions {
  outDir: string;
  /** The instant every date is relative to (epoch ms). */
  now: Instant;
  /** `$schema` to write into the config (e.g. a relative path to the shipped JSON Schema). */
  schemaRef?: string;
}

export async function generateDemo(options: GenerateDemoOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const { outDir, now } = options;
  mkdirSync(outDir, { recursive: true });
  const org = orgIdentity(DEMO_ORGANIZATION, DEMO_TIMEZONE);
  const population = buildPopulation({
    people: DEMO_BACKGROUND_PEOPLE,
    seed: DEMO_SEED,
    now,
    zone: DEMO_TIMEZONE,
    reservedLocals: CURATED_LOCALS,
  });
  const exportedAt = now - 2 * HOUR_MS;
  const githubExportedAt = now - STALE_EXPORT_AGE_MS;
  const cast = buildDemoCast({
    population,
    primaryDomain: org.primaryDomain,
    aliasDomain: org.aliasDomain,
    githubExportedAt,
  });

  const files: GeneratedFile[] = [];
  const identityMap: IdentityMapEntry[] = [];
  const accountSources: SourceEntry[] = [];
  for (const system of demoSystems()) {
    const asOf = system.product === "github" ? githubExportedAt : exportedAt;
    const accounts = demoAccounts(
      population,
      cast,
      system,
      asOf,
      org.primaryDomain,
      org.aliasDomain,
      identityMap,
    );
    const written = writeAccountSource(outDir, system, accounts, {
      system,
      orgSlug: org.slug,
      primaryDomain: org.primaryDomain,
      asOf,
      salt: idSalt(DEMO_SEED, system.id),
      pretty: true,
    });
    files.push(written.file);
    accountSources.push(accountSourceEntry(system, written.privileged, new Date(asOf).toISOString()));
  }
  identityMap.push(...cast.identityMap);

  const roster: Population = { ...population, people: [...population.people, ...cast.people] };
  files.push(
    ...writeOrgRecords(
      outDir,
      roster,
      org,
      withCast(planOrgRecords(population, org, DEMO_SEED), cast),
      identityMap,
      true,
    ),
  );
  const config = orgConfig({
    organization: org.organization,
    timezone: org.timezone,
    primaryDomain: org.primaryDomain,
    aliasDomain: org.aliasDomain,
    accountSources,
    exportedAt: new Date(exportedAt).toISOString(),
    ...(options.schemaRef === undefined ? {} : { $schema: options.schemaRef }),
  });
  const configPath = join(outDir, FILES.config);
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  return summarise(outDir, configPath, org.organization, roster.people.length, files, started);
}

/** The eight account systems; the Entra export was taken without `signInActivity`. */
function demoSystems(): AccountSystem[] {
  return accountSystems(8).map((system) =>
    system.product === "entra" ? { ...system, withSignInActivity: false } : system,
  );
}

/** The seeded background accounts of one system, then the curated ones. */
function demoAccounts(
  population: Population,
  cast: DemoCast,
  system: AccountSystem,
  asOf: Instant,
  primaryDomain: string,
  aliasDomain: string,
  identityMap: IdentityMapEntry[],
): GenAccount[] {
  const background = planAccounts({
    population,
    system,
    seed: DEMO_SEED,
    asOf,
    primaryDomain,
    aliasDomain,
    identityMap,
  });
  if (system.product === "salesforce") {
    // Its only admin is the curated leaver: the system-without-admin story.
    for (const account of background) account.privileged = false;
  }
  const accounts = [...background, ...cast.accounts[system.product]];
  accounts.forEach((account, index) => {
    account.seq = index;
  });
  return accounts;
}

function withCast(records: OrgRecords, cast: DemoCast): OrgRecords {
  const assets = [...records.assets, ...cast.assets];
  assets.forEach((asset, index) => {
    asset.id = index + 1;
  });
  return {
    assets,
    tickets: [...records.tickets, ...cast.tickets],
    resources: [...records.resources, ...cast.resources],
  };
}
