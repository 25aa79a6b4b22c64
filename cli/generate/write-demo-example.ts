/**
 * Regenerates the committed demo org in `examples/demo/` for its fixed instant, so the files people
 * browse do not change from one run to the next: `npx tsx cli/generate/write-demo-example.ts`.
 * (`deprov scan` without `--config` renders the same org relative to the current time instead.)
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_EXAMPLE, generateDemo } from "./generate-demo.ts";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const summary = await generateDemo({
  outDir: join(repoRoot, DEMO_EXAMPLE.dir),
  now: DEMO_EXAMPLE.now,
  schemaRef: DEMO_EXAMPLE.schemaRef,
});
console.log(
  `Wrote ${summary.files.length + 1} files (${summary.people} people, ${summary.accounts} accounts) to ${summary.outDir}`,
);
