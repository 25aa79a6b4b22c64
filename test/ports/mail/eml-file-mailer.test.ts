import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EmlFileMailer, emlSuffix } from "../../../functions/ports/mail/eml-file-mailer.ts";
import { messageIdFor } from "../../../functions/ports/mail/mime.ts";
import { reportEmail } from "./sample-email.ts";

const NOW = Date.parse("2026-11-26T09:00:00.123Z");
const LATER = Date.parse("2026-11-27T09:00:00Z");

describe("EmlFileMailer", () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "deprov-eml-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the message as <timestamp>--<key>-<hash>.eml in a folder it creates", async () => {
    // Prepare
    const folder = join(dir, "emails");
    const mailer = new EmlFileMailer({ dir: folder, now: () => NOW });
    const message = reportEmail();

    // Act
    const sent = await mailer.send(message);

    // Assess
    const name = `20261126T090000123Z--20261126T090000Z-1a2b3c4d_report-${emlSuffix(message.idempotencyKey).slice(-16)}`;
    expect(sent.eml).toBe(join(folder, name));
    expect(name).toMatch(/^20261126T090000123Z--20261126T090000Z-1a2b3c4d_report-[0-9a-f]{12}\.eml$/);
    expect(sent.messageId).toBe(messageIdFor(message));
    const content = await readFile(join(folder, name), "utf8");
    expect(content.length).toBe(sent.bytes);
    expect(content).toContain("Subject: =?UTF-8?Q?Deprovisioning_audit");
    expect(content).toContain("Content-Disposition: attachment; filename=findings.csv");
  });

  it("keeps the first file when the same key is sent again later", async () => {
    // Prepare
    let now = NOW;
    const mailer = new EmlFileMailer({ dir, now: () => now });
    const first = await mailer.send(reportEmail());
    const firstContent = await readFile(first.eml ?? "", "utf8");
    now = LATER;

    // Act
    const again = await mailer.send(reportEmail({ text: "a retry composed a day later" }));

    // Assess
    expect(again.eml).toBe(first.eml);
    expect(again.bytes).toBe(first.bytes);
    expect(await readdir(dir)).toHaveLength(1);
    expect(await readFile(first.eml ?? "", "utf8")).toBe(firstContent);
  });

  it("finds a file an earlier run wrote, and writes again one removed since the folder was read", async () => {
    // Prepare
    const before = await new EmlFileMailer({ dir, now: () => NOW }).send(
      reportEmail({ idempotencyKey: "kept" }),
    );
    const removed = await new EmlFileMailer({ dir, now: () => NOW }).send(
      reportEmail({ idempotencyKey: "gone" }),
    );
    const resumed = new EmlFileMailer({ dir, now: () => LATER });
    const kept = await resumed.send(reportEmail({ idempotencyKey: "kept" }));
    await rm(removed.eml ?? "");

    // Act
    const again = await resumed.send(reportEmail({ idempotencyKey: "gone" }));

    // Assess
    expect(kept.eml).toBe(before.eml);
    expect(again.eml).not.toBe(removed.eml);
    expect(again.eml).toMatch(/20261127T090000000Z--gone-/);
    expect((await readdir(dir)).sort()).toHaveLength(2);
  });

  it("writes a separate file for each key, also for keys that sanitise alike", async () => {
    // Prepare
    const mailer = new EmlFileMailer({ dir, now: () => NOW });

    // Act
    const slash = await mailer.send(reportEmail({ idempotencyKey: "scan-1/report" }));
    const underscore = await mailer.send(reportEmail({ idempotencyKey: "scan-1_report" }));

    // Assess
    expect(slash.eml).not.toBe(underscore.eml);
    expect((await readdir(dir)).sort()).toHaveLength(2);
  });

  it("writes one file when the same key is sent twice at once, leaving no temporary file", async () => {
    // Prepare
    const mailer = new EmlFileMailer({ dir, now: () => NOW });

    // Act
    const [a, b] = await Promise.all([
      mailer.send(reportEmail({ text: "first" })),
      mailer.send(reportEmail({ text: "second" })),
    ]);

    // Assess
    expect(a.eml).toBe(b.eml);
    expect(await readdir(dir)).toEqual([(a.eml ?? "").slice(dir.length + 1)]);
  });

  it("names files so that they sort in sending order", async () => {
    // Prepare
    let now = LATER;
    const mailer = new EmlFileMailer({ dir, now: () => now });

    // Act
    const later = await mailer.send(reportEmail({ idempotencyKey: "a-later" }));
    now = NOW;
    const earlier = await mailer.send(reportEmail({ idempotencyKey: "z-earlier" }));

    // Assess
    const names = (await readdir(dir)).sort();
    expect(names.map((name) => join(dir, name))).toEqual([earlier.eml, later.eml]);
  });
});
