/**
 * In AWS the handlers may send as one address only (the role's `ses:FromAddress` condition, the
 * stack's `mailFrom`). A config whose `report.from` names another address would be refused by
 * SES with an AccessDenied that does not say why; this says it first, naming both addresses.
 */
import type { Mailer, OutgoingEmail, SentEmail } from "./mailer.ts";
import { bareAddress } from "./validate-email.ts";

export class SenderRestrictedMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly allowedFrom: string,
  ) {}

  send(message: OutgoingEmail): Promise<SentEmail> {
    const from = bareAddress(message.from);
    if (from.toLowerCase() !== this.allowedFrom.toLowerCase()) {
      return Promise.reject(
        new Error(
          `email ${JSON.stringify(message.idempotencyKey)}: the sender ${from} (report.from in the config) is not ` +
            `${this.allowedFrom}, the one address this deployment may send as (the stack's mailFrom); ` +
            "set report.from to it, or deploy with -c mailFrom=<address>",
        ),
      );
    }
    return this.inner.send(message);
  }
}
