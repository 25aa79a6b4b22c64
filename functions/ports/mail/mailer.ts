/**
 * The mail port: what deprov sends (the scan report, guard-rail alerts) and what came back. SES in
 * AWS; locally the SES-compatible sink plus `.eml` files (SPEC §6).
 */

/** A bare address (`it@example.com`), or one with a display name that nodemailer encodes. */
export type MailAddress = string | { name: string; address: string };

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: string | Buffer;
}

export interface OutgoingEmail {
  from: MailAddress;
  to: MailAddress[];
  cc?: MailAddress[];
  subject: string;
  text: string;
  html?: string;
  attachments?: EmailAttachment[];
  /** Extension headers only (`X-Deprov-Scan-Id`); the structural ones come from the fields above. */
  headers?: Record<string, string>;
  /**
   * Names this email across retries: the same key yields the same Message-ID and the same `.eml`
   * file. Not sending twice is the caller's job (the audit trail), as SES has no idempotency key.
   */
  idempotencyKey: string;
  /** Where the full report can be fetched when the attachments are dropped to fit the size cap. */
  fallbackLink?: string;
}

export interface SentEmail {
  /** The transport's id: SES's MessageId, or the RFC 5322 Message-ID for a file copy. */
  messageId: string;
  /** Size of the raw MIME message. */
  bytes: number;
  /** Path of the `.eml` copy, when one was written. */
  eml?: string;
  /** Set when the message was only written to a file (`deprov scan --no-email`), not sent. */
  writtenOnly?: true;
}

export interface Mailer {
  send(message: OutgoingEmail): Promise<SentEmail>;
  /**
   * Messages per second the transport accepts (SES: the account's MaxSendRate); `undefined` when
   * it sets no limit. Bulk senders pace themselves by it.
   */
  maxSendRate?(): Promise<number | undefined>;
}

/** A mailer that also delivers an already composed message, so several can carry identical bytes. */
export interface RawMailer extends Mailer {
  sendRaw(raw: Buffer, message: OutgoingEmail): Promise<SentEmail>;
}

/** Below SES's 10 MB raw-message limit, leaving room for the headers SES adds. */
export const DEFAULT_MAX_EMAIL_BYTES = 9 * 1024 * 1024;
