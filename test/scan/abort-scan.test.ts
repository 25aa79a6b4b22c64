import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../functions/config/load-config.ts";
import { alertMailOf } from "../../functions/handlers/aws-dependencies.ts";
import { readEnvironment } from "../../functions/handlers/environment.ts";
import type { OutgoingEmail } from "../../functions/ports/mail/mailer.ts";
import { SenderRestrictedMailer } from "../../functions/ports/mail/sender-restricted-mailer.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { abortScan } from "../../functions/scan/steps/finish-scan.ts";
import { MemoryStateStore } from "../support/memory-state-store.ts";

const NOW = Date.parse("2026-11-26T02:00:00Z");
/** A config as many start: sources, and no `report` section. */
const CONFIG = parseConfigText(
  JSON.stringify({
    organization: "Acme Corp",
    sources: [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }],
  }),
  "/etc/deprov/deprov.config.json",
);

function recordingMailer(sent: OutgoingEmail[]) {
  return {
    send: async (message: OutgoingEmail) => {
      sent.push(message);
      return { messageId: "m-1", bytes: 1 };
    },
  };
}

async function abortedScan(alertMail: ScanDependencies["alertMail"]) {
  const stateStore = new MemoryStateStore();
  await stateStore.startScanRun({ scanId: "s1", status: "running", startedAt: NOW, evaluatedAt: NOW });
  const sent: OutgoingEmail[] = [];
  const deps = {
    stateStore,
    loadConfig: async () => CONFIG,
    mailer: recordingMailer(sent),
    log: () => {},
    ...(alertMail ? { alertMail } : {}),
  } as unknown as ScanDependencies;
  const result = await abortScan(deps, {
    scanId: "s1",
    reason: 'the roster source "hr" could not be collected',
  });
  return { result, sent };
}

describe("guard-rail alerts without a report section", () => {
  it("go from the stack's MAIL_FROM to its REPORT_TO", async () => {
    // Prepare
    const env = readEnvironment({
      STATE_TABLE: "deprov-state",
      AUDIT_TABLE: "deprov-audit",
      AUDIT_BUCKET: "acme-deprov-audit",
      BLOB_BUCKET: "acme-deprov-blobs",
      MAIL_FROM: "deprov@acme.com",
      REPORT_TO: "compliance@acme.com, security@acme.com",
    });

    // Act
    const { result, sent } = await abortedScan(alertMailOf(env).alertMail);

    // Assess
    expect(result.email).toBe("sent");
    expect(sent).toEqual([
      expect.objectContaining({
        from: "deprov@acme.com",
        to: ["compliance@acme.com", "security@acme.com"],
        subject: expect.stringContaining("Acme Corp"),
      }),
    ]);
  });

  it("are not configured when neither the config nor the deployment names recipients", async () => {
    // Act
    const { result, sent } = await abortedScan(undefined);

    // Assess
    expect(result.email).toBe("not-configured");
    expect(sent).toEqual([]);
  });
});

describe("SenderRestrictedMailer", () => {
  it("refuses, naming both addresses, a sender other than the deployment's; sends as that one", async () => {
    // Prepare
    const sent: OutgoingEmail[] = [];
    const mailer = new SenderRestrictedMailer(recordingMailer(sent), "deprov@acme.com");
    const message = {
      to: ["compliance@acme.com"],
      subject: "s",
      text: "t",
      idempotencyKey: "s1:compliance-digest",
    };

    // Act
    const refused = mailer.send({ ...message, from: "ceo@acme.com" });
    const accepted = await mailer.send({ ...message, from: { name: "deprov", address: "Deprov@acme.com" } });

    // Assess
    await expect(refused).rejects.toThrow(
      'email "s1:compliance-digest": the sender ceo@acme.com (report.from in the config) is not deprov@acme.com, ' +
        "the one address this deployment may send as (the stack's mailFrom)",
    );
    expect(accepted.messageId).toBe("m-1");
    expect(sent).toHaveLength(1);
  });
});
