/**
 * Mail, locally: every message is written as an `.eml` file in the output folder and delivered to
 * the embedded SES-compatible sink through the real SES API. The sink starts on the first message
 * only, so scans that send nothing pay nothing.
 */
import { join } from "node:path";
import { CompositeMailer } from "../../functions/ports/mail/composite-mailer.ts";
import { EmlFileMailer } from "../../functions/ports/mail/eml-file-mailer.ts";
import type { Mailer, OutgoingEmail, SentEmail } from "../../functions/ports/mail/mailer.ts";
import { SesMailer } from "../../functions/ports/mail/ses-mailer.ts";
import { type EmbeddedSes, startEmbeddedSes } from "./embedded-ses.ts";

export class LocalMailer implements Mailer {
  private started: Promise<{ ses: EmbeddedSes; mailer: Mailer }> | undefined;

  constructor(private readonly outDir: string) {}

  async send(message: OutgoingEmail): Promise<SentEmail> {
    this.started ??= startEmbeddedSes().then((ses) => ({
      ses,
      // Files first: they are idempotent, so a retry after a failure repeats only the delivery.
      mailer: new CompositeMailer([
        new EmlFileMailer({ dir: join(this.outDir, "emails") }),
        new SesMailer({ client: ses.client }),
      ]),
    }));
    const { mailer } = await this.started;
    return mailer.send(message);
  }

  /** The sink's endpoint (GET /store lists what was delivered), once a message was sent. */
  async endpoint(): Promise<string | undefined> {
    return this.started ? (await this.started).ses.endpoint : undefined;
  }

  async close(): Promise<void> {
    if (this.started) await (await this.started).ses.close();
  }
}
