import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EmbeddedSes, startEmbeddedSes } from "../../../cli/local/embedded-ses.ts";
import { CompositeMailer } from "../../../functions/ports/mail/composite-mailer.ts";
import { EmlFileMailer } from "../../../functions/ports/mail/eml-file-mailer.ts";
import { SesMailer } from "../../../functions/ports/mail/ses-mailer.ts";
import { MailValidationError } from "../../../functions/ports/mail/validate-email.ts";
import { reportEmail } from "./sample-email.ts";

/** The sink's `GET /store` entry for a mail (the fields these tests read). */
interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { filename?: string; contentType: string; content: string; size: number }[];
}

const NOW = Date.parse("2026-11-26T09:00:00Z");

describe("SesMailer against the embedded SES sink", () => {
  let ses: EmbeddedSes;

  async function storedEmails(): Promise<StoredEmail[]> {
    const response = await fetch(`${ses.endpoint}/store`);
    return ((await response.json()) as { emails: StoredEmail[] }).emails;
  }

  beforeAll(async () => {
    ses = await startEmbeddedSes();
  });
  afterAll(async () => {
    await ses.close();
  });
  beforeEach(async () => {
    await fetch(`${ses.endpoint}/clear-store`, { method: "POST" });
  });

  it("delivers the report with its recipients, bodies and CSV attachment", async () => {
    // Prepare
    const mailer = new SesMailer({ client: ses.client, now: () => NOW });

    // Act
    const sent = await mailer.send(reportEmail());

    // Assess
    const emails = await storedEmails();
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email?.messageId).toBe(sent.messageId);
    expect(email?.from).toBe('"deprov audit" <deprov@audit.example.com>');
    expect(email?.subject).toBe("Deprovisioning audit — Acme Corp — 2026-11-26: 12 new findings");
    expect(email?.destination).toEqual({
      to: ["it-security@example.com, compliance@example.com"],
      cc: ["ciso@example.com"],
      bcc: [],
    });
    expect(email?.body.text).toBe("12 new findings, 3 resolved since the last scan.\n");
    expect(email?.body.html).toContain("<h1>Deprovisioning audit</h1>");
    expect(email?.attachments).toHaveLength(1);
    const attachment = email?.attachments[0];
    expect(attachment?.filename).toBe("findings.csv");
    expect(attachment?.contentType).toBe("text/csv");
    expect(Buffer.from(attachment?.content ?? "", "base64").toString("utf8")).toBe(
      "ruleId,severity,personId\r\norphan-account,high,E1001\r\n",
    );
    expect(sent.bytes).toBeGreaterThan(0);
  });

  it("rejects an injected recipient before anything reaches SES", async () => {
    // Prepare
    const mailer = new SesMailer({ client: ses.client, now: () => NOW });

    // Act
    const send = mailer.send(reportEmail({ to: ["a@b.com\r\nBcc: x@y.com"] }));

    // Assess
    await expect(send).rejects.toBeInstanceOf(MailValidationError);
    expect(await storedEmails()).toEqual([]);
  });

  it("sends one composed message to the .eml folder and to SES through the composite", async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), "deprov-mail-"));
    const eml = new EmlFileMailer({ dir, now: () => NOW });
    const mailer = new CompositeMailer([eml, new SesMailer({ client: ses.client })], { now: () => NOW });

    try {
      // Act
      const sent = await mailer.send(reportEmail());

      // Assess
      const emails = await storedEmails();
      expect(emails.map((e) => e.messageId)).toEqual([sent.messageId]);
      expect(sent.eml).toBeDefined();
      const file = await readFile(sent.eml ?? "");
      expect(file.length).toBe(sent.bytes);
      expect(file.toString("utf8")).toContain("Date: Thu, 26 Nov 2026 09:00:00 +0000");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
