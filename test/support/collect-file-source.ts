/** One source read from a file in `dir` through the path a scan takes (bytes to records). */
import { join } from "node:path";
import { type LoadedConfig, parseConfigText } from "../../functions/config/load-config.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { type CollectedSource, collectSource } from "../../functions/scan/parse-source-export.ts";

/** `source` (without its id and path) as source "src" of a config in `dir`, beside a roster when it is none. */
export function collectFileSource(
  dir: string,
  file: string,
  source: Record<string, unknown>,
  timezone: string,
): Promise<CollectedSource> {
  const config: LoadedConfig = parseConfigText(
    JSON.stringify({
      organization: "Acme",
      timezone,
      sources: [
        ...(source.kind === "roster" ? [] : [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }]),
        { id: "src", path: file, ...source },
      ],
    }),
    join(dir, "deprov.config.json"),
  );
  const mine = config.sources.find((s) => s.id === "src") as LoadedConfig["sources"][number];
  return collectSource(config, mine, timeParserFor(timezone));
}
