import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readAslDefinition, taskStates } from "../../cli/local/asl-definition.ts";
import { workerPlaced } from "../../cli/local/handler-worker-pool.ts";
import {
  ACCESS_REVIEW_HANDLERS,
  HANDLER_CATALOGUE,
  NIGHTLY_SCAN_HANDLERS,
} from "../../functions/handlers/catalogue.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const placeholdersIn = (file: string) =>
  new Set(
    [...readFileSync(join(ROOT, "statemachines", file), "utf8").matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map(
      (match) => match[1],
    ),
  );

describe("the handler catalogue (functions/handlers/catalogue.ts)", () => {
  it.each(HANDLER_CATALOGUE)("$name: its entry file exports the row's handler", async (spec) => {
    // Act
    const module = (await import(join(ROOT, spec.entry))) as { handler?: unknown };

    // Assess
    expect(typeof module.handler).toBe("function");
    if ("handler" in spec) expect(module.handler).toBe(spec.handler.handler);
  });

  it("has a row for every handler file, and each file once", () => {
    // Prepare
    const entries = readdirSync(join(ROOT, "functions", "handlers"))
      .filter((file) => /^[a-z-]+\.ts$/.test(file))
      .filter((file) =>
        /^export const handler\b/m.test(readFileSync(join(ROOT, "functions", "handlers", file), "utf8")),
      )
      .map((file) => `functions/handlers/${file}`);

    // Assess
    expect(HANDLER_CATALOGUE.map((spec) => spec.entry).sort()).toEqual(entries.sort());
  });

  it("resolves exactly the placeholders of each state machine", () => {
    // Assess
    expect(new Set(NIGHTLY_SCAN_HANDLERS.map((spec) => spec.placeholder))).toEqual(
      placeholdersIn("nightly-scan.asl.json"),
    );
    expect(new Set(ACCESS_REVIEW_HANDLERS.map((spec) => spec.placeholder))).toEqual(
      placeholdersIn("access-review.asl.json"),
    );
  });

  it.each(["nightly-scan.asl.json", "access-review.asl.json"])(
    "%s: each Task state is named as the handler it calls",
    (file) => {
      // Prepare
      const definition = readAslDefinition(join(ROOT, "statemachines", file));

      // Act
      const misnamed = taskStates(definition).filter(
        ({ stateName, placeholder }) => placeholder !== `${stateName}FunctionArn`,
      );

      // Assess
      expect(misnamed).toEqual([]);
    },
  );

  it("places sources and task chunks on any thread, the exports on workers, and the digests on workers only when they mail", () => {
    // Act
    const placed = (workersMail: boolean) =>
      Object.fromEntries(
        workerPlaced(NIGHTLY_SCAN_HANDLERS, workersMail).map((spec) => [
          spec.name,
          spec.localPlacement.threads,
        ]),
      );

    // Assess
    expect(placed(false)).toEqual({
      "collect-source": "any",
      "export-findings": "workers",
      "sync-remediation-tasks": "any",
    });
    expect(placed(true)).toEqual({
      "collect-source": "any",
      "export-findings": "workers",
      "send-manager-digests": "any",
      "sync-remediation-tasks": "any",
    });
  });
});
