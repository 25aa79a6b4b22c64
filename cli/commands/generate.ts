/** `deprov generate`: write a synthetic org (config + sources in the real formats) for demos and benchmarks. */
import { readdir } from "node:fs/promises";
import { resolve } from "node:path";
import { COMMON_OPTIONS, EXIT, parseCommandArgs, parseNow, UsageError } from "../args.ts";
import { generateOrg } from "../generate/generate-org.ts";

export const GENERATE_HELP = `Usage: deprov generate --people N [--systems M] [--seed S] [--now ISO8601] --out DIR

Writes DIR/deprov.config.json and one export per source, each in its system's real format
(HR CSV, AWS IAM credential report, Okta, SCIM, Google Workspace, Microsoft Entra, Snipe-IT,
offboarding tickets, scheduled jobs). Deterministic for a seed and --now.

  --people N     people in the roster
  --systems M    account sources (default 8)
  --seed S       random seed (default 1)
  --now ISO8601  the instant dates are relative to (default: now)
  --out DIR      output folder, new or empty (an org is never written over other files)`;

export async function generateCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("generate", argv, {
    ...COMMON_OPTIONS,
    people: { type: "string" },
    systems: { type: "string" },
    seed: { type: "string" },
    now: { type: "string" },
    out: { type: "string" },
  });
  if (values.help) {
    console.log(GENERATE_HELP);
    return EXIT.ok;
  }
  const people = positiveInt("--people", values.people);
  if (values.out === undefined) throw new UsageError("deprov generate: --out DIR is required");
  const systems = values.systems === undefined ? 8 : positiveInt("--systems", values.systems);
  const seed = values.seed === undefined ? 1 : positiveInt("--seed", values.seed);
  const outDir = resolve(values.out);
  await refuseFolderInUse(outDir);
  const summary = await generateOrg({ people, systems, seed, outDir, now: parseNow(values.now) });
  console.log(JSON.stringify(summary, null, 2));
  console.log(
    `Wrote ${outDir}/deprov.config.json; scan it with: deprov scan --config ${outDir}/deprov.config.json`,
  );
  return EXIT.ok;
}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 1) {
    throw new UsageError(
      `deprov generate: ${flag}: expected a positive whole number, got ${value === undefined ? "nothing" : `"${value}"`}`,
    );
  }
  return n;
}

/**
 * A synthetic org goes into a new or empty folder: written over a folder of real exports, its
 * `hr-roster.csv` and the rest would replace them without a word.
 */
async function refuseFolderInUse(outDir: string): Promise<void> {
  const entries = await readdir(outDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    if (error.code === "ENOTDIR") throw new UsageError(`--out: ${outDir} is a file; expected a folder`);
    throw error;
  });
  if (entries.length > 0)
    throw new UsageError(
      `--out: ${outDir} is not empty; deprov generate writes a new org into a new or empty folder, so it never overwrites exports`,
    );
}
