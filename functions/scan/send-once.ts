/**
 * Sends an email at most once per scan and purpose: a retried step or a duplicated run finds the
 * step marker and does not send again; each sent email, and each that failed, is in the audit trail. (A crash between
 * the send and the marker can still repeat one email: SES has no idempotency key.)
 */
import type { OutgoingEmail, SentEmail } from "../ports/mail/mailer.ts";
import { auditEntryId } from "../ports/state-store.ts";
import type { ScanDependencies } from "./scan-dependencies.ts";

export async function sendOnce(
  deps: ScanDependencies,
  scanId: string,
  purpose: string,
  at: number,
  message: Omit<OutgoingEmail, "idempotencyKey">,
  /** Whose email it is in the audit trail: the scan (default) or, say, an access-review campaign. */
  owner: { actor: string; scanId?: string } = { actor: `scan:${scanId}`, scanId },
): Promise<"sent" | "written" | "already-sent" | "no-mailer"> {
  if (!deps.mailer) return "no-mailer";
  const step = `email:${purpose}`;
  if ((await deps.stateStore.getStep(scanId, step)) !== undefined) return "already-sent";
  const audit = (kind: "email.sent" | "email.written" | "email.failed", detail: Record<string, unknown>) =>
    deps.stateStore.appendAudit([
      {
        id: auditEntryId(scanId, kind, purpose),
        at,
        kind,
        actor: owner.actor,
        subject: purpose,
        ...(owner.scanId === undefined ? {} : { scanId: owner.scanId }),
        detail: { purpose, ...detail },
      },
    ]);
  let sent: SentEmail;
  try {
    sent = await deps.mailer.send({ ...message, idempotencyKey: `${scanId}:${purpose}` });
  } catch (error) {
    // By error type only: mail services' messages quote addresses.
    await audit("email.failed", { error: error instanceof Error ? error.name : "unknown error" });
    throw error;
  }
  await deps.stateStore.markStep(scanId, step, { messageId: sent.messageId, bytes: sent.bytes });
  // Recipients are people's addresses: count them, don't copy them into the trail.
  const kind = sent.writtenOnly ? "email.written" : "email.sent";
  await audit(kind, { recipients: message.to.length, bytes: sent.bytes, messageId: sent.messageId });
  return sent.writtenOnly ? "written" : "sent";
}
