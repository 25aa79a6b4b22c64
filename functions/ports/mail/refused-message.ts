/**
 * Whether a send failed for this one message only — the mail service refused it (a mailbox it
 * will not deliver to, content it rejects) or it failed deprov's own checks — so the other
 * recipients of a bulk send still get theirs. Anything else (throttling, an outage, an unverified
 * sender) would fail every message alike, and fails the step instead.
 */
import { MailTooLargeError } from "./mime.ts";
import { MailValidationError } from "./validate-email.ts";

/** SES v1/v2 errors about the message itself. */
const PER_MESSAGE_ERRORS = new Set(["MessageRejected", "MessageRejectedException", "InvalidParameterValue"]);

export function isRefusedMessage(error: unknown): boolean {
  if (error instanceof MailValidationError || error instanceof MailTooLargeError) return true;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" && PER_MESSAGE_ERRORS.has(name);
}
