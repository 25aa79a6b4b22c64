/**
 * Hands a message to the embedded SES-compatible sink (aws-ses-v2-local) in the shape its own
 * SendRawEmail handler stores after parsing the MIME: what `GET /store` lists. The store is the
 * sink's module state, shared by every sink started in this process.
 */
import { createRequire } from "node:module";
import type { MailAddress, OutgoingEmail } from "../../functions/ports/mail/mailer.ts";
import type { ComposedEmail } from "../../functions/ports/mail/mime.ts";

/** The sink's stored email (aws-ses-v2-local `dist/store`). */
interface SinkEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { filename: string; contentType: string; content: string; size: number }[];
  /** Epoch seconds. */
  at: number;
}

interface SinkStoreModule {
  saveEmail(email: SinkEmail): void;
}

let store: SinkStoreModule | undefined;

function sinkStore(): SinkStoreModule {
  store ??= createRequire(import.meta.url)("aws-ses-v2-local/dist/store") as SinkStoreModule;
  return store;
}

export function deliverToSinkStore(message: OutgoingEmail, messageId: string, composed: ComposedEmail): void {
  const attachments = composed.attachmentsDropped ? [] : (message.attachments ?? []);
  sinkStore().saveEmail({
    messageId,
    from: addressText(message.from),
    replyTo: [],
    destination: { to: message.to.map(addressText), cc: (message.cc ?? []).map(addressText), bcc: [] },
    subject: message.subject,
    body: { text: message.text, ...(message.html !== undefined ? { html: message.html } : {}) },
    attachments: attachments.map((attachment) => {
      const content = Buffer.from(attachment.content);
      return {
        filename: attachment.filename,
        contentType: attachment.contentType,
        content: content.toString("base64"),
        size: content.length,
      };
    }),
    at: Math.floor(Date.now() / 1000),
  });
}

function addressText(address: MailAddress): string {
  return typeof address === "string" ? address : `${address.name} <${address.address}>`;
}
