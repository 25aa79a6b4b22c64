/**
 * Faults, injected into nights of the nightly-scan state machine run by the local ASL interpreter
 * on the demo org: a source that times out, a 429 storm, a crash between persisting and emailing,
 * the store refusing writes, SES failing, S3 throttling, a task sink down for a night, two scans
 * at once. After each scenario the findings, tasks, emails and audit entries are counted: nothing
 * lost, nothing duplicated (docs/RELIABILITY.md, "Faults", reports these cases).
 *
 * Real components throughout: the embedded DynamoDB-compatible store (faults injected as SDK
 * middleware), the SES-compatible sink through the SES API, a loopback webhook receiver that
 * verifies signatures, files for blobs and the audit archive.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";
import { S3ServiceException } from "@aws-sdk/client-s3";
import { SESServiceException } from "@aws-sdk/client-ses";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { readAslDefinition } from "../../cli/local/asl-definition.ts";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { type EmbeddedSes, startEmbeddedSes } from "../../cli/local/embedded-ses.ts";
import { type LocalScanOptions, NIGHTLY_SCAN_ASL, runLocalScan } from "../../cli/local/run-local-scan.ts";
import type { LocalHandler } from "../../cli/local/run-state-machine.ts";
import { type LoadedConfig, loadConfig } from "../../functions/config/load-config.ts";
import { DAY_MS } from "../../functions/core/time.ts";
import { BlobAuditArchive } from "../../functions/ports/audit-archive.ts";
import { verifyAuditTrail } from "../../functions/ports/audit-verify.ts";
import type { BlobStore } from "../../functions/ports/blob-store.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import type { Mailer, OutgoingEmail, SentEmail } from "../../functions/ports/mail/mailer.ts";
import { SesMailer } from "../../functions/ports/mail/ses-mailer.ts";
import { readFindingsBlob } from "../../functions/ports/result-blob.ts";
import type { AuditEntry } from "../../functions/ports/state-store.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";
import { verifyWebhookDelivery } from "../../functions/ports/tasks/webhook-signature.ts";
import type { WebhookPayload } from "../../functions/ports/tasks/webhook-task-sink.ts";
import { MANAGER_DIGESTS_OWED } from "../../functions/scan/manager-digests.ts";
import { COMPLIANCE_DIGEST_PURPOSE } from "../../functions/scan/scan-emails.ts";
import { loadScanResult } from "../../functions/scan/steps/publish-report.ts";
import { type LoopbackServer, type Reply, startLoopbackServer } from "../ports/tasks/loopback-server.ts";

const NIGHT_1 = Date.parse("2026-11-26T12:00:00Z");
const night = (n: number) => NIGHT_1 + (n - 1) * DAY_MS;
const WEBHOOK_SECRET_VARIABLE = "DEPROV_FAULTS_WEBHOOK_SECRET";
const WEBHOOK_SECRET = "whsec_faults_3c1f9e2a7b";
/** An active employee of the demo org, who takes over the scheduled jobs on the second night. */
const CURRENT_OWNER = "100119";

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "deprov-faults-"));
  dirs.push(dir);
  return dir;
}

