/**
 * Which config a command runs on. Without `--config`, the bundled demo org: it is regenerated
 * into the state folder relative to the evaluation instant, so its leavers, SLAs and lookback
 * windows never age out and every rule fires on whatever day it runs (examples/demo holds the
 * same org as committed files to browse).
 */
import { join, resolve } from "node:path";
import { type LoadedConfig, loadConfig } from "../functions/config/load-config.ts";
import { generateDemo } from "./generate/generate-demo.ts";

export const DEFAULT_STATE_DIR = ".deprov";

export async function resolveConfig(
  configFile: string | undefined,
  stateDir: string | undefined,
  now: number,
  say: (line: string) => void,
): Promise<LoadedConfig> {
  if (configFile !== undefined) return loadConfig(configFile);
  const demoDir = resolve(stateDir ?? DEFAULT_STATE_DIR, "demo");
  await generateDemo({ outDir: demoDir, now });
  say(
    `No --config given: using the bundled demo org, generated for ${new Date(now).toISOString()} in ${demoDir}`,
  );
  return loadConfig(join(demoDir, "deprov.config.json"));
}
