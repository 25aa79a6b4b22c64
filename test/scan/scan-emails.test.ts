import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EmbeddedSes, startEmbeddedSes } from "../../cli/local/embedded-ses.ts";
import { type LoadedConfig, parseConfigText } from "../../functions/config/load-config.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import type { Mailer } from "../../functions/ports/mail/mailer.ts";
import { SesMailer } from "../../functions/ports/mail/ses-mailer.ts";
import type { ScanRun } from "../../functions/ports/state-store.ts";
import type { ScanResult } from "../../functions/scan/contract/scan-result.ts";
import { type ScanEmailsInput, sendScanEmails } from "../../functions/scan/scan-emails.ts";
import { renderFindingsCsv } from "../../reports/findings-csv.ts";
import { EVALUATED_AT, managedOrg } from "../reports/email/digest-fixtures.ts";
import { makeHistory } from "../reports/fixtures.ts";
import { MemoryStateStore } from "../support/memory-state-store.ts";
import { stepDependencies } from "../support/persisted-scan.ts";

/** The sink's `GET /store` entry for a mail (the fields these tests read). */
interface StoredEmail {
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { filename?: string; contentType: string; content: string; size: number }[];
}

const SCAN_ID = "20240601T060000Z-7f3a9c1e";
const STARTED_AT = Date.parse("2024-06-01T06:00:02.000Z");
const REPORT_LINK = `s3://acme-deprov-reports/reports/${SCAN_ID}/report.html`;

function configWith(report: Record<string, unknown> | undefined): LoadedConfig {
  return parseConfigText(
    JSON.stringify({
      organization: "Acme Corp",
      timezone: "America/New_York",
      sources: [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }],
      ...(report !== undefined ? { report } : {}),
    }),
    "/etc/deprov/deprov.config.json",
  );
}

const REPORT = { from: "deprov@acme.com", to: ["compliance@acme.com", "it-security@acme.com"] };

const RUN: ScanRun = {
  scanId: SCAN_ID,
  status: "running",
  startedAt: STARTED_AT,
  evaluatedAt: Date.parse(EVALUATED_AT),
  trigger: "schedule",
};

function unused(what: string): never {
  throw new Error(`${what} is not used by sendScanEmails`);
}