let ses: EmbeddedSes;
beforeAll(async () => {
  ses = await startEmbeddedSes();
  // SES failing, as the SDK reports it: a switch in front of every send, set per scenario.
  ses.client.middlewareStack.add(
    (next) => async (args) => {
      const fault = current?.sesFault;
      if (current !== undefined && fault !== undefined && fault.remaining > 0) {
        fault.remaining--;
        current.sesRefused++;
        throw fault.error();
      }
      return next(args);
    },
    { step: "initialize", name: "injectSesFaults" },
  );
  process.env[WEBHOOK_SECRET_VARIABLE] = WEBHOOK_SECRET;
});
afterAll(async () => {
  await ses.close();
  delete process.env[WEBHOOK_SECRET_VARIABLE];
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A failure the fault switches inject, as the AWS SDK raises it. */
type Fault = () => Error;

const dynamoDbThrottled: Fault = () =>
  new ProvisionedThroughputExceededException({
    message: "The level of configured provisioned throughput for the table was exceeded.",
    $metadata: { httpStatusCode: 400 },
  });
const dynamoDbDenied: Fault = () =>
  Object.assign(
    new Error(
      "User is not authorized to perform: dynamodb:PutItem because no identity-based policy allows it",
    ),
    {
      name: "AccessDeniedException",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
    },
  );
const s3SlowDown: Fault = () =>
  new S3ServiceException({
    name: "SlowDown",
    message: "Please reduce your request rate.",
    $fault: "server",
    $metadata: { httpStatusCode: 503 },
  });
const sesThrottled: Fault = () =>
  new SESServiceException({
    name: "Throttling",
    message: "Maximum sending rate exceeded.",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });
const sesRejected: Fault = () =>
  new SESServiceException({
    name: "MessageRejected",
    message: "Email address is not verified.",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });

const DYNAMODB_WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"]);

/** A blob store that fails puts while a fault is set, as S3 does when it throttles a prefix. */
class ThrottledBlobStore implements BlobStore {
  fault: { error: Fault; remaining: number } | undefined;
  refused = 0;

  constructor(private readonly inner: FileBlobStore) {}

  private check(): void {
    if (this.fault === undefined || this.fault.remaining <= 0) return;
    this.fault.remaining--;
    this.refused++;
    throw this.fault.error();
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    this.check();
    await this.inner.put(key, body);
  }

  async putFile(key: string, path: string): Promise<void> {
    this.check();
    await this.inner.putFile(key, path);
  }

  get(key: string): Promise<Buffer | undefined> {
    return this.inner.get(key);
  }

  list(prefix: string): Promise<string[]> {
    return this.inner.list(prefix);
  }
}

/** A webhook receiver that verifies each delivery and keeps one event per delivery id. */
interface Receiver {
  server: LoopbackServer;
  events: { deliveryId: string; payload: WebhookPayload }[];
  /** How the receiver answers right now; `undefined`: it accepts the delivery. */
  outage: Reply | undefined;
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    server: undefined as unknown as LoopbackServer,
    events: [],
    outage: undefined,
  };
  const seen = new Set<string>();
  receiver.server = await startLoopbackServer((request) => {
    if (receiver.outage !== undefined) return receiver.outage;
    const deliveryId = String(request.headers["x-deprov-delivery"] ?? "");
    const verified = verifyWebhookDelivery(WEBHOOK_SECRET, {
      signature: String(request.headers["x-deprov-signature"] ?? ""),
      deliveryId,
      body: request.body,
      now: Date.now(),
    });
    if (!verified.valid) return { status: 401, json: { message: verified.reason } };
    if (!seen.has(deliveryId)) receiver.events.push({ deliveryId, payload: request.json as WebhookPayload });
    seen.add(deliveryId);
    return { status: 202, text: "" };
  });
  return receiver;
}

/** A handler call that never ends (a hung export read): the Task's timeout abandons it. */
function hang(): Promise<never> {
  return new Promise<never>(() => {});
}

interface Sent {
  scanId: string;
  purpose: string;
}

class Harness {
  readonly orgDir = freshDir();
  readonly outDir = freshDir();
  readonly files = new FileBlobStore(join(freshDir(), "blobs"));
  readonly blobStore = new ThrottledBlobStore(this.files);
  readonly archive = new BlobAuditArchive(this.files);
  db!: EmbeddedDynamoDb;
  stateStore!: DynamoDbStateStore;
  taskStore!: DynamoDbTaskStore;
  /** Emails SES accepted, by scan and purpose. */
  readonly sent: Sent[] = [];
  /** Per scan: the findings its compliance digest announced as new, and as resolved. */
  readonly announced: { scanId: string; newIds: string[]; resolvedIds: string[] }[] = [];
  /** How the steps hand their results on (the in-memory local run, or the blob store as Lambdas do). */
  handOff: "memory" | "blobs" = "memory";
  dynamoDbFault: { error: Fault; remaining: number } | undefined;
  dynamoDbRefused = 0;
  sesFault: { error: Fault; remaining: number } | undefined;
  sesRefused = 0;
  /** SES takes this many manager digests, then throttles every further one. */
  managerDigestOutage: { after: number; taken: number } | undefined;
  receiver: Receiver | undefined;
  private readonly mailer: Mailer;

  constructor() {
    this.mailer = {
      send: async (message: OutgoingEmail): Promise<SentEmail> => {
        const [scanId = "", ...purpose] = message.idempotencyKey.split(":");
        const outage = this.managerDigestOutage;
        if (outage !== undefined && purpose[0] === "manager-digest") {
          if (outage.taken >= outage.after) throw sesThrottled();
          outage.taken++;
        }
        const sent = await new SesMailer({ client: ses.client }).send(message);
        this.sent.push({ scanId, purpose: purpose.join(":") });
        return sent;
      },
    };
  }

  async start(): Promise<void> {
    await generateDemo({ outDir: this.orgDir, now: NIGHT_1 });
    this.db = await startEmbeddedDynamoDb();
    this.db.client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = String(context.commandName ?? "").replace(/Command$/, "");
        const fault = this.dynamoDbFault;
        if (fault !== undefined && fault.remaining > 0 && DYNAMODB_WRITES.has(operation)) {
          fault.remaining--;
          this.dynamoDbRefused++;
          throw fault.error();
        }
        return next(args);
      },
      { step: "initialize", name: "injectDynamoDbFaults" },
    );
    this.stateStore = new DynamoDbStateStore({
      client: this.db.client,
      tables: this.db.tables,
      auditArchive: this.archive,
    });
    this.taskStore = new DynamoDbTaskStore({ client: this.db.client, tableName: this.db.tables.state });
  }

  async stop(): Promise<void> {
    await this.receiver?.server.close();
    await this.db.close();
  }

  config(): LoadedConfig {
    const config = loadConfig(join(this.orgDir, "deprov.config.json"));
    if (this.receiver === undefined) return config;
    // The schema takes https only; the receiver is a loopback stand-in for the customer's endpoint.
    return {
      ...config,
      tasks: {
        sink: "webhook",
        url: this.receiver.server.url,
        secret: { env: WEBHOOK_SECRET_VARIABLE },
        dryRun: false,
        maxTasksPerSecond: 1000,
      },
    };
  }

  /** One night's scan, then what its compliance digest announced (if one went out). */
  async scan(n: number, extra: Partial<LocalScanOptions> = {}) {
    const scanId = extra.scanId ?? `night-${n}`;
    const outcome = await runLocalScan({
      config: this.config(),
      stateStore: this.stateStore,
      taskStore: this.taskStore,
      blobStore: this.blobStore,
      outDir: this.outDir,
      now: night(n),
      scanId,
      retryIntervalMs: 0,
      mailer: this.mailer,
      handOff: this.handOff,
      ...extra,
    });
    if (this.sent.some((s) => s.scanId === scanId && s.purpose === COMPLIANCE_DIGEST_PURPOSE)) {
      const { history } = await loadScanResult(outcome.deps, scanId);
      this.announced.push({
        scanId,
        newIds: history?.newFindingIds ?? [],
        resolvedIds: (history?.resolved ?? []).map((r) => r.id),
      });
    }
    return outcome.run;
  }

  async openFindings() {
    const latest = await this.stateStore.latestSuccessfulScan();
    return latest ? ((await readFindingsBlob(this.files, latest.resultKey)) ?? []) : [];
  }

  async auditEntries(): Promise<AuditEntry[]> {
    return (await this.archive.entries()).map((archived) => archived.entry);
  }

  /**
   * The second night's changes: every scheduled job is handed to a current employee (the orphaned
   * ones resolve) and a stray account appears (new). Nothing shrinks, so no source is suspect.
   */
  changeTheOrg(): void {
    const resources = readFileSync(join(this.orgDir, "resources.csv"), "utf8").trimEnd().split("\n");
    const handedOver = resources.map((line, i) => {
      if (i === 0) return line;
      const [id, type, , schedule] = line.split(",");
      return [id, type, CURRENT_OWNER, schedule].join(",");
    });
    writeFileSync(join(this.orgDir, "resources.csv"), `${handedOver.join("\n")}\n`);
    const okta = JSON.parse(readFileSync(join(this.orgDir, "okta-users.json"), "utf8")) as object[];
    okta.push({
      id: "00uFAULTS0stray00001",
      status: "ACTIVE",
      created: "2026-11-20T09:00:00.000Z",
      lastLogin: "2026-11-25T09:00:00.000Z",
      profile: { login: "stray.contractor@northwind.com", email: "stray.contractor@northwind.com" },
    });
    writeFileSync(join(this.orgDir, "okta-users.json"), JSON.stringify(okta, null, 2));
  }

  /**
   * The same org scanned once on a fresh state: what the faulted state must hold now — the same
   * open findings and the same open tasks, no more and no fewer.
   */
  async reference(n: number) {
    const db = await startEmbeddedDynamoDb();
    try {
      const stateStore = new DynamoDbStateStore({ client: db.client, tables: db.tables });
      const taskStore = new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state });
      const files = new FileBlobStore(join(freshDir(), "blobs"));
      await runLocalScan({
        config: loadConfig(join(this.orgDir, "deprov.config.json")),
        stateStore,
        taskStore,
        blobStore: files,
        outDir: freshDir(),
        now: night(n),
        scanId: `reference-${n}`,
        retryIntervalMs: 0,
      });
      const latest = await stateStore.latestSuccessfulScan();
      const findings = latest ? ((await readFindingsBlob(files, latest.resultKey)) ?? []) : [];
      const tasks = await taskStore.listTasks();
      return {
        findingIds: findings.map((f) => f.id).sort(),
        openTaskKeys: tasks
          .filter((t) => t.status === "open")
          .map((t) => t.key)
          .sort(),
      };
    } finally {
      await db.close();
    }
  }

  /**
   * Nothing lost, nothing duplicated, after the last night `n` (a healthy one):
   * - findings: the open findings are exactly a fresh scan's, each once;
   * - tasks: the open tasks are exactly a fresh scan's, each key once; at a webhook receiver, one
   *   `created` event per task ever opened;
   * - emails: at most one per scan and purpose; each finding announced as new at most once, and
   *   every open finding announced; each resolved finding announced as resolved once;
   * - audit: entry ids unique, one scan.started per scan, and `deprov audit verify` passes.
   */
  async expectNothingLostOrDuplicated(n: number): Promise<Counts> {
    const reference = await this.reference(n);
    const open = await this.openFindings();
    const openIds = open.map((f) => f.id).sort();
    expect(new Set(openIds).size).toBe(openIds.length);
    expect(openIds).toEqual(reference.findingIds);

    const tasks = await this.taskStore.listTasks();
    expect(new Set(tasks.map((t) => t.key)).size).toBe(tasks.length);
    expect(
      tasks
        .filter((t) => t.status === "open")
        .map((t) => t.key)
        .sort(),
    ).toEqual(reference.openTaskKeys);
    if (this.receiver !== undefined) {
      const created = this.receiver.events
        .filter((e) => e.payload.event === "created")
        .map((e) => e.payload.task.key);
      expect(new Set(created).size).toBe(created.length);
      expect(created.sort()).toEqual(tasks.map((t) => t.key).sort());
    }

    const emailKeys = this.sent.map((s) => `${s.scanId}:${s.purpose}`);
    expect(new Set(emailKeys).size).toBe(emailKeys.length);
    const announcedNew = this.announced.flatMap((a) => a.newIds);
    const announcedResolved = this.announced.flatMap((a) => a.resolvedIds);
    expect(new Set(announcedNew).size).toBe(announcedNew.length);
    expect(new Set(announcedResolved).size).toBe(announcedResolved.length);
    for (const id of openIds) expect(announcedNew).toContain(id);
    const resolved = await this.stateStore.listStoredFindings("resolved");
    for (const item of resolved) expect(announcedResolved).toContain(item.finding.id);

    const audit = await this.auditEntries();
    const auditKeys = audit.map((e) => `${e.at}#${e.id}`);
    expect(new Set(auditKeys).size).toBe(auditKeys.length);
    const started = audit.filter((e) => e.kind === "scan.started").map((e) => e.scanId);
    expect(new Set(started).size).toBe(started.length);
    const verified = await verifyAuditTrail({
      stateStore: this.stateStore,
      archive: this.archive,
      blobStore: this.files,
      now: Date.now(),
    });
    expect(verified.problems).toEqual([]);
    return {
      openFindings: openIds.length,
      resolvedFindings: resolved.length,
      tasks: tasks.length,
      openTasks: tasks.filter((t) => t.status === "open").length,
      emails: this.sent.length,
      announcedNew: announcedNew.length,
      announcedResolved: announcedResolved.length,
      auditEntries: audit.length,
    };
  }
}

