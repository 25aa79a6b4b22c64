/**
 * The nightly scan of a realistic org read live: the demo org's exports are served by loopback
 * servers that follow each system's documented API (with paging, and a 429 along the way), the HR
 * roster by a Workday custom report served as CSV and the offboarding tickets by a report behind a
 * bearer token, the AWS
 * credential report comes through a mocked IAM client, and the whole state machine runs locally.
 * Its findings are exactly those of the same org scanned from its file-form exports. A second case
 * runs a live scan with distinctive secrets and searches everything the scan wrote for them.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { type EmbeddedSes, startEmbeddedSes } from "../../cli/local/embedded-ses.ts";
import { runLocalScan } from "../../cli/local/run-local-scan.ts";
import { loadConfig } from "../../functions/config/load-config.ts";
import type { LifecycleFinding } from "../../functions/core/lifecycle/types.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { CompositeMailer } from "../../functions/ports/mail/composite-mailer.ts";
import { EmlFileMailer } from "../../functions/ports/mail/eml-file-mailer.ts";
import { SesMailer } from "../../functions/ports/mail/ses-mailer.ts";
import { readFindingsBlob } from "../../functions/ports/result-blob.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";
import type { FakeApi } from "../sources/live/fake-api.ts";
import { startFakeCsvReport } from "../sources/live/fakes/csv-report.ts";
import { serviceAccountKey, startFakeGoogle } from "../sources/live/fakes/google.ts";
import { startFakeGraph } from "../sources/live/fakes/graph.ts";
import { startFakeJamf } from "../sources/live/fakes/jamf.ts";
import { startFakeOkta } from "../sources/live/fakes/okta.ts";
import { startFakeScim } from "../sources/live/fakes/scim.ts";
import { startFakeSnipeIt } from "../sources/live/fakes/snipeit.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
/** The live systems are read two hours before the evaluation instant. */
const READ_AT = NOW - 2 * 3_600_000;
const root = mkdtempSync(join(tmpdir(), "deprov-live-scan-"));
const orgDir = join(root, "org");
const liveDir = join(root, "live");

/** Distinctive secrets: none of them may appear in anything the scan writes. */
const SECRETS = {
  okta: "00oktaLEAKCHECK-4f1b9e7c2a6d8e0f3b5a",
  slack: "xoxp-slackLEAKCHECK-7a2c9e4b1d6f",
  zoom: "zoomLEAKCHECK-eyJhbGciOiJIUzUxMiJ9",
  entra: "entraLEAKCHECK~Qx8.client-secret_4fJk",
  snipeit: "snipeitLEAKCHECK-eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9",
  jamf: "jamfLEAKCHECK-Q1w2E3r4T5y6U7i8O9p0",
  workday: "workdayLEAKCHECK-Zx9!isu-password",
  tickets: "ticketsLEAKCHECK-8d1e4f7a2b5c",
} as const;
const WORKDAY_ISU = "ISU_Deprov_Roster";
const SUBJECT = "it-admin@northwind.com";

const iam = mockClient(IAMClient);
const servers: FakeApi[] = [];
/** Reports served as CSV (one request each): the HR roster and the offboarding tickets. */
const reportServers: FakeApi[] = [];
/** Access tokens the fake systems issued during the read: secrets too. */
const issuedTokens: string[][] = [];
let googleKeyPem = "";
const dbs: EmbeddedDynamoDb[] = [];
let ses: EmbeddedSes;

function json(file: string): unknown {
  return JSON.parse(readFileSync(join(orgDir, file), "utf8"));
}

/** The demo's Snipe-IT laptops as Jamf Pro computers-inventory results (sections GENERAL, HARDWARE, USER_AND_LOCATION). */
function jamfComputersOf(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((row, index) => {
    const holder = row.assigned_to as Record<string, unknown> | null;
    const user = holder?.type === "user" ? holder : undefined;
    return {
      id: String(index + 1),
      udid: `0D4A5B1C-7E2F-5A3B-9C1D-${String(index + 1).padStart(12, "0")}`,
      general: {
        name: `NW-MAC-${String(index + 1).padStart(4, "0")}`,
        lastContactTime: "2026-11-20T08:15:42Z",
        platform: "Mac",
      },
      hardware: { make: "Apple", model: "MacBook Pro (14-inch, 2023)", serialNumber: row.serial },
      userAndLocation: {
        username: user?.username ?? "",
        realname: user?.name ?? "",
        email: user?.email ?? "",
        position: "",
        phone: "",
        departmentId: null,
        buildingId: null,
        room: "",
        extensionAttributes: [],
      },
    };
  });
}