describe("sendScanEmails (the compliance digest) through SES (the embedded SES-compatible sink)", () => {
  let ses: EmbeddedSes;
  let blobDir: string;
  let stateStore: MemoryStateStore;
  let logs: string[];

  function deps(mailer: Mailer | undefined = new SesMailer({ client: ses.client, now: () => STARTED_AT })) {
    const dependencies = stepDependencies({
      stateStore,
      blobStore: new FileBlobStore(blobDir),
      loadConfig: async () => unused("loadConfig"),
      singleProcess: true,
      ...(mailer !== undefined ? { mailer } : {}),
      log: (line) => {
        logs.push(line);
      },
    });
    return dependencies;
  }

  function input(overrides: Partial<ScanEmailsInput> = {}): ScanEmailsInput {
    return {
      result: managedOrg({ scanId: SCAN_ID }),
      config: configWith(REPORT),
      run: RUN,
      reportLink: REPORT_LINK,
      ...overrides,
    };
  }

  async function delivered(): Promise<StoredEmail[]> {
    const response = await fetch(`${ses.endpoint}/store`);
    return ((await response.json()) as { emails: StoredEmail[] }).emails;
  }

  beforeAll(async () => {
    ses = await startEmbeddedSes();
    blobDir = await mkdtemp(join(tmpdir(), "deprov-scan-emails-"));
  });
  afterAll(async () => {
    await ses.close();
    await rm(blobDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await fetch(`${ses.endpoint}/clear-store`, { method: "POST" });
    stateStore = new MemoryStateStore();
    logs = [];
  });

  it("sends the compliance digest with findings.csv attached, and each manager their digest", async () => {
    // Prepare
    const scan = input();

    // Act
    const summary = await sendScanEmails(deps(), scan);

    // Assess
    expect(summary).toEqual({ digest: "sent" });
    const emails = await delivered();
    expect(emails).toHaveLength(1);
    const digest = emails.find((e) => e.destination.to.join(", ").includes("compliance@acme.com"));
    expect(digest?.from).toBe("deprov@acme.com");
    expect(digest?.destination.to).toEqual(["compliance@acme.com, it-security@acme.com"]);
    expect(digest?.subject).toBe("[deprov] Acme Corp: 1 critical, 5 high open — 3 new, 2 resolved");
    expect(digest?.body.text).toContain(`Every finding is in the attached findings-${SCAN_ID}.csv.`);
    expect(digest?.body.html).toContain(REPORT_LINK);
    expect(digest?.attachments).toHaveLength(1);
    const csv = digest?.attachments[0];
    expect(csv?.filename).toBe(`findings-${SCAN_ID}.csv`);
    expect(csv?.contentType).toBe("text/csv");
    expect(Buffer.from(csv?.content ?? "", "base64").toString("utf8")).toBe(renderFindingsCsv(scan.result));

    const audit = await stateStore.listAudit({ from: 0, to: Number.MAX_SAFE_INTEGER });
    expect(audit.filter((e) => e.kind === "email.sent").map((e) => e.subject)).toEqual(["compliance-digest"]);
    expect(logs.join("\n")).not.toContain("@");
  });

  it("sends nothing the second time: a retried step or a duplicated run", async () => {
    // Prepare
    const dependencies = deps();
    await sendScanEmails(dependencies, input());

    // Act
    const again = await sendScanEmails(dependencies, input());

    // Assess
    expect(again.digest).toBe("already-sent");
    expect(await delivered()).toHaveLength(1);
  });

  it("sends nothing when nothing was new and nothing was resolved", async () => {
    // Prepare
    const result = managedOrg({ scanId: SCAN_ID, history: makeHistory({ newFindingIds: [], resolved: [] }) });

    // Act
    const summary = await sendScanEmails(deps(), input({ result }));

    // Assess
    expect(summary.digest).toBe("unchanged");
    expect(await delivered()).toEqual([]);
    expect(await stateStore.getStep(SCAN_ID, "email:compliance-digest")).toBeUndefined();
  });

  it("sends anyway when report.sendWhenUnchanged is set", async () => {
    // Prepare
    const result = managedOrg({ scanId: SCAN_ID, history: makeHistory({ newFindingIds: [], resolved: [] }) });
    const config = configWith({ ...REPORT, sendWhenUnchanged: true });

    // Act
    const summary = await sendScanEmails(deps(), input({ result, config }));

    // Assess
    expect(summary.digest).toBe("sent");
    const subjects = (await delivered()).map((e) => e.subject);
    expect(subjects).toContain("[deprov] Acme Corp: 1 critical, 5 high open — 0 new, 0 resolved");
  });

  it("mails about a failed source even when nothing else changed", async () => {
    // Prepare
    const base = managedOrg({ scanId: SCAN_ID, history: makeHistory({ newFindingIds: [], resolved: [] }) });
    const result: ScanResult = {
      ...base,
      sources: base.sources.map((s) =>
        s.id === "slack"
          ? { ...s, status: "failed", errors: ["slack-users.json: cannot read the file (ENOENT)"] }
          : s,
      ),
    };

    // Act
    const summary = await sendScanEmails(deps(), input({ result }));

    // Assess
    expect(summary.digest).toBe("sent");
    const [digest] = await delivered();
    expect(digest?.subject).toBe(
      "[deprov] Acme Corp: 1 critical, 5 high open — 0 new, 0 resolved — 1 source failed",
    );
  });

  it("mails about leavers held because the roster no longer shows their departure, even when nothing else changed", async () => {
    // Prepare
    const base = managedOrg({ scanId: SCAN_ID, history: makeHistory({ newFindingIds: [], resolved: [] }) });
    const result: ScanResult = {
      ...base,
      vanishedDepartures: {
        sourceId: "hr",
        removed: 1,
        undated: 0,
        accepted: null,
        warnings: ["1 leaver of the last scan is no longer on the roster: E1 (last day 2026-10-01). …"],
      },
    };

    // Act
    const summary = await sendScanEmails(deps(), input({ result }));

    // Assess
    expect(summary.digest).toBe("sent");
    const [digest] = await delivered();
    expect(digest?.body.text).toContain("!! Findings of 1 leaver kept open:");
  });

  it("records a compliance digest that failed to send, and lets the step fail so it is retried", async () => {
    // Prepare
    const failing: Mailer = {
      send: async () => {
        const error = new Error("Throttling: Maximum sending rate exceeded.");
        error.name = "Throttling";
        throw error;
      },
    };

    // Act
    const sending = sendScanEmails(deps(failing), input());

    // Assess
    await expect(sending).rejects.toThrow("Maximum sending rate exceeded");
    const audit = await stateStore.listAudit({ from: 0, to: Number.MAX_SAFE_INTEGER });
    expect(audit.find((e) => e.kind === "email.failed")).toMatchObject({
      detail: { error: "Throttling" },
    });
  });

  it("links the report instead of attaching a CSV too large for an email", async () => {
    // Prepare
    const header = "id,rule,severity,source,subject_type,subject_id,person_id,title,evidence,controls\r\n";
    const hugeCsv = header + "x".repeat(10 * 1024 * 1024);

    // Act
    const summary = await sendScanEmails(deps(), input({ csv: hugeCsv }));

    // Assess
    expect(summary.digest).toBe("sent");
    const digest = (await delivered()).find((e) => e.subject.startsWith("[deprov] Acme Corp: 1 critical"));
    expect(digest?.attachments).toEqual([]);
    expect(digest?.body.text).toContain("Every finding is in findings.csv, next to the full report.");
    expect(digest?.body.text).toContain(`The full report: ${REPORT_LINK}`);
  });

  it("sends nothing without a report section, or without a mailer", async () => {
    // Act
    const notConfigured = await sendScanEmails(deps(), input({ config: configWith(undefined) }));
    const noMailer = await sendScanEmails({ ...deps(), mailer: undefined }, input());

    // Assess
    expect(notConfigured.digest).toBe("not-configured");
    expect(noMailer.digest).toBe("no-mailer");
    expect(await delivered()).toEqual([]);
  });
});