interface Counts {
  openFindings: number;
  resolvedFindings: number;
  tasks: number;
  openTasks: number;
  emails: number;
  announcedNew: number;
  announcedResolved: number;
  auditEntries: number;
}

let current: Harness | undefined;
let h: Harness;

beforeEach(async () => {
  h = new Harness();
  current = h;
  await h.start();
});
afterEach(async () => {
  current = undefined;
  await h.stop();
});

/** Crashes a handler as a Lambda runtime does, each time or only the first time it runs. */
function crashing(placeholder: string, error: () => Error, times = Number.POSITIVE_INFINITY) {
  let crashes = 0;
  return (name: string, handler: LocalHandler): LocalHandler =>
    name !== placeholder
      ? handler
      : async (event) => {
          if (crashes < times) {
            crashes++;
            throw error();
          }
          return handler(event);
        };
}

const lambdaCrash = () =>
  Object.assign(new Error("Runtime exited with error: signal: killed"), { name: "Lambda.Unknown" });

describe.each(["memory", "blobs"] as const)(
  "faults, through the nightly-scan state machine, steps handing off through %s",
  (handOff) => {
    beforeEach(() => {
      h.handOff = handOff;
    });

    it("a source that times out is retried, then failed; its findings stay open and nothing resolves", async () => {
      // Prepare: okta's export read hangs past the Task's timeout (1 s here) on every attempt.
      await h.scan(1);
      const oktaBefore = (await h.openFindings()).filter((f) => f.sourceId === "okta").map((f) => f.id);
      const definition = readAslDefinition(NIGHTLY_SCAN_ASL);
      const collectSources = definition.States.CollectSources as {
        ItemProcessor: { States: Record<string, { TimeoutSeconds?: number }> };
      };
      const collect = collectSources.ItemProcessor.States.CollectSource;
      if (collect === undefined) throw new Error("no CollectSource state");
      collect.TimeoutSeconds = 1;
      const hangOnOkta = (name: string, handler: LocalHandler): LocalHandler =>
        name !== "CollectSourceFunctionArn"
          ? handler
          : (event) => ((event as { sourceId?: string }).sourceId === "okta" ? hang() : handler(event));
      const retries: string[] = [];

      // Act
      const run = await h.scan(2, {
        definition,
        wrapHandler: hangOnOkta,
        onEvent: (event) => {
          if (event.type === "state-retried") retries.push(event.state);
        },
      });

      // Assess
      expect(run.status).toBe("succeeded");
      expect(retries.filter((state) => state === "CollectSource")).toHaveLength(4);
      expect(run.history).toContain("RecordSourceFailure");
      const after = (await h.openFindings()).map((f) => f.id);
      for (const id of oktaBefore) expect(after).toContain(id);
      expect(await h.stateStore.listStoredFindings("resolved")).toEqual([]);
      const third = await h.scan(3);
      expect(third.status).toBe("succeeded");
      // The failed source's leavers keep their tasks: none closed that night to reopen the next.
      const churn = (await h.auditEntries()).filter(
        (e) => e.kind === "task.close" || e.kind === "task.reopen",
      );
      expect(churn).toEqual([]);
      await h.expectNothingLostOrDuplicated(3);
    });

    it("a 429 storm at the task sink is retried by the client, then by the state machine, and loses nothing", async () => {
      // Prepare: the receiver answers 429 (Retry-After: 0) for as long as the step's first attempt lasts.
      h.receiver = await startReceiver();
      const receiver = h.receiver;
      let attempts = 0;
      const stormDuringFirstAttempt = (name: string, handler: LocalHandler): LocalHandler =>
        name !== "SyncRemediationTasksFunctionArn"
          ? handler
          : async (event) => {
              attempts++;
              receiver.outage =
                attempts === 1 ? { status: 429, headers: { "retry-after": "0" }, text: "" } : undefined;
              try {
                return await handler(event);
              } finally {
                receiver.outage = undefined;
              }
            };

      // Act
      const run = await h.scan(1, { wrapHandler: stormDuringFirstAttempt });

      // Assess
      expect(run.status).toBe("succeeded");
      expect(run.tasks.filter((t) => t.state === "SyncRemediationTasks").map((t) => t.failed)).toEqual([
        true,
        false,
      ]);
      const tasks = await h.taskStore.listTasks();
      // Five sends of every task in the storm (the client's own retries), then one that went through.
      expect(receiver.server.requests).toHaveLength(tasks.length * 6);
      const counts = await h.expectNothingLostOrDuplicated(1);
      expect(counts.tasks).toBeGreaterThan(10);
    });

    it("a crash between persisting and emailing: the next night announces the findings once, first seen the night they were", async () => {
      // Prepare
      await h.scan(1, { wrapHandler: crashing("PublishReportFunctionArn", lambdaCrash) });
      const firstSeen = new Map((await h.openFindings()).map((f) => [f.id, f.firstSeenAt]));
      h.changeTheOrg();

      // Act
      const second = await h.scan(2);
      const third = await h.scan(3);

      // Assess
      expect(second.status).toBe("succeeded");
      expect(third.status).toBe("succeeded");
      for (const finding of await h.openFindings()) {
        if (firstSeen.has(finding.id)) expect(finding.firstSeenAt).toBe(NIGHT_1);
      }
      expect(h.announced[0]?.scanId).toBe("night-2");
      expect(h.sent.filter((s) => s.scanId === "night-1")).toEqual([]);
      await h.expectNothingLostOrDuplicated(3);
    });

    it("a crash after persisting that the retry gets past sends every email once", async () => {
      // Act
      const run = await h.scan(1, {
        wrapHandler: crashing(
          "PublishReportFunctionArn",
          () => Object.assign(new Error("Rate exceeded"), { name: "Lambda.TooManyRequestsException" }),
          1,
        ),
      });

      // Assess
      expect(run.status).toBe("succeeded");
      expect(run.tasks.filter((t) => t.state === "PublishReport")).toHaveLength(2);
      await h.expectNothingLostOrDuplicated(1);
    });

    it("the store throttling writes: the steps are retried and write nothing twice", async () => {
      // Prepare: DynamoDB throttles the first writes of PersistFindings and of FinishScan.
      await h.scan(1);
      h.changeTheOrg();
      const throttled = new Set<string>();
      const throttleFirstAttempt = (name: string, handler: LocalHandler): LocalHandler =>
        name !== "PersistFindingsFunctionArn" && name !== "FinishScanFunctionArn"
          ? handler
          : async (event) => {
              if (!throttled.has(name)) {
                throttled.add(name);
                h.dynamoDbFault = { error: dynamoDbThrottled, remaining: 1 };
              }
              return handler(event);
            };

      // Act
      const run = await h.scan(2, { wrapHandler: throttleFirstAttempt });

      // Assess
      expect(run.status).toBe("succeeded");
      expect(h.dynamoDbRefused).toBe(2);
      expect(run.tasks.filter((t) => t.state === "PersistFindings").map((t) => t.failed)).toEqual([
        true,
        false,
      ]);
      expect(run.tasks.filter((t) => t.state === "FinishScan").map((t) => t.failed)).toEqual([true, false]);
      await h.expectNothingLostOrDuplicated(2);
    });

    it("the store refusing every write for a night: the scan fails cleanly, the next night catches up", async () => {
      // Prepare
      await h.scan(1);
      h.changeTheOrg();
      h.dynamoDbFault = { error: dynamoDbDenied, remaining: Number.POSITIVE_INFINITY };

      // Act
      const refused = await h.scan(2);
      h.dynamoDbFault = undefined;
      const next = await h.scan(3);

      // Assess
      expect(refused.status).toBe("failed");
      expect(refused.history).toContain("RecordScanFailure");
      expect(await h.stateStore.currentScanLock()).toBeUndefined();
      expect(next.status).toBe("succeeded");
      await h.expectNothingLostOrDuplicated(3);
    });

    it("SES throttling is retried by the state machine, and each email is sent once", async () => {
      // Prepare
      h.sesFault = { error: sesThrottled, remaining: 2 };

      // Act
      const run = await h.scan(1);

      // Assess
      expect(run.status).toBe("succeeded");
      expect(h.sesRefused).toBe(2);
      // Whichever sender met the throttling first (the report's digest, a chunk of manager digests)
      // failed as TransientError and was retried.
      const failed = run.tasks.filter((t) => t.failed).map((t) => t.state);
      expect(failed.length).toBeGreaterThan(0);
      for (const state of failed) expect(["PublishReport", "SendManagerDigests"]).toContain(state);
      await h.expectNothingLostOrDuplicated(1);
    });

    it("SES refusing the digest for a night: the failure is audited, the next night sends it once", async () => {
      // Prepare
      h.sesFault = { error: sesRejected, remaining: Number.POSITIVE_INFINITY };

      // Act
      const refused = await h.scan(1);
      h.sesFault = undefined;
      h.changeTheOrg();
      const next = await h.scan(2);
      const quiet = await h.scan(3);

      // Assess
      expect(refused.status).toBe("failed");
      expect(next.status).toBe("succeeded");
      expect(quiet.status).toBe("succeeded");
      const failed = (await h.auditEntries()).filter(
        (e) => e.kind === "email.failed" && e.subject === COMPLIANCE_DIGEST_PURPOSE,
      );
      expect(failed.map((e) => [e.scanId, e.detail?.error])).toEqual([["night-1", "MessageRejected"]]);
      expect(h.announced[0]?.scanId).toBe("night-2");
      await h.expectNothingLostOrDuplicated(3);
    });

    it("manager digests failing for good on a night: the next night sends the unsent ones, though nothing changed for them", async () => {
      // Prepare: SES takes 5 manager digests, then throttles every other one, past the retries.
      h.managerDigestOutage = { after: 5, taken: 0 };

      // Act
      const failed = await h.scan(1);
      h.managerDigestOutage = undefined;
      const next = await h.scan(2);
      const quiet = await h.scan(3);

      // Assess
      const digests = (scanId: string) =>
        h.sent
          .filter((s) => s.scanId === scanId && s.purpose.startsWith("manager-digest:"))
          .map((s) => s.purpose);
      const audit = await h.auditEntries();
      const planned = Number(
        audit.find((e) => e.kind === "email.digests-planned" && e.scanId === "night-1")?.detail?.digests,
      );
      expect(planned).toBeGreaterThan(5);
      expect(failed.status).toBe("failed");
      expect(digests("night-1")).toHaveLength(5);
      const chunks = audit.filter((e) => e.kind === "email.digests-sent" && e.scanId === "night-1");
      expect(chunks.map((e) => [e.detail?.sent, e.detail?.unsent, e.detail?.chunkFailed])).toEqual([
        [5, planned - 5, "TransientError"],
      ]);
      // Night 1 counts as published (its report went out), so its news is not news on night 2: only
      // the record of what night 1 owed brings the other managers their digest.
      const owed = [...(await h.stateStore.listDone("night-1", MANAGER_DIGESTS_OWED)).keys()].map(
        (managerId) => `manager-digest:${managerId}`,
      );
      expect(owed).toHaveLength(planned - 5);
      for (const purpose of owed) {
        expect(digests("night-1")).not.toContain(purpose);
        expect(digests("night-2")).toContain(purpose);
      }
      expect(
        audit.find((e) => e.kind === "email.digests-planned" && e.scanId === "night-2")?.detail?.owed,
      ).toBe(planned - 5);
      expect(next.status).toBe("succeeded");
      expect(digests("night-3")).toEqual([]);
      expect(quiet.status).toBe("succeeded");
      await h.expectNothingLostOrDuplicated(3);
    });

    it("S3 throttling writes is retried by the state machine, and nothing is written twice", async () => {
      // Prepare
      await h.scan(1);
      h.changeTheOrg();
      h.blobStore.fault = { error: s3SlowDown, remaining: 4 };

      // Act
      const run = await h.scan(2);

      // Assess
      expect(run.status).toBe("succeeded");
      expect(h.blobStore.refused).toBe(4);
      expect(run.tasks.filter((t) => t.failed).length).toBeGreaterThan(0);
      await h.expectNothingLostOrDuplicated(2);
    });

    it("a task sink down for a night: its changes are made the next night, each once", async () => {
      // Prepare
      h.receiver = await startReceiver();
      await h.scan(1);
      h.changeTheOrg();
      h.receiver.outage = { status: 503, headers: { "retry-after": "0" }, text: "" };

      // Act
      const down = await h.scan(2);
      h.receiver.outage = undefined;
      const up = await h.scan(3);

      // Assess
      expect(down.status).toBe("failed");
      expect(up.status).toBe("succeeded");
      const events = h.receiver.events.map((e) => e.payload.event);
      expect(events).toContain("closed");
      expect(h.announced.slice(0, 2).map((a) => a.scanId)).toEqual(["night-1", "night-2"]);
      await h.expectNothingLostOrDuplicated(3);
    });

    it("two scans started at once: one runs, the other is refused by the scan lock and changes nothing", async () => {
      // Act
      const [a, b] = await Promise.all([
        h.scan(1, { scanId: "night-1-a" }),
        h.scan(1, { scanId: "night-1-b" }),
      ]);
      const next = await h.scan(2);

      // Assess
      const runs = [a, b];
      expect(runs.map((r) => r.status).sort()).toEqual(["failed", "succeeded"]);
      const refused = runs.find((r) => r.status === "failed");
      expect(refused?.error?.name).toBe("ScanAlreadyRunning");
      expect(refused?.history).toEqual(["StartScan", "ScanRefused"]);
      expect(next.status).toBe("succeeded");
      const audit = await h.auditEntries();
      expect(audit.filter((e) => e.kind === "scan.refused")).toHaveLength(1);
      expect(
        audit
          .filter((e) => e.kind === "scan.started")
          .map((e) => e.scanId)
          .sort(),
      ).toHaveLength(2);
      await h.expectNothingLostOrDuplicated(2);
    });
  },
);
