/**
 * bin/deprov.js as a user runs it: a real process from the bundle (cli-bundle.js), relaunched with its
 * V8 flag, exit codes kept.
 */
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "..", "..", "bin", "deprov.js");

function deprov(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env, timeout: 60_000 });
}

describe("bin/deprov.js", () => {
  it("prints the usage and exits 0", () => {
    // Act
    const run = deprov(["--help"]);

    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: deprov <command>");
  });

  it("passes on the command's exit code and messages", () => {
    // Act
    const run = deprov(["validate", "--config", join(import.meta.dirname, "no-such-config.json")]);

    // Assess
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("no-such-config.json: invalid configuration");
  });

  it("scans the demo org through the state machine, with its worker thread started from the bundle", () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), "deprov-bin-"));

    // Act
    const run = deprov([
      "scan",
      "--now",
      "2026-11-26T12:00:00Z",
      "--state",
      join(dir, "state"),
      "--out",
      join(dir, "out"),
    ]);

    // Assess
    rmSync(dir, { recursive: true, force: true });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/findings in [\d.]+ s; \d+ state transitions/);
    expect(run.stderr + run.stdout).not.toContain("worker thread failed to start");
  });

  it("ends quietly when its reader stops reading early (deprov review status | head)", async () => {
    // Prepare: a campaign to report on, and the reader's end of the pipe closed before it prints
    const dir = mkdtempSync(join(tmpdir(), "deprov-bin-"));
    const state = ["--state", join(dir, "state"), "--out", join(dir, "out")];
    expect(deprov(["scan", "--now", "2026-11-26T12:00:00Z", ...state]).status).toBe(0);
    expect(deprov(["review", "start", "--now", "2026-11-26T13:00:00Z", ...state]).status).toBe(0);
    const child = spawn(process.execPath, [BIN, "review", "status", ...state], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });

    // Act
    const [code] = (await once(child, "exit")) as [number | null];

    // Assess
    rmSync(dir, { recursive: true, force: true });
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
  }, 120_000);

  it("runs from source through tsx when DEPROV_NO_BUNDLE is set", () => {
    // Act
    const run = deprov(["--help"], { ...process.env, DEPROV_NO_BUNDLE: "1" });

    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: deprov <command>");
  });

  it("runs in place when NODE_OPTIONS already sizes the young generation", () => {
    // Act
    const run = deprov(["--help"], { ...process.env, NODE_OPTIONS: "--max-semi-space-size=32" });

    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: deprov <command>");
  });
});
