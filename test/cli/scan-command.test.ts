/** `deprov scan` end to end, as a user runs it: exit codes, outputs, the alert email. */
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { openLocalState } from "../../cli/local/embedded-dynamodb.ts";
import { main } from "../../cli/main.ts";

const NOW = "2026-11-26T12:00:00Z";
const root = mkdtempSync(join(tmpdir(), "deprov-cli-"));
const org = join(root, "org");
const state = join(root, "state");
const out = join(root, "out");

beforeAll(async () => {
  await generateDemo({ outDir: org, now: Date.parse(NOW) });
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
});

afterAll(() => {
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

const scan = (...extra: string[]) =>
  main([
    "scan",
    "--config",
    join(org, "deprov.config.json"),
    "--state",
    state,
    "--out",
    out,
    "--now",
    NOW,
    ...extra,
  ]);

describe("deprov scan", () => {
  it("writes the three outputs and exits 0, then 1 with --fail-on critical", async () => {
    // Act
    const first = await scan();
    const failing = await scan("--fail-on", "critical");

    // Assess
    expect(first).toBe(0);
    expect(failing).toBe(1);
    for (const file of ["findings.json", "findings.csv", "report.html", "tasks.json"])
      expect(existsSync(join(out, file))).toBe(true);
    const json = JSON.parse(readFileSync(join(out, "findings.json"), "utf8")) as {
      schemaVersion: number;
      findings: unknown[];
    };
    expect(json.schemaVersion).toBe(1);
    expect(json.findings.length).toBeGreaterThan(100);
  });

  it("keeps its outputs private to the user: people's data in files 0600, in a folder created 0700", async () => {
    // Prepare: a file an older run left readable by everyone
    const privateOut = join(root, "out-private");
    const run = (stateDir: string) =>
      main([
        "scan",
        "--config",
        join(org, "deprov.config.json"),
        "--state",
        stateDir,
        "--out",
        privateOut,
        "--now",
        NOW,
      ]);
    await run(join(root, "state-private-1"));
    chmodSync(join(privateOut, "findings.csv"), 0o644);

    // Act
    await run(join(root, "state-private-2"));

    // Assess
    const modeOf = (path: string) => statSync(path).mode & 0o777;
    expect(modeOf(privateOut)).toBe(0o700);
    for (const file of ["findings.json", "findings.csv", "report.html", "tasks.json"])
      expect([file, modeOf(join(privateOut, file))]).toEqual([file, 0o600]);
    const emails = join(privateOut, "emails");
    expect(modeOf(emails)).toBe(0o700);
    const eml = readdirSync(emails).filter((name) => name.endsWith(".eml"));
    expect(eml.length).toBeGreaterThan(0);
    for (const name of eml) expect(modeOf(join(emails, name))).toBe(0o600);
  });

  it("sums up tasks per sink and the license waste in its currency, in the --json summary", async () => {
    // Prepare
    const printed: string[] = [];
    vi.mocked(console.log).mockImplementation((line: unknown) => {
      printed.push(String(line));
    });
    const freshState = join(root, "state-json");

    // Act
    const code = await main([
      "scan",
      "--config",
      join(org, "deprov.config.json"),
      "--state",
      freshState,
      "--out",
      join(root, "out-json"),
      "--now",
      NOW,
      "--json",
    ]);

    // Assess
    vi.mocked(console.log).mockImplementation(() => {});
    expect(code).toBe(0);
    const summary = JSON.parse(printed.join("\n")) as {
      tasks: Record<string, { created: number; updated: number; closed: number; unchanged: number }>;
      monthlyLicenseWaste: { amount: number; currency: string };
      outputs: { tasksJson: string };
    };
    const tasksFile = JSON.parse(readFileSync(summary.outputs.tasksJson, "utf8")) as { tasks: unknown[] };
    expect(summary.tasks).toEqual({
      local: {
        created: tasksFile.tasks.length,
        updated: 0,
        closed: 0,
        reopened: 0,
        unchanged: 0,
        skipped: 0,
        dryRun: false,
      },
    });
    expect(tasksFile.tasks.length).toBeGreaterThan(5);
    expect(summary.monthlyLicenseWaste.currency).toBe("USD");
    expect(summary.monthlyLicenseWaste.amount).toBeGreaterThan(0);
  });

  it("releases, on the record, a scan lock left by a deprov process that died mid-scan; the trail verifies", async () => {
    // Prepare: a process that took the lock and was killed before it could release it.
    const dead = await openLocalState(state);
    const now = Date.now();
    await dead?.stateStore.acquireScanLock({
      holder: "arn:aws:states:us-east-1:000000000000:execution:deprov-local:local-killed",
      scanId: "killed-scan",
      acquiredAt: now,
      until: now + 3_600_000,
    });
    await dead?.close();

    // Act
    const code = await scan();
    const verified = await main(["audit", "verify", "--state", state]);

    // Assess
    expect(code).toBe(0);
    expect(verified).toBe(0);
    const after = await openLocalState(state);
    try {
      expect(await after?.stateStore.currentScanLock()).toBeUndefined();
      const audit = await after?.stateStore.listAudit({ from: now - 60_000, to: Date.now() + 60_000 });
      expect(audit?.filter((e) => e.kind === "scan.lock-released")).toEqual([
        expect.objectContaining({ subject: "killed-scan", actor: "deprov:cli" }),
      ]);
    } finally {
      await after?.close();
    }
  });

  it("exits 2 and changes nothing when the state holds another organization's scans", async () => {
    // Prepare: the demo org scanned, then another org's config pointed at the same state
    const sharedState = join(root, "state-shared");
    const configFile = join(org, "deprov.config.json");
    const other = join(org, "other-org.config.json");
    writeFileSync(
      other,
      JSON.stringify({ ...JSON.parse(readFileSync(configFile, "utf8")), organization: "Acme Corp" }),
    );
    const run = (file: string) =>
      main([
        "scan",
        "--config",
        file,
        "--state",
        sharedState,
        "--out",
        join(root, "out-shared"),
        "--now",
        NOW,
      ]);
    expect(await run(configFile)).toBe(0);
    const errors: string[] = [];
    vi.mocked(console.error).mockImplementation((line: string) => errors.push(line));

    // Act
    const code = await run(other);

    // Assess
    expect(code).toBe(2);
    expect(errors.join("\n")).toMatch(
      /state-shared holds the scans of "Northwind Analytics", not of "Acme Corp": give each organization a state folder of its own \(--state DIR\)/,
    );
    const opened = await openLocalState(sharedState);
    try {
      expect(await opened?.stateStore.recentSuccessfulScans(10)).toHaveLength(1);
    } finally {
      await opened?.close();
    }
  });

  it("exits 2 and changes nothing when --now is before the state's last scan", async () => {
    // Prepare
    const pastState = join(root, "state-past");
    const run = (instant: string) =>
      main([
        "scan",
        "--config",
        join(org, "deprov.config.json"),
        "--state",
        pastState,
        "--out",
        join(root, "out-past"),
        "--now",
        instant,
      ]);
    expect(await run(NOW)).toBe(0);
    const errors: string[] = [];
    vi.mocked(console.error).mockImplementation((line: string) => errors.push(line));

    // Act
    const code = await run("2026-06-01T00:00:00Z");

    // Assess
    expect(code).toBe(2);
    expect(errors.join("\n")).toMatch(
      /--now: the scan's instant 2026-06-01T00:00:00\.000Z is before the last scan/,
    );
    const opened = await openLocalState(pastState);
    try {
      expect((await opened?.stateStore.latestSuccessfulScan())?.evaluatedAt).toBe(Date.parse(NOW));
      expect(await opened?.stateStore.recentSuccessfulScans(10)).toHaveLength(1);
    } finally {
      await opened?.close();
    }
  });

  it("exits 2 naming the file before anything runs when the identity map is missing or --out is a file", async () => {
    // Prepare
    const configFile = join(org, "deprov.config.json");
    const config = JSON.parse(readFileSync(configFile, "utf8")) as Record<string, unknown>;
    const missingMap = join(org, "missing-map.config.json");
    writeFileSync(missingMap, JSON.stringify({ ...config, identityMap: "no-such-map.csv" }));
    const outFile = join(root, "out-is-a-file");
    writeFileSync(outFile, "");
    const errors: string[] = [];
    vi.mocked(console.error).mockImplementation((line: string) => errors.push(line));
    const stateDir = join(root, "state-preflight");

    // Act
    const noMap = await main(["scan", "--config", missingMap, "--state", stateDir, "--out", out]);
    const fileOut = await main(["scan", "--config", configFile, "--state", stateDir, "--out", outFile]);

    // Assess
    expect([noMap, fileOut]).toEqual([2, 2]);
    const text = errors.join("\n");
    expect(text).toMatch(
      /no-such-map\.csv[\s\S]*\$\.identityMap: cannot read the identity map \(file not found\)/,
    );
    expect(text).toMatch(/--out: .*out-is-a-file is a file; expected a folder/);
    expect(existsSync(stateDir)).toBe(false);
  });

  it("exits 2 with the file and JSON path on a bad config", async () => {
    // Prepare
    const bad = join(root, "bad.json");
    writeFileSync(bad, JSON.stringify({ organization: "x", sources: [], polcy: {} }));
    const errors: string[] = [];
    vi.mocked(console.error).mockImplementation((line: string) => errors.push(line));

    // Act
    const code = await main(["scan", "--config", bad, "--state", state, "--out", out]);

    // Assess
    expect(code).toBe(2);
    expect(errors.join("\n")).toMatch(/bad\.json[\s\S]*\$: unknown key "polcy"/);
  });

  it("exits 3 on a truncated roster, changes nothing and writes the alert email", async () => {
    // Prepare
    const roster = readFileSync(join(org, "hr-roster.csv"), "utf8").split("\n");
    writeFileSync(join(org, "hr-roster.csv"), roster.slice(0, 40).join("\n"));

    // Act
    const code = await scan();

    // Assess
    expect(code).toBe(3);
    const alerts = readdirSync(join(out, "emails")).filter((name) => name.includes("guard-rail-alert"));
    expect(alerts).toHaveLength(1);
    const eml = readFileSync(join(out, "emails", alerts[0] ?? ""), "utf8");
    expect(eml).toMatch(/^Subject: \[deprov\] Scan stopped by a guard rail/im);
    expect(eml).toContain("--accept-roster-change");
  });

  it("validate lists every rejected record and every warning with its line and field, and exits 2", async () => {
    // Prepare: a second copy of the org with one impossible termination date and one row without an id
    const copy = join(root, "org-bad");
    await generateDemo({ outDir: copy, now: Date.parse(NOW) });
    const roster = readFileSync(join(copy, "hr-roster.csv"), "utf8").split("\n");
    const header = roster[0]?.split(",") ?? [];
    const column = header.indexOf("Termination Date");
    const row = (roster[5] ?? "").split(",");
    row[column] = "2026-02-30";
    roster[5] = row.join(",");
    const withoutId = (roster[7] ?? "").split(",");
    withoutId[header.indexOf("Employee #")] = "";
    roster[7] = withoutId.join(",");
    writeFileSync(join(copy, "hr-roster.csv"), roster.join("\n"));
    const lines: string[] = [];
    vi.mocked(console.log).mockImplementation((line: string) => lines.push(line));

    // Act
    const code = await main(["validate", "--config", join(copy, "deprov.config.json")]);

    // Assess
    expect(code).toBe(2);
    expect(lines.join("\n")).toMatch(
      /warning: .*hr-roster\.csv: line 6: field "Termination Date": .*2026-02-30.*dropped and the record kept/,
    );
    expect(lines.join("\n")).toMatch(
      /rejected: .*hr-roster\.csv: line 8: field "Employee #": expected a value/,
    );
  });
  it("validate shows source text without terminal control characters", async () => {
    // Prepare: a roster cell carrying escape sequences (C0 ones the warning quotes as JSON escapes;
    // C1 ones such as U+009B, which JSON leaves raw), in a date that is dropped with a warning
    const copy = join(root, "org-hostile");
    await generateDemo({ outDir: copy, now: Date.parse(NOW) });
    const roster = readFileSync(join(copy, "hr-roster.csv"), "utf8").split("\n");
    const header = roster[0]?.split(",") ?? [];
    const row = (roster[5] ?? "").split(",");
    row[header.indexOf("Termination Date")] = "\u001b]0;pwned\u0007\u001b[2J\u009b31m2026-02-30";
    roster[5] = row.join(",");
    writeFileSync(join(copy, "hr-roster.csv"), roster.join("\n"));
    // …and an organization name with a line break and an escape sequence in the config
    const configFile = join(copy, "deprov.config.json");
    const config = JSON.parse(readFileSync(configFile, "utf8")) as { organization: string };
    config.organization = "Northwind\r\nBcc: x@example.com \u001b[2JAnalytics";
    writeFileSync(configFile, JSON.stringify(config));
    const lines: string[] = [];
    vi.mocked(console.log).mockImplementation((line: string) => lines.push(line));

    // Act
    await main(["validate", "--config", configFile]);

    // Assess
    const text = lines.join("\n");
    expect(text).toMatch(/valid configuration for Northwind Bcc: x@example\.com \[2JAnalytics, /);
    expect(text).toMatch(/warning: .*line 6: field "Termination Date": .*pwned.*2026-02-30/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence.
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });
});

describe("deprov scan with a suspect source", () => {
  const suspectOrg = join(root, "org-suspect");
  const suspectState = join(root, "state-suspect");
  const run = (...extra: string[]) =>
    main([
      "scan",
      "--config",
      join(suspectOrg, "deprov.config.json"),
      "--state",
      suspectState,
      "--out",
      join(root, "out-suspect"),
      "--now",
      NOW,
      ...extra,
    ]);

  beforeAll(async () => {
    await generateDemo({ outDir: suspectOrg, now: Date.parse(NOW) });
  });

  it("exits 2 and names the source while it is suspect, and 0 once its change is accepted", async () => {
    // Prepare: a first scan, then an export that comes back empty
    expect(await run()).toBe(0);
    writeFileSync(
      join(suspectOrg, "slack-scim-users.json"),
      JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        totalResults: 0,
        Resources: [],
      }),
    );
    const lines: string[] = [];
    vi.mocked(console.log).mockImplementation((line: string) => lines.push(line));

    // Act
    const suspect = await run();
    const accepted = await run(
      "--accept-source-change",
      "slack",
      "--by",
      "maria.lopez",
      "--reason",
      "Slack workspace retired",
    );

    // Assess
    expect(suspect).toBe(2);
    expect(lines.join("\n")).toMatch(
      /SOURCE SUSPECT slack: returned 0 records where its last successful collection had \d+/,
    );
    expect(lines.join("\n")).toMatch(/slack\s+accounts\s+scim\s+suspect\s+0/);
    expect(accepted).toBe(0);
    expect(lines.join("\n")).toContain("SOURCE CHANGE ACCEPTED slack by maria.lopez");
  });

  it("refuses --accept-source-change for a source the config does not have, or without --by and --reason", async () => {
    // Prepare
    const errors: string[] = [];
    vi.mocked(console.error).mockImplementation((line: string) => errors.push(line));

    // Act
    const unknown = await run("--accept-source-change", "slak", "--by", "maria", "--reason", "typo");
    const anonymous = await run("--accept-source-change", "slack");

    // Assess
    expect(unknown).toBe(2);
    expect(anonymous).toBe(2);
    expect(errors.join("\n")).toContain('--accept-source-change: no source "slak" in the config');
    expect(errors.join("\n")).toContain("need --by WHO and --reason TEXT");
  });
});
