import { describe, expect, it } from "vitest";
import { staleSourceRule } from "../../../functions/core/rules/stale-source.ts";
import { at, scenario } from "../../support/scenario.ts";

describe("stale-source", () => {
  it("does not fire for data exported within maxSourceAgeDays", () => {
    // Prepare: the scenario's sources were exported a day before now.
    const context = scenario().build();

    // Act
    const result = staleSourceRule.evaluate(context);

    // Assess
    expect(result).toEqual({ findings: [], notEvaluated: [] });
  });

  it("fires medium on the system when its export is older than maxSourceAgeDays", () => {
    // Prepare
    const context = scenario()
      .updateSource("app", { exportedAt: at("2025-06-05T22:15:00Z"), exportedAtFrom: "file-mtime" })
      .build();

    // Act
    const [finding, ...rest] = staleSourceRule.evaluate(context).findings;

    // Assess
    expect(rest).toEqual([]);
    expect(finding).toEqual({
      severity: "medium",
      sourceId: "app",
      subject: { type: "system", id: "app" },
      personId: null,
      title: "Source data older than 7 days",
      evidence: {
        kind: "accounts",
        format: "okta",
        exportedAt: "2025-06-05T22:15:00.000Z",
        exportedAtFrom: "file-mtime",
        ageDays: 10,
        maxSourceAgeDays: 7,
      },
    });
  });

  it("flags a stale roster like any other source", () => {
    // Prepare
    const context = scenario()
      .updateSource("hr", { exportedAt: at("2025-05-01T12:00:00Z") })
      .build();

    // Act / Assess
    expect(staleSourceRule.evaluate(context).findings.map((f) => f.subject.id)).toEqual(["hr"]);
  });

  it("reports not evaluated when the export time is unknown, and skips failed sources", () => {
    // Prepare
    const context = scenario()
      .updateSource("app", { exportedAt: undefined, exportedAtFrom: undefined })
      .source({ id: "legacy", kind: "accounts", status: "failed", exportedAt: at("2024-01-01T00:00:00Z") })
      .build();

    // Act
    const result = staleSourceRule.evaluate(context);

    // Assess
    expect(result.findings).toEqual([]);
    expect(result.notEvaluated).toEqual([
      { sourceId: "app", reason: "export time unknown: data age cannot be checked" },
    ]);
  });
});