interface ConfigSource {
  id: string;
  format: string;
  path?: string;
  exportedAt?: string;
  [key: string]: unknown;
}

beforeAll(async () => {
  await generateDemo({ outDir: orgDir, now: NOW });
  // A Jamf Pro inventory besides Snipe-IT, in its file form.
  const snipeRows = (json("snipeit-hardware.json") as { rows: Record<string, unknown>[] }).rows;
  const computers = jamfComputersOf(snipeRows);
  writeFileSync(
    join(orgDir, "jamf-computers.json"),
    JSON.stringify({ totalCount: computers.length, results: computers }),
  );
  const fileConfig = json("deprov.config.json") as { sources: ConfigSource[] };
  fileConfig.sources.push({
    id: "macs",
    kind: "assets",
    format: "jamf",
    path: "jamf-computers.json",
    exportedAt: "2026-11-26T10:00:00.000Z",
  });
  writeFileSync(join(orgDir, "deprov.config.json"), JSON.stringify(fileConfig, null, 2));

  // The same data, served live. Small pages force paging; the second Okta page is throttled once.
  const scimUsers = (file: string) => (json(file) as { Resources: unknown[] }).Resources;
  const okta = await startFakeOkta({
    users: json("okta-users.json") as { id: string; status: string }[],
    token: SECRETS.okta,
    maxPageSize: 40,
    faults: [
      {
        nth: 2,
        answer: {
          status: 429,
          headers: {
            "x-rate-limit-remaining": "0",
            "x-rate-limit-reset": "1795000000",
            date: "Thu, 26 Nov 2026 10:00:00 GMT",
          },
        },
      },
    ],
  });
  const slack = await startFakeScim({
    users: scimUsers("slack-scim-users.json"),
    token: SECRETS.slack,
    maxPageSize: 50,
  });
  const zoom = await startFakeScim({
    users: scimUsers("zoom-scim-users.json"),
    token: SECRETS.zoom,
    basePath: "/scim2",
    maxPageSize: 30,
  });
  const generated = serviceAccountKey("http://127.0.0.1:1/token");
  const google = await startFakeGoogle({
    users: (json("google-workspace-users.json") as { users: unknown[] }).users,
    publicKey: generated.publicKey,
    clientEmail: generated.key.client_email,
    subject: SUBJECT,
    maxPageSize: 50,
    faults: [
      {
        nth: 3,
        matches: (r) => r.path.startsWith("/admin"),
        answer: { status: 503, headers: { "retry-after": "1" } },
      },
    ],
  });
  const googleKey = { ...generated.key, token_uri: `${google.url}/token` };
  googleKeyPem = googleKey.private_key;
  const tenantId = "7d2c1b0a-9e8f-4d6c-b5a4-3e2f1d0c9b8a";
  const clientId = "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9";
  const graph = await startFakeGraph({
    users: (json("entra-users.json") as { value: Record<string, unknown>[] }).value,
    tenantId,
    clientId,
    clientSecret: SECRETS.entra,
    // The demo's Entra export carries no sign-in data: its tenant has no P1/P2 licence.
    premium: false,
    maxPageSize: 60,
  });
  const snipeit = await startFakeSnipeIt({ rows: snipeRows, token: SECRETS.snipeit, maxPageSize: 50 });
  const jamfClientId = "5c2b1a09-8e7d-4f6c-9b5a-3d2e1f0a9b8c";
  const jamf = await startFakeJamf({
    computers,
    clientId: jamfClientId,
    clientSecret: SECRETS.jamf,
    maxPageSize: 50,
  });
  const workday = await startFakeCsvReport({
    csv: readFileSync(join(orgDir, "hr-roster.csv")),
    path: "/ccx/service/customreport2/northwind/ISU_Deprov_Roster/Deprov_Roster",
    basic: { username: WORKDAY_ISU, password: SECRETS.workday },
  });
  const tickets = await startFakeCsvReport({
    csv: readFileSync(join(orgDir, "offboarding-tickets.csv")),
    path: "/api/reports/offboarding",
    token: SECRETS.tickets,
  });
  servers.push(okta, slack, zoom, google, graph, snipeit, jamf);
  reportServers.push(workday, tickets);
  issuedTokens.push(google.tokens, graph.tokens, jamf.tokens);
  const report = readFileSync(join(orgDir, "aws-prod-credential-report.csv"));
  iam.on(GenerateCredentialReportCommand).resolves({ State: "COMPLETE" });
  iam.on(GetCredentialReportCommand).resolves({
    Content: new Uint8Array(report),
    ReportFormat: "text/csv",
    GeneratedTime: new Date(READ_AT),
  });

  const live: Record<string, Record<string, unknown>> = {
    okta: { url: okta.url, credential: { env: "LIVE_OKTA_TOKEN" } },
    slack: { url: slack.base, credential: { env: "LIVE_SLACK_TOKEN" } },
    zoom: { url: zoom.base, credential: { env: "LIVE_ZOOM_TOKEN" } },
    "google-workspace": { url: google.url, credential: { env: "LIVE_GOOGLE_KEY" }, subject: SUBJECT },
    entra: { url: graph.graph, tokenUrl: graph.tokenUrl, credential: { env: "LIVE_ENTRA_APP" } },
    laptops: { url: snipeit.url, credential: { env: "LIVE_SNIPEIT_KEY" } },
    macs: { url: jamf.url, credential: { env: "LIVE_JAMF_CLIENT" } },
    "aws-prod": { aws: { region: "us-east-1" } },
    hr: { url: workday.reportUrl, credential: { env: "LIVE_WORKDAY_ISU" } },
    offboarding: { url: tickets.reportUrl, credential: { env: "LIVE_TICKETS_TOKEN" } },
  };
  const liveConfig = json("deprov.config.json") as { sources: ConfigSource[]; identityMap?: string };
  liveConfig.sources = liveConfig.sources.map((source) => {
    const settings = live[source.id];
    if (settings === undefined) return { ...source, path: join(orgDir, source.path ?? "") };
    const { path: _path, exportedAt: _exportedAt, ...rest } = source;
    return { ...rest, ...settings };
  });
  if (liveConfig.identityMap !== undefined) liveConfig.identityMap = join(orgDir, liveConfig.identityMap);
  rmSync(liveDir, { recursive: true, force: true });
  mkdirSync(liveDir, { recursive: true });
  writeFileSync(join(liveDir, "deprov.config.json"), JSON.stringify(liveConfig, null, 2));

  vi.stubEnv("LIVE_OKTA_TOKEN", SECRETS.okta);
  vi.stubEnv("LIVE_SLACK_TOKEN", SECRETS.slack);
  vi.stubEnv("LIVE_ZOOM_TOKEN", SECRETS.zoom);
  vi.stubEnv("LIVE_GOOGLE_KEY", JSON.stringify(googleKey));
  vi.stubEnv("LIVE_ENTRA_APP", JSON.stringify({ tenantId, clientId, clientSecret: SECRETS.entra }));
  vi.stubEnv("LIVE_SNIPEIT_KEY", SECRETS.snipeit);
  vi.stubEnv("LIVE_JAMF_CLIENT", JSON.stringify({ clientId: jamfClientId, clientSecret: SECRETS.jamf }));
  vi.stubEnv("LIVE_WORKDAY_ISU", JSON.stringify({ username: WORKDAY_ISU, password: SECRETS.workday }));
  vi.stubEnv("LIVE_TICKETS_TOKEN", SECRETS.tickets);
  ses = await startEmbeddedSes();
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  iam.reset();
  for (const server of [...servers, ...reportServers]) await server.close();
  await ses?.close();
  for (const db of dbs) await db.close();
  rmSync(root, { recursive: true, force: true });
});

