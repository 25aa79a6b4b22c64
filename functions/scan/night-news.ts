/**
 * What a night has already told its readers, across runs (SPEC §5: re-running a scan never
 * duplicates emails). An email's own marker is per scan (`sendOnce`), but a re-run of the same
 * night — `deprov scan --now` with the instant of the run before it — is another scan: without
 * this it mailed the same failed or suspect source again.
 *
 * "The same news" is the same evaluation instant and the same standing facts (which sources
 * failed or are suspect, which rules crashed, which leavers the roster lost), named by a hash of
 * those facts. A later night has another instant and is told again, as a failure is worth
 * mailing every night it lasts; a re-run whose facts differ (another source failed too) is told
 * too. Changes between scans need no such marker: the history counts them from the last
 * report, so a re-run that changed nothing has none (ADR 0010).
 */
import { createHash } from "node:crypto";
import type { Instant } from "../core/model.ts";
import { toIso } from "../core/time.ts";
import type { ScanDependencies } from "./scan-dependencies.ts";

export interface NightNews {
  evaluatedAt: Instant;
  purpose: string;
  /** The standing facts the email tells, each a short line without personal data. */
  facts: readonly string[];
}

/** The marker's place: one per evaluation instant, one entry per purpose and set of facts. */
function markerOf(news: NightNews): { scope: string; step: string } {
  const digest = createHash("sha256")
    .update([...news.facts].sort().join("\n"))
    .digest("hex")
    .slice(0, 24);
  return { scope: `night:${toIso(news.evaluatedAt)}`, step: `told:${news.purpose}:${digest}` };
}

export async function toldTonight(deps: ScanDependencies, news: NightNews): Promise<boolean> {
  const { scope, step } = markerOf(news);
  return (await deps.stateStore.getStep(scope, step)) !== undefined;
}

/** Records that `scanId` told these facts tonight; the first scan to tell them stays on record. */
export async function markToldTonight(
  deps: ScanDependencies,
  news: NightNews,
  scanId: string,
): Promise<void> {
  const { scope, step } = markerOf(news);
  await deps.stateStore.markStep(scope, step, { scanId });
}
