/**
 * Sends an email at most once per scan and purpose: a retried step or a duplicated run finds the
 * step marker and does not send again; each sent email is in the audit trail. (A crash between
 * the send and the marker can still repeat one email: SES has no idempotency key.)
 */
import type { OutgoingEmail } from "../ports/mail/mailer.ts";
import { auditEntryId } from "../ports/state-store.ts";
import type { ScanDependencies } from "./scan-dependencies.ts";

export async function sendOnce(
  deps: ScanDependencies,
  scanId: string,
  purpose: string,
  at: number,
  message: Omit<OutgoingEmail, "idempotencyKey">,
): Promise<"sent" | "already-sent" | "no-mailer"> {
  if (!deps.mailer) return "no-mailer";
  const step = `email:${purpose}`;
  if ((await deps.stateStore.getStep(scanId, step)) !== undefined) return "already-sent";
  const sent = await deps.mailer.send({ ...message, idempotencyKey: `${scanId}:${purpose}` });
  await deps.stateStore.markStep(scanId, step, { messageId: sent.messageId, bytes: sent.bytes });
  await deps.stateStore.appendAudit([
    {
      id: auditEntryId(scanId, "email.sent", purpose),
      at,
      kind: "email.sent",
      actor: `scan:${scanId}`,
      subject: purpose,
      scanId,
      // Recipients are people's addresses: count them, don't copy them into the trail.
      detail: { purpose, recipients: message.to.length, bytes: sent.bytes, messageId: sent.messageId },
    },
  ]);
  return "sent";
}