interface ScanRun {
  db: EmbeddedDynamoDb;
  findings: LifecycleFinding[];
  log: string[];
  events: string[];
  blobRoot: string;
  outDir: string;
}

async function scan(configFile: string, name: string): Promise<ScanRun> {
  const db = await startEmbeddedDynamoDb();
  dbs.push(db);
  const stateStore = new DynamoDbStateStore({ client: db.client, tables: db.tables });
  const blobRoot = join(root, `${name}-blobs`);
  const blobStore = new FileBlobStore(blobRoot);
  const outDir = join(root, `${name}-out`);
  const log: string[] = [];
  const events: string[] = [];
  const noWait = async () => {};
  const { run } = await runLocalScan({
    config: loadConfig(configFile),
    stateStore,
    taskStore: new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state }),
    blobStore,
    outDir,
    now: NOW,
    retryIntervalMs: 0,
    log: (message) => log.push(message),
    onEvent: (event) => events.push(JSON.stringify(event)),
    mailer: new CompositeMailer([
      new EmlFileMailer({ dir: join(outDir, "emails") }),
      new SesMailer({ client: ses.client }),
    ]),
    live: { now: () => READ_AT, sleep: noWait, http: { sleep: noWait, now: () => READ_AT } },
  });
  expect(run.status).toBe("succeeded");
  const latest = await stateStore.latestSuccessfulScan();
  if (latest === undefined) throw new Error(`${name} scan recorded no successful scan`);
  const findings = (await readFindingsBlob(blobStore, latest.resultKey)) ?? [];
  return { db, findings, log, events, blobRoot, outDir };
}

