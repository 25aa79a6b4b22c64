/**
 * The mailer for AWS: one SES SendRawEmail per message (raw MIME is what carries the CSV
 * attachment). The SES client is created once per process and injectable, so the local runtime
 * points the same code at the SES-compatible sink.
 */
import { GetSendQuotaCommand, SESClient, SendRawEmailCommand } from "@aws-sdk/client-ses";
import { DEFAULT_MAX_EMAIL_BYTES, type OutgoingEmail, type RawMailer, type SentEmail } from "./mailer.ts";
import { composeWithinCap } from "./mime.ts";
import { bareAddress } from "./validate-email.ts";

export interface SesMailerOptions {
  /** Defaults to one client per process, configured from the Lambda environment. */
  client?: SESClient;
  maxBytes?: number;
  configurationSetName?: string;
  /** The Date header's clock; injectable for tests. */
  now?: () => number;
}

let sharedClient: SESClient | undefined;

function defaultClient(): SESClient {
  sharedClient ??= new SESClient({});
  return sharedClient;
}

export class SesMailer implements RawMailer {
  private readonly client: SESClient;

  constructor(private readonly options: SesMailerOptions = {}) {
    this.client = options.client ?? defaultClient();
  }

  async send(message: OutgoingEmail): Promise<SentEmail> {
    const { raw } = await composeWithinCap(message, {
      maxBytes: this.options.maxBytes ?? DEFAULT_MAX_EMAIL_BYTES,
      date: new Date((this.options.now ?? Date.now)()),
    });
    return this.sendRaw(raw, message);
  }

  /** The account's sending rate (SES GetSendQuota): 14 a second for a new production account. */
  async maxSendRate(): Promise<number | undefined> {
    const quota = await this.client.send(new GetSendQuotaCommand({}));
    const rate = quota.MaxSendRate;
    return rate !== undefined && rate > 0 ? rate : undefined;
  }

  async sendRaw(raw: Buffer, message: OutgoingEmail): Promise<SentEmail> {
    const output = await this.client.send(
      new SendRawEmailCommand({
        RawMessage: { Data: raw },
        // The envelope, stated explicitly rather than left to SES to read from the headers.
        Source: bareAddress(message.from),
        Destinations: [...message.to, ...(message.cc ?? [])].map(bareAddress),
        ...(this.options.configurationSetName !== undefined
          ? { ConfigurationSetName: this.options.configurationSetName }
          : {}),
      }),
    );
    if (output.MessageId === undefined) {
      throw new Error(`email ${JSON.stringify(message.idempotencyKey)}: SES accepted it without a MessageId`);
    }
    return { messageId: output.MessageId, bytes: raw.length };
  }
}
