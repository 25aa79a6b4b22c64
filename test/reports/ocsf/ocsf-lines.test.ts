import { describe, expect, it } from "vitest";
import { ocsfJsonLineSerializer } from "../../../functions/fast/ocsf-json-line.ts";
import type { ReportFinding } from "../../../functions/scan/contract/scan-result.ts";
import { ocsfContext, ocsfDetectionFinding } from "../../../reports/ocsf/ocsf-finding.ts";
import {
  OCSF_LINES_FILE,
  ocsfLinesChunks,
  plainOcsfLineSerializer,
} from "../../../reports/ocsf/ocsf-lines.ts";
import { demoNightlyScan } from "../../support/demo-scan.ts";
import { makeFinding, makeHistory, makeScanResult } from "../fixtures.ts";

describe("ocsfLinesChunks", () => {
  it("writes one JSON line per open or waived finding, then one per finding the scan resolved", () => {
    // Prepare
    const result = makeScanResult({ history: makeHistory() });

    // Act
    const chunks = [...ocsfLinesChunks(result)];

    // Assess
    expect(OCSF_LINES_FILE).toBe("findings.ocsf.jsonl");
    expect(chunks).toHaveLength(result.findings.length + 2);
    for (const chunk of chunks) expect(chunk.endsWith("\n") && !chunk.slice(0, -1).includes("\n")).toBe(true);
    const events = chunks.map((chunk) => JSON.parse(chunk));
    expect(events.map((e) => e.finding_info.uid)).toEqual([
      ...result.findings.map((f) => f.id),
      ...(result.history?.resolved ?? []).map((r) => r.id),
    ]);
    expect(events.map((e) => e.activity_id)).toEqual([2, 1, 2, 1, 2, 3, 3]);
    expect(events.every((e) => e.class_uid === 2004 && e.category_uid === 2)).toBe(true);
  });

  it("writes only the findings when the scan kept no history", () => {
    // Prepare
    const result = makeScanResult();

    // Act
    const lines = [...ocsfLinesChunks(result)].join("").split("\n").filter(Boolean);

    // Assess
    expect(lines).toHaveLength(result.findings.length);
    expect(lines.map((line) => JSON.parse(line).activity_name)).toEqual(result.findings.map(() => "Create"));
  });

  it("parses back to exactly the mapped events for a real scan of the demo org", async () => {
    // Prepare
    const result = await demoNightlyScan();
    const context = ocsfContext(result);

    // Act
    const events = [...ocsfLinesChunks(result)].map((chunk) => JSON.parse(chunk));

    // Assess
    expect(events.slice(0, result.findings.length)).toEqual(
      result.findings.map((finding) => ocsfDetectionFinding(finding, context)),
    );
    expect(events.filter((e) => e.status === "Suppressed").length).toBe(
      result.findings.filter((f) => f.status === "waived").length,
    );
  });
});

describe("ocsfJsonLineSerializer (fast) and plainOcsfLineSerializer", () => {
  it("writes the same text as JSON.stringify of the mapped event, for every kind of finding", () => {
    // Prepare: lifecycle or none, each status, a person subject, a rule the scan does not list,
    // a finding with its own controls list, and text JSON must escape.
    const base = makeFinding();
    const findings: ReportFinding[] = [
      base,
      { ...base, status: "open", firstSeenAt: 1_716_184_800_000, lastSeenAt: 1_717_221_600_000 },
      { ...base, status: "waived", firstSeenAt: 1_716_184_800_000, lastSeenAt: 1_717_221_600_000 },
      { ...base, status: "resolved", firstSeenAt: 1_716_184_800_000, lastSeenAt: 1_716_184_800_000 },
      makeFinding({
        rule: "undocumented-offboarding",
        subject: { type: "person", id: "E1001" },
        sourceId: "hr",
      }),
      makeFinding({ rule: "not-in-catalogue", personId: null, controls: ["SOC2 CC6.1"] }),
      makeFinding({ controls: ["NIST AC-2"] }),
      // As read back from a result blob: the rule's controls, but an array of its own.
      { ...base, controls: [...base.controls] },
      makeFinding({
        title: 'Quote " backslash \\ newline \n separator \u2028 emoji 🧑‍💻 <script>',
        evidence: { note: "tab\there", groups: ["Admins", "Everyone"], count: 3, ok: false, none: null },
      }),
    ];
    const result = makeScanResult({ findings, history: makeHistory({ newFindingIds: [base.id] }) });
    const context = ocsfContext(result);
    const line = ocsfJsonLineSerializer(context);

    // Act
    const written = findings.map((finding) => line(finding));

    // Assess
    const plain = plainOcsfLineSerializer(context);
    expect(written).toEqual(findings.map((finding) => plain(finding)));
  });
});
