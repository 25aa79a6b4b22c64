import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { validateCommand } from "../../cli/commands/validate.ts";
import { fixtureJson } from "../sources/api-source-input.ts";
import type { FakeApi } from "../sources/live/fake-api.ts";
import { startFakeOkta } from "../sources/live/fakes/okta.ts";
import { startFakeScim } from "../sources/live/fakes/scim.ts";

const OKTA_TOKEN = "00validate-okta-token-Zx81";
const dir = mkdtempSync(join(tmpdir(), "deprov-validate-live-"));
const servers: FakeApi[] = [];

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  const okta = await startFakeOkta({
    users: fixtureJson("okta-users.json") as { id: string; status: string }[],
    token: OKTA_TOKEN,
    maxPageSize: 3,
  });
  const scim = await startFakeScim({ users: [], token: "the-right-one" });
  servers.push(okta, scim);
  writeFileSync(
    join(dir, "hr.csv"),
    "employeeId,name,email,status,hireDate,terminationDate\nE1001,Dana Whitfield,dana.whitfield@acme.com,active,2019-04-01,\n",
  );
  const config = {
    organization: "Acme",
    sources: [
      { id: "hr", kind: "roster", format: "csv", path: "hr.csv" },
      {
        id: "okta",
        kind: "accounts",
        format: "okta",
        url: okta.url,
        credential: { env: "VALIDATE_OKTA_TOKEN" },
      },
      {
        id: "slack",
        kind: "accounts",
        format: "scim",
        url: scim.base,
        credential: { env: "VALIDATE_SLACK_TOKEN" },
      },
      {
        id: "laptops",
        kind: "assets",
        format: "snipeit",
        url: `http://127.0.0.1:${await closedPort()}`,
        credential: { env: "VALIDATE_SLACK_TOKEN" },
      },
    ],
  };
  writeFileSync(join(dir, "deprov.config.json"), JSON.stringify(config));
  vi.stubEnv("VALIDATE_OKTA_TOKEN", OKTA_TOKEN);
  vi.stubEnv("VALIDATE_SLACK_TOKEN", "a-wrong-token");
  vi.spyOn(console, "error").mockImplementation(() => {});
});

afterAll(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  for (const server of servers) await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("deprov validate with live sources", () => {
  it("reports per live source whether it was reachable, pages, records, rejects and time, and exits 2 on failures", async () => {
    // Prepare
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => lines.push(line));

    // Act
    const noWait = async () => {};
    const code = await validateCommand(["--config", join(dir, "deprov.config.json")], {
      live: { sleep: noWait, http: { sleep: noWait } },
    });

    // Assess
    const text = lines.join("\n");
    expect(code).toBe(2);
    expect(text).toMatch(
      /source okta\s+live http:\/\/127\.0\.0\.1:\d+\/: reachable, 3 pages, \d+ records, \d+ rejected \(\d+\.\d s\)/,
    );
    expect(text).toMatch(
      /source slack\s+live http:\/\/127\.0\.0\.1:\d+\/scim\/v2: reachable, but the read FAILED: source "slack": GET .* failed: HTTP 401/,
    );
    expect(text).toMatch(
      /source laptops\s+live http:\/\/127\.0\.0\.1:\d+\/: NOT reachable: source "laptops": GET .* failed: no answer \(ECONNREFUSED\)/,
    );
    expect(text).toMatch(/source hr\s+1 records, 0 rejected/);
    expect(text).not.toContain(OKTA_TOKEN);
    expect(text).not.toContain("a-wrong-token");
  });
});
