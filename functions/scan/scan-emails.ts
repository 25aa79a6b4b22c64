/**
 * The scan's emails (SPEC §6): the compliance digest to `report.to` with findings.csv attached,
 * and a digest to each manager of a departed person who left something behind. Every email goes
 * through `sendOnce`, so a retried step or a duplicated run sends nothing twice.
 *
 * Nothing is sent when nothing changed — no new and no resolved findings — unless
 * `report.sendWhenUnchanged` is set: a nightly mail saying the same as yesterday's trains people
 * to ignore it. A failed source or a rule that crashed is a change worth mailing about. Managers
 * get their digest again only when something changed for their own departed reports.
 */

import { renderComplianceDigest } from "../../reports/email/compliance-digest.ts";
import { renderManagerDigest } from "../../reports/email/manager-digest.ts";
import { type ManagerDigestGroup, routeManagerDigests } from "../../reports/email/manager-digest-routing.ts";
import { findingsCsvChunks } from "../../reports/findings-csv.ts";
import type { ScanResult } from "../../reports/scan-result.ts";
import type { LoadedConfig } from "../config/load-config.ts";
import { DEFAULT_MAX_EMAIL_BYTES, type OutgoingEmail } from "../ports/mail/mailer.ts";
import { isPlainAddress } from "../ports/mail/validate-email.ts";
import type { ScanRun } from "../ports/state-store.ts";
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

export type DigestOutcome = "sent" | "already-sent" | "unchanged" | "not-configured" | "no-mailer";

export interface ManagerDigestCounts {
  sent: number;
  /** Sent by an earlier attempt of this scan. */
  alreadySent: number;
  /** Nothing changed for the manager's departed reports since the last scan. */
  unchanged: number;
  /** Managers whom no address reaches (not in the roster, or no email). */
  skippedNoEmail: number;
  /** Managers whose roster email is not a plain address the mail port accepts. */
  skippedInvalidEmail: number;
  /** Departed people with open findings and no manager on record. */
  leaversWithoutManager: number;
  /** Sends that failed (recorded in the audit trail; the other managers still get theirs). */
  failed: number;
}

export interface ScanEmailsSummary {
  digest: DigestOutcome;
  managerDigests: ManagerDigestCounts;
}

export const COMPLIANCE_DIGEST_PURPOSE = "compliance-digest";
export const managerDigestPurpose = (managerId: string): string => `manager-digest:${managerId}`;

/** Room left in the message for the bodies and headers when deciding whether the CSV fits. */
const BODY_ALLOWANCE_BYTES = 512 * 1024;

export async function sendScanEmails(
  deps: ScanDependencies,
  input: ScanEmailsInput,
): Promise<ScanEmailsSummary> {
  const managerDigests = zeroCounts();
  const report = input.config.report;
  if (report === undefined) return { digest: "not-configured", managerDigests };
  if (deps.mailer === undefined) return { digest: "no-mailer", managerDigests };

  const changes = changesOf(input.result);
  const sendAnyway = report.sendWhenUnchanged;
  const digest: DigestOutcome =
    sendAnyway || changes.anything ? await sendComplianceDigest(deps, input, report) : "unchanged";
  await sendManagerDigests(deps, input, report.from, changes, sendAnyway, managerDigests);

  deps.log(
    `emails: compliance digest ${digest}; manager digests ${managerDigests.sent} sent, ` +
      `${managerDigests.alreadySent} already sent, ${managerDigests.unchanged} unchanged, ` +
      `${managerDigests.skippedNoEmail + managerDigests.skippedInvalidEmail} managers without a usable email, ` +
      `${managerDigests.leaversWithoutManager} leavers without a manager, ${managerDigests.failed} failed`,
  );
  return { digest, managerDigests };
}

interface Changes {
  /** Something a reader of the compliance digest has not been told yet. */
  anything: boolean;
  /** Without history every finding counts as new. */
  isNew(findingId: string): boolean;
  hasResolved(personId: string): boolean;
}

function changesOf(result: ScanResult): Changes {
  const incomplete =
    result.sources.some((source) => source.status === "failed") || result.ruleErrors.length > 0;
  const { history } = result;
  if (history === undefined) {
    // A scan without persisted state cannot tell what is new: send, rather than stay silent.
    return { anything: true, isNew: () => true, hasResolved: () => false };
  }
  const newIds = new Set(history.newFindingIds);
  const resolvedPeople = new Set<string>();
  for (const finding of history.resolved) if (finding.personId !== null) resolvedPeople.add(finding.personId);
  return {
    anything: incomplete || newIds.size > 0 || history.resolved.length > 0,
    isNew: (id) => newIds.has(id),
    hasResolved: (personId) => resolvedPeople.has(personId),
  };
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

async function sendManagerDigests(
  deps: ScanDependencies,
  input: ScanEmailsInput,
  from: string,
  changes: Changes,
  sendAnyway: boolean,
  counts: ManagerDigestCounts,
): Promise<void> {
  const { result, run } = input;
  const routing = routeManagerDigests(result);
  counts.skippedNoEmail = routing.managersWithoutEmail.length;
  counts.leaversWithoutManager = routing.leaversWithoutManager.length;
  // One at a time: SES accounts send a few messages per second, and each is rendered only when sent.
  for (const group of routing.groups) {
    if (!sendAnyway && !changedFor(group, changes)) {
      counts.unchanged++;
      continue;
    }
    if (!isPlainAddress(group.email)) {
      counts.skippedInvalidEmail++;
      continue;
    }
    const digest = renderManagerDigest(group, result);
    // Roster text goes into the subject only: the recipient is a checked bare address, no display name.
    const message: Omit<OutgoingEmail, "idempotencyKey"> = {
      from,
      to: [digest.to],
      subject: digest.subject,
      text: digest.text,
      html: digest.html,
      headers: { "X-Deprov-Scan-Id": result.scanId },
    };
    const purpose = managerDigestPurpose(group.managerId);
    try {
      const outcome = await sendOnce(deps, result.scanId, purpose, run.startedAt, message);
      if (outcome === "sent") counts.sent++;
      else if (outcome === "already-sent") counts.alreadySent++;
    } catch {
      // One manager's mailbox (a typo in the roster, an address SES rejects) must not stop the
      // others' digests; sendOnce put the failure in the audit trail.
      counts.failed++;
    }
  }
}

function changedFor(group: ManagerDigestGroup, changes: Changes): boolean {
  for (const report of group.reports) {
    if (changes.hasResolved(report.personId)) return true;
    for (const findings of Object.values(report.items)) {
      if (findings.some((finding) => changes.isNew(finding.id))) return true;
    }
  }
  return false;
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

function zeroCounts(): ManagerDigestCounts {
  return {
    sent: 0,
    alreadySent: 0,
    unchanged: 0,
    skippedNoEmail: 0,
    skippedInvalidEmail: 0,
    leaversWithoutManager: 0,
    failed: 0,
  };
}
