/**
 * The scan's compliance digest (SPEC §6): to `report.to`, with findings.csv attached when it fits.
 * It goes through `sendOnce`, so a retried step or a duplicated run sends nothing twice. The
 * per-manager digests are a night's bulk work of their own (PlanManagerDigests, SendManagerDigests).
 *
 * Nothing is sent when nothing changed — no new, reopened, waived, waiver-expired or resolved
 * findings — unless `report.sendWhenUnchanged` is set: a nightly mail saying the same as
 * yesterday's trains people to ignore it. A failed source, a rule that crashed, or leavers whose
 * findings are held because the roster no longer shows their departure, is worth mailing about
 * every night it lasts, as the source alerts are — once a night: a re-run at the same instant
 * with the same facts sends nothing again (night-news.ts).
 */

import { renderComplianceDigest } from "../../reports/email/compliance-digest.ts";
import { findingsCsvChunks } from "../../reports/findings-csv.ts";
import type { LoadedConfig } from "../config/load-config.ts";
import { DEFAULT_MAX_EMAIL_BYTES } from "../ports/mail/mailer.ts";
import type { ScanRun } from "../ports/state-store.ts";
import type { ScanResult } from "./contract/scan-result.ts";
import { markToldTonight, type NightNews, toldTonight } from "./night-news.ts";
import type { ScanDependencies } from "./scan-dependencies.ts";
import { sendOnce } from "./send-once.ts";

export interface ScanEmailsInput {
  result: ScanResult;
  config: LoadedConfig;
  /** The scan's run: its `startedAt` dates the audit entries, the same on every retry. */
  run: ScanRun;
  /** findings.csv as already rendered; rendered from `result` when absent. */
  csv?: string;
  /**
   * Where the full report lives (`s3://…`, `file://…`): named in the digest, and the link that
   * replaces the CSV when it is too large to attach.
   */
  reportLink?: string;
}

export type DigestOutcome =
  | "sent"
  | "written"
  | "already-sent"
  | "unchanged"
  | "not-configured"
  | "no-mailer";

export interface ScanEmailsSummary {
  digest: DigestOutcome;
}

export const COMPLIANCE_DIGEST_PURPOSE = "compliance-digest";

/** Room left in the message for the bodies and headers when deciding whether the CSV fits. */
const BODY_ALLOWANCE_BYTES = 512 * 1024;

export async function sendScanEmails(
  deps: ScanDependencies,
  input: ScanEmailsInput,
): Promise<ScanEmailsSummary> {
  const report = input.config.report;
  if (report === undefined) return { digest: "not-configured" };
  if (deps.mailer === undefined) return { digest: "no-mailer" };
  const standing: NightNews = {
    evaluatedAt: input.run.evaluatedAt,
    purpose: COMPLIANCE_DIGEST_PURPOSE,
    facts: standingFacts(input.result),
  };
  const digest = await digestOutcome(deps, input, report, standing);
  deps.log(`emails: compliance digest ${digest}`);
  return { digest };
}

/**
 * Sends the digest when it has something to tell: changes since the last report always; standing
 * facts (an incomplete scan) or a `sendWhenUnchanged` digest once per night, so a re-run of the
 * night at the same instant sends nothing again.
 */
async function digestOutcome(
  deps: ScanDependencies,
  input: ScanEmailsInput,
  report: { from: string; to: string[]; sendWhenUnchanged?: boolean },
  standing: NightNews,
): Promise<DigestOutcome> {
  const changed = hasChanges(input.result);
  if (!changed && standing.facts.length === 0 && !report.sendWhenUnchanged) return "unchanged";
  if (!changed && (await toldTonight(deps, standing))) return "already-sent";
  const outcome = await sendComplianceDigest(deps, input, report);
  if (outcome !== "no-mailer") await markToldTonight(deps, standing, input.result.scanId);
  return outcome;
}

/**
 * What makes the scan incomplete, worth mailing every night it lasts: ids and statuses only, no
 * record values (they name the marker, and nothing else).
 */
export function standingFacts(result: ScanResult): string[] {
  const facts = result.sources
    .filter((source) => source.status !== "ok")
    .map((source) => `source ${source.id} ${source.status}`);
  for (const rule of new Set(result.ruleErrors.map((error) => error.rule)))
    facts.push(`rule ${rule} crashed`);
  const vanished = result.vanishedDepartures;
  if (vanished !== undefined) {
    facts.push(
      `departures vanished from ${vanished.sourceId}: ${vanished.removed} removed, ${vanished.undated} undated`,
    );
  }
  return facts;
}

/** Findings that changed since the last report (a scan without persisted state: anything may have). */
function hasChanges(result: ScanResult): boolean {
  const { history } = result;
  if (history === undefined) return true;
  return (
    history.newFindingIds.length > 0 ||
    history.reopenedFindingIds.length > 0 ||
    history.waiverExpiredFindingIds.length > 0 ||
    history.waivedFindingIds.length > 0 ||
    history.resolved.length > 0
  );
}

async function sendComplianceDigest(
  deps: ScanDependencies,
  input: ScanEmailsInput,
  report: { from: string; to: string[] },
): Promise<DigestOutcome> {
  const { result, reportLink } = input;
  const filename = `findings-${fileNamePart(result.scanId)}.csv`;
  const csv = attachableCsv(input);
  const digest = renderComplianceDigest(result, {
    ...(reportLink !== undefined ? { reportLink } : {}),
    ...(csv !== undefined ? { csvAttachment: filename } : {}),
  });
  return sendOnce(deps, result.scanId, COMPLIANCE_DIGEST_PURPOSE, input.run.startedAt, {
    from: report.from,
    to: report.to,
    subject: digest.subject,
    text: digest.text,
    html: digest.html,
    ...(csv !== undefined
      ? { attachments: [{ filename, contentType: "text/csv; charset=utf-8", content: csv }] }
      : {}),
    headers: { "X-Deprov-Scan-Id": result.scanId },
    ...(reportLink !== undefined ? { fallbackLink: reportLink } : {}),
  });
}

/** Base64 grows the CSV by 4/3 plus line breaks; beyond the cap the digest links the report instead. */
const MAX_ATTACHED_CSV_BYTES = Math.floor(
  ((DEFAULT_MAX_EMAIL_BYTES - BODY_ALLOWANCE_BYTES) * 3 * 76) / (4 * 78),
);

/** The CSV to attach, or undefined when it is too large for an email (the digest then links the report). */
function attachableCsv(input: ScanEmailsInput): string | undefined {
  if (input.csv === undefined) return csvThatFits(input.result);
  return Buffer.byteLength(input.csv, "utf8") <= MAX_ATTACHED_CSV_BYTES ? input.csv : undefined;
}

/** findings.csv, or undefined as soon as it grows past what an email carries (a large org's is tens of MB). */
function csvThatFits(result: ScanResult): string | undefined {
  let csv = "";
  let bytes = 0;
  for (const chunk of findingsCsvChunks(result)) {
    bytes += Buffer.byteLength(chunk, "utf8");
    if (bytes > MAX_ATTACHED_CSV_BYTES) return undefined;
    csv += chunk;
  }
  return csv;
}

/** Scan ids are ours (`20261126T140000Z-1a2b3c4d`); keep the file name plain whatever they hold. */
function fileNamePart(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "_");
}
