/** `deprov validate`: load the config and every source, print counts and every rejected record; run no rules. */

import { resolveConfigPath } from "../../functions/config/load-config.ts";
import { isLiveSource, type SourceConfig } from "../../functions/config/schema.ts";
import { orgCurrency } from "../../functions/core/money.ts";
import type { TimeParser } from "../../functions/core/time.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { credentialResolver } from "../../functions/ports/tasks/resolve-credential.ts";
import { loadIdentityMap } from "../../functions/scan/load-identity-map.ts";
import {
  type CollectedSource,
  collectSource,
  ExportReadError,
  failedSource,
  parseExport,
} from "../../functions/scan/parse-source-export.ts";
import {
  type LiveReadSettings,
  liveEndpoint,
  readLiveExport,
} from "../../functions/scan/read-live-export.ts";
import { COMMON_OPTIONS, EXIT, parseCommandArgs } from "../args.ts";
import { progressLine } from "../progress.ts";
import { resolveConfig } from "../resolve-config.ts";
import { terminalText } from "../terminal-text.ts";

export const VALIDATE_HELP = `Usage: deprov validate [--config FILE] [--state DIR]

Loads the config and every source and prints, per source, the records read, every rejected
record and every warning about a record that was kept (file, line or index, field, reason): an
unknown status word, a malformed optional value that was dropped. A live source (url/credential,
or aws) is read from its API once: the line says whether it was reachable, the pages and records
read, the rejected records and the time it took. Runs no rules and changes no state.
Exit codes: 0 all sources read without rejections (warnings allowed), 2 a bad config, a failed
source or rejected records.`;

export interface ValidateDependencies {
  /** Live reads: the clock, sleep and HTTP settings (tests make waits instant). */
  live?: Partial<LiveReadSettings>;
}

export async function validateCommand(argv: string[], deps: ValidateDependencies = {}): Promise<number> {
  const { values } = parseCommandArgs("validate", argv, COMMON_OPTIONS);
  if (values.help) {
    console.log(VALIDATE_HELP);
    return EXIT.ok;
  }
  const config = await resolveConfig(values.config, values.state, Date.now(), (line) => console.error(line));
  console.log(
    `${config.file}: valid configuration for ${terminalText(config.organization)}, ${config.sources.length} sources`,
  );
  const time = timeParserFor(config.timezone);
  const settings: LiveReadSettings = { resolveCredential: credentialResolver(), ...deps.live };
  let problems = 0;
  let warnings = 0;
  for (const source of config.sources) {
    const collected = isLiveSource(source)
      ? await validateLiveSource(source, time, orgCurrency(config), settings)
      : await collectSource(config, source, time, Number.POSITIVE_INFINITY);
    if (!isLiveSource(source)) console.log(progressLine({ type: "source", source: collected }));
    if (collected.info.status === "failed") problems++;
    else {
      problems += collected.rejectedCount;
      warnings += collected.warningCount;
      for (const error of collected.errors) console.log(`    rejected: ${terminalText(error)}`);
      // The source's line printed its warnings; say how many more there were.
      if (collected.warningCount > collected.warnings.length) {
        console.log(`    … and ${collected.warningCount - collected.warnings.length} more warnings`);
      }
    }
  }
  if (config.identityMap !== undefined) {
    const file = resolveConfigPath(config, config.identityMap);
    const map = await loadIdentityMap(file, new Set(config.sources.map((s) => s.id)));
    console.log(
      `  ${"identity map".padEnd(22)} ${map.entries.length} entries, ${map.rejected.length} rejected`,
    );
    for (const error of map.rejected) console.log(`    rejected: ${terminalText(error)}`);
    problems += map.rejected.length;
  }
  const warned = warnings === 0 ? "" : ` ${warnings} warning(s) about records that were kept.`;
  console.log(problems === 0 ? `All sources valid.${warned}` : `${problems} problem(s) found.${warned}`);
  return problems === 0 ? EXIT.ok : EXIT.badInput;
}

/** Reads a live source once and prints whether it was reachable, pages, records, rejects and elapsed time. */
async function validateLiveSource(
  source: SourceConfig,
  time: TimeParser,
  currency: string,
  settings: LiveReadSettings,
): Promise<CollectedSource> {
  const started = performance.now();
  const label = `  source ${source.id}`.padEnd(24);
  const endpoint = liveEndpoint(source);
  try {
    const exported = await readLiveExport(source, settings);
    let collected: CollectedSource;
    try {
      collected = parseExport(source, exported, time, {
        maxErrorsKept: Number.POSITIVE_INFINITY,
        started,
        currency,
      });
    } finally {
      await exported.dispose?.();
    }
    const pages = exported.live?.pages ?? 0;
    const outcome =
      collected.info.status === "failed"
        ? `FAILED: ${terminalText(collected.errors[0] ?? "unknown error")}`
        : `${collected.recordCount} records, ${collected.rejectedCount} rejected`;
    console.log(
      `${label} live ${endpoint}: reachable, ${pages} ${pages === 1 ? "page" : "pages"}, ${outcome} (${seconds(started)})`,
    );
    for (const warning of collected.warnings ?? []) console.log(`    warning: ${terminalText(warning)}`);
    return collected;
  } catch (error) {
    if (!(error instanceof ExportReadError)) throw error;
    const reachable = error.reachable ? "reachable, but the read FAILED" : "NOT reachable";
    console.log(
      `${label} live ${endpoint}: ${reachable}: ${terminalText(error.message)} (${seconds(started)})`,
    );
    return failedSource(source, error.message, started);
  }
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}
