/**
 * What a scan of the demo org leaves for people to act on: the report, the emails delivered to
 * the SES-compatible sink (read back through its API) and the remediation tasks — and a second
 * scan updates them rather than duplicating them.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { type EmbeddedSes, startEmbeddedSes } from "../../cli/local/embedded-ses.ts";
import { runLocalScan } from "../../cli/local/run-local-scan.ts";
import { loadConfig } from "../../functions/config/load-config.ts";
import { DAY_MS } from "../../functions/core/time.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { CompositeMailer } from "../../functions/ports/mail/composite-mailer.ts";
import { EmlFileMailer } from "../../functions/ports/mail/eml-file-mailer.ts";
import { SesMailer } from "../../functions/ports/mail/ses-mailer.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";
import type { TasksFile } from "../../functions/scan/tasks-file.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const root = mkdtempSync(join(tmpdir(), "deprov-outputs-"));
let db: EmbeddedDynamoDb;
let ses: EmbeddedSes;

interface StoredEmail {
  subject: string;
  destination: { to: string[] };
  attachments: { filename?: string; contentType: string }[];
}

function tasksFile(): TasksFile {
  return JSON.parse(readFileSync(join(root, "out", "tasks.json"), "utf8")) as TasksFile;
}

async function sinkEmails(): Promise<StoredEmail[]> {
  const response = await fetch(`${ses.endpoint}/store`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

beforeAll(async () => {
  await generateDemo({ outDir: join(root, "org"), now: NOW });
  db = await startEmbeddedDynamoDb();
  ses = await startEmbeddedSes();
  await fetch(`${ses.endpoint}/clear-store`, { method: "POST" });
});

afterAll(async () => {
  await ses.close();
  await db.close();
  rmSync(root, { recursive: true, force: true });
});

describe("a scan of the demo org, twice", () => {
  const taskStore = () => new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state });
  const scan = (now: number) =>
    runLocalScan({
      config: loadConfig(join(root, "org", "deprov.config.json")),
      stateStore: new DynamoDbStateStore({ client: db.client, tables: db.tables }),
      taskStore: taskStore(),
      blobStore: new FileBlobStore(join(root, "blobs")),
      outDir: join(root, "out"),
      now,
      mailer: new CompositeMailer([
        new EmlFileMailer({ dir: join(root, "out", "emails") }),
        new SesMailer({ client: ses.client }),
      ]),
    });

  it("produces the report, the emails in the sink and one task per leaver and system", async () => {
    // Act
    const { run } = await scan(NOW);

    // Assess
    expect(run.status).toBe("succeeded");
    for (const file of ["report.html", "findings.json", "findings.csv", "tasks.json"]) {
      expect(existsSync(join(root, "out", file)), file).toBe(true);
    }
    // OCSF JSON lines are opt-in (exports.ocsf).
    expect(existsSync(join(root, "out", "findings.ocsf.jsonl"))).toBe(false);
    const emails = await sinkEmails();
    const isDigest = (e: StoredEmail) => / open — /.test(e.subject);
    const digest = emails.filter(isDigest);
    expect(digest).toHaveLength(1);
    expect(digest[0]?.attachments.map((a) => a.contentType)).toEqual([expect.stringMatching(/^text\/csv/)]);
    expect(emails.filter((e) => /to take over or reassign/.test(e.subject)).length).toBeGreaterThan(5);
    expect(readdirSync(join(root, "out", "emails"))).toHaveLength(emails.length);
    const tasks = await taskStore().listTasks();
    expect(tasks.some((t) => t.key.startsWith("leaver:"))).toBe(true);
    expect(tasks.some((t) => t.key.startsWith("system:"))).toBe(true);
    // tasks.json: every task this scan opened, with whom it is about and its findings.
    const file = tasksFile();
    expect(file.tasks.map((t) => [t.id, t.change]).sort()).toEqual(
      tasks.map((t) => [t.key, "created"]).sort(),
    );
    // The report, rendered beside the sync, shows the tasks the sync left.
    expect(readFileSync(join(root, "out", "report.html"), "utf8")).toContain(
      `<strong>${tasks.length} open tasks</strong>`,
    );
    expect(readFileSync(join(root, "out", "report.html"), "utf8")).toContain(
      `this scan opened ${tasks.length} and closed 0.`,
    );
    for (const task of file.tasks) {
      expect(task.sink).toBe("local");
      expect(task.externalKey).toBe(task.id);
      expect(task.findingIds.length).toBeGreaterThan(0);
      expect(task.personId === null).toBe(task.id.startsWith("system:"));
      expect(task.sourceId === null).toBe(task.id.startsWith("leaver:"));
    }
  });

  it("a second scan a night later updates tasks in place and sends no duplicate emails", async () => {
    // Prepare
    const tasksBefore = await taskStore().listTasks();
    const emailsBefore = (await sinkEmails()).length;

    // Act
    const { run } = await scan(NOW + DAY_MS);

    // Assess
    expect(run.status).toBe("succeeded");
    const tasksAfter = await taskStore().listTasks();
    // Every task of the first night is the same record (no duplicates); overnight a departure
    // inside the SLA window may have become overdue and opened its own task.
    const keysAfter = tasksAfter.map((t) => t.key);
    expect(new Set(keysAfter).size).toBe(keysAfter.length);
    for (const task of tasksBefore) expect(keysAfter).toContain(task.key);
    // tasks.json has only what this night changed: nothing of the first night is created again.
    const keysBefore = new Set(tasksBefore.map((t) => t.key));
    const changed = tasksFile().tasks;
    expect(changed.filter((t) => t.change === "created" && keysBefore.has(t.id))).toEqual([]);
    expect(changed.length).toBeLessThan(tasksBefore.length);
    const open = tasksAfter.filter((t) => t.status === "open").length;
    const opened = changed.filter((t) => t.change === "created").length;
    const closed = changed.filter((t) => t.change === "closed").length;
    expect(readFileSync(join(root, "out", "report.html"), "utf8")).toContain(
      `<strong>${open} open tasks</strong>`,
    );
    expect(readFileSync(join(root, "out", "report.html"), "utf8")).toContain(
      `this scan opened ${opened} and closed ${closed}.`,
    );
    const emailsAfter = await sinkEmails();
    // A new digest only for what changed overnight; never the first night's emails again.
    const subjects = emailsAfter.slice(emailsBefore).map((e) => e.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(subjects.filter((s) => / open — /.test(s)).length).toBeLessThanOrEqual(1);
  });
});
