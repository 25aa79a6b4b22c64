/**
 * Sends one message through several mailers (locally: the SES-compatible sink and `.eml` files).
 * The message is composed once, so every copy carries the same bytes. Mailers run in order and
 * the first failure stops the rest: put the idempotent ones (files) first, so a retry after a
 * failure repeats only what did not happen. The reported `messageId` is the last mailer's (the
 * transport's, e.g. SES).
 */
import {
  DEFAULT_MAX_EMAIL_BYTES,
  type Mailer,
  type OutgoingEmail,
  type RawMailer,
  type SentEmail,
} from "./mailer.ts";
import { composeWithinCap } from "./mime.ts";

export interface CompositeMailerOptions {
  maxBytes?: number;
  now?: () => number;
}

export class CompositeMailer implements Mailer {
  constructor(
    private readonly mailers: readonly RawMailer[],
    private readonly options: CompositeMailerOptions = {},
  ) {
    if (mailers.length === 0) throw new Error("CompositeMailer: expected at least one mailer");
  }

  async send(message: OutgoingEmail): Promise<SentEmail> {
    const { raw } = await composeWithinCap(message, {
      maxBytes: this.options.maxBytes ?? DEFAULT_MAX_EMAIL_BYTES,
      date: new Date((this.options.now ?? Date.now)()),
    });
    let messageId = "";
    let eml: string | undefined;
    for (const mailer of this.mailers) {
      const sent = await mailer.sendRaw(raw, message);
      messageId = sent.messageId;
      eml ??= sent.eml;
    }
    return { messageId, bytes: raw.length, ...(eml !== undefined ? { eml } : {}) };
  }
}
