/**
 * Mail, locally: every message is written as an `.eml` file in the output folder and delivered to
 * the embedded SES-compatible sink's store (GET /store of a sink started in this process lists it).
 *
 * Delivery goes straight into the sink's store, not through the SES API over HTTP: there, each
 * message costs an SDK request and the sink's MIME parse (about 3 ms together), which at a large
 * org's thousands of manager digests a night is most of the scan. The SES code path itself (the
 * `SesMailer` AWS runs) is tested against the sink over its HTTP API.
 *
 * `deprov scan --no-email` writes the files and delivers nothing. A simulated sending rate
 * (`DEPROV_LOCAL_SEND_RATE`, messages a second) makes bulk senders pace themselves as they do
 * against SES; by default there is none.
 */
import { join } from "node:path";
import { EmlFileMailer } from "../../functions/ports/mail/eml-file-mailer.ts";
import {
  DEFAULT_MAX_EMAIL_BYTES,
  type Mailer,
  type OutgoingEmail,
  type SentEmail,
} from "../../functions/ports/mail/mailer.ts";
import { composeWithinCap } from "../../functions/ports/mail/mime.ts";
import { deliverToSinkStore } from "./sink-store.ts";

export interface LocalMailerOptions {
  /** Hand messages to the sink (default); false: write the `.eml` files only. */
  deliver?: boolean;
  /** Simulated SES MaxSendRate, messages a second; omitted: unlimited. */
  sendRatePerSecond?: number;
  /** The Date header's clock; injectable for tests. */
  now?: () => number;
}

export const LOCAL_SEND_RATE_VARIABLE = "DEPROV_LOCAL_SEND_RATE";

export class LocalMailer implements Mailer {
  private readonly files: EmlFileMailer;

  constructor(
    outDir: string,
    private readonly options: LocalMailerOptions = {},
  ) {
    this.files = new EmlFileMailer({
      dir: join(outDir, "emails"),
      ...(options.now !== undefined ? { now: options.now } : {}),
    });
  }

  async send(message: OutgoingEmail): Promise<SentEmail> {
    const composed = await composeWithinCap(message, {
      maxBytes: DEFAULT_MAX_EMAIL_BYTES,
      date: new Date((this.options.now ?? Date.now)()),
    });
    // The file first: it is idempotent, so a retry after a failed delivery repeats only the delivery.
    const written = await this.files.sendRaw(composed.raw, message);
    if (this.options.deliver === false) return { ...written, writtenOnly: true };
    deliverToSinkStore(message, written.messageId, composed);
    return written;
  }

  async maxSendRate(): Promise<number | undefined> {
    return this.options.sendRatePerSecond;
  }
}

/** The simulated rate from the environment (`DEPROV_LOCAL_SEND_RATE`), or undefined. */
export function localSendRate(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env[LOCAL_SEND_RATE_VARIABLE];
  if (text === undefined || text.trim() === "") return undefined;
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new Error(
      `${LOCAL_SEND_RATE_VARIABLE}: expected messages a second (a positive number), got "${text}"`,
    );
  }
  return rate;
}