/** A finding as the comparison sees it: everything but its lifecycle timestamps. */
function comparable(finding: LifecycleFinding) {
  const {
    firstSeenAt: _first,
    lastSeenAt: _last,
    ...rest
  } = finding as LifecycleFinding & Record<string, unknown>;
  return rest;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile());
}

describe("a live scan of a realistic org", () => {
  let fileScan: ScanRun;
  let liveScan: ScanRun;

  beforeAll(async () => {
    fileScan = await scan(join(orgDir, "deprov.config.json"), "file");
    liveScan = await scan(join(liveDir, "deprov.config.json"), "live");
  }, 240_000);

  it("gives exactly the findings of the file-form scan, every reader paging and one throttled", () => {
    // Assess
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(liveScan.findings.length).toBeGreaterThan(50);
    expect(liveScan.findings.map(comparable).sort(byId)).toEqual(
      fileScan.findings.map(comparable).sort(byId),
    );
    expect(new Set(liveScan.findings.map((f) => f.sourceId))).toContain("macs");
    for (const server of servers) expect(server.requests.length).toBeGreaterThan(2);
    for (const server of reportServers) expect(server.requests).toHaveLength(1);
    expect(liveScan.events.join("\n")).toContain("the tenant has no Microsoft Entra ID P1/P2 licence");
  });

  it("keeps each live read's snapshot in the scan's blob store, in the file form", () => {
    // Assess
    const snapshots = filesUnder(liveScan.blobRoot).filter((file) => file.endsWith("/export"));
    const okta = snapshots.find((file) => file.includes("/snapshots/") && file.includes("/okta/"));
    expect(okta).toBeDefined();
    expect(Array.isArray(JSON.parse(readFileSync(okta ?? "", "utf8")))).toBe(true);
    const aws = snapshots.find((file) => file.includes("/snapshots/") && file.includes("/aws-prod/"));
    expect(readFileSync(aws ?? "", "utf8")).toBe(
      readFileSync(join(orgDir, "aws-prod-credential-report.csv"), "utf8"),
    );
  });

  it("writes no secret anywhere: state, blobs, outputs, emails, audit, logs or progress", async () => {
    // Prepare
    const secrets = [
      ...Object.values(SECRETS),
      ...issuedTokens.flat(),
      Buffer.from(`${WORKDAY_ISU}:${SECRETS.workday}`).toString("base64"),
      // A distinctive line from the middle of the service account's private key.
      googleKeyPem.split("\n")[5] ?? "unused",
    ];
    expect(issuedTokens.flat().length).toBeGreaterThanOrEqual(3);
    const written: { where: string; text: string }[] = [];
    for (const file of [...filesUnder(liveScan.blobRoot), ...filesUnder(liveScan.outDir)]) {
      written.push({ where: file, text: readFileSync(file).toString("latin1") });
    }
    for (const table of Object.values(liveScan.db.tables)) {
      const items = await liveScan.db.client.send(new ScanCommand({ TableName: table }));
      written.push({ where: `table ${table}`, text: JSON.stringify(items.Items ?? []) });
    }
    const store = await (await fetch(`${ses.endpoint}/store`)).text();
    written.push({ where: "mail sink", text: store });
    written.push(
      { where: "log", text: liveScan.log.join("\n") },
      { where: "progress", text: liveScan.events.join("\n") },
    );

    // Assess
    expect(written.length).toBeGreaterThan(20);
    for (const { where, text } of written) {
      for (const secret of secrets) expect(text.includes(secret), `${where} contains a secret`).toBe(false);
    }
  });
});
