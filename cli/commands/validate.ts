/** `deprov validate`: load the config and every source, print counts and every rejected record; run no rules. */

import { resolveConfigPath } from "../../functions/config/load-config.ts";
import { TimeParser } from "../../functions/core/time.ts";
import { collectSource } from "../../functions/scan/collect-source.ts";
import { loadIdentityMap } from "../../functions/scan/load-identity-map.ts";
import { COMMON_OPTIONS, EXIT, parseCommandArgs } from "../args.ts";
import { progressLine } from "../progress.ts";
import { resolveConfig } from "../resolve-config.ts";

export const VALIDATE_HELP = `Usage: deprov validate [--config FILE] [--state DIR]

Loads the config and every source and prints, per source, the records read and every rejected
record (file, line or index, field, reason). Runs no rules and changes no state.
Exit codes: 0 all sources read without rejections, 2 a bad config, a failed source or rejected records.`;

export async function validateCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("validate", argv, COMMON_OPTIONS);
  if (values.help) {
    console.log(VALIDATE_HELP);
    return EXIT.ok;
  }
  const config = await resolveConfig(values.config, values.state, Date.now(), (line) => console.error(line));
  console.log(
    `${config.file}: valid configuration for ${config.organization}, ${config.sources.length} sources`,
  );
  const time = new TimeParser(config.timezone);
  let problems = 0;
  for (const source of config.sources) {
    const collected = collectSource(config, source, time, Number.POSITIVE_INFINITY);
    console.log(progressLine({ type: "source", source: collected }));
    if (collected.info.status === "failed") problems++;
    else {
      problems += collected.rejectedCount;
      for (const error of collected.errors) console.log(`    rejected: ${error}`);
    }
  }
  if (config.identityMap !== undefined) {
    const file = resolveConfigPath(config, config.identityMap);
    const map = loadIdentityMap(file, new Set(config.sources.map((s) => s.id)));
    console.log(
      `  ${"identity map".padEnd(22)} ${map.entries.length} entries, ${map.rejected.length} rejected`,
    );
    for (const error of map.rejected) console.log(`    rejected: ${error}`);
    problems += map.rejected.length;
  }
  console.log(problems === 0 ? "All sources valid." : `${problems} problem(s) found.`);
  return problems === 0 ? EXIT.ok : EXIT.badInput;
}
