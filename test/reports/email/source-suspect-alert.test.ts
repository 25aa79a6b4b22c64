import { describe, expect, it } from "vitest";
import { renderSourceSuspectAlert } from "../../../reports/email/source-suspect-alert.ts";

describe("renderSourceSuspectAlert", () => {
  it("names each suspect source with its numbers, says nothing it feeds was resolved, and how to accept", () => {
    // Act
    const email = renderSourceSuspectAlert({
      organization: "Acme Corp",
      scanId: "20261126T120000Z-0badcafe",
      evaluatedAt: "2026-11-26T12:00:00.000Z",
      timezone: "America/New_York",
      sources: [
        {
          sourceId: "slack",
          records: 0,
          rejected: 0,
          previousRecords: 394,
          reasons: ["returned 0 records where its last successful collection had 394"],
        },
        {
          sourceId: "okta",
          records: 90,
          rejected: 10,
          previousRecords: null,
          reasons: ["rejected 10 of 100 records (10.0%), more than maxRejectedPercent (5%)"],
        },
      ],
    });

    // Assess
    expect(email.subject).toBe("[deprov] 2 sources suspect, findings kept open: Acme Corp");
    expect(email.text).toContain("slack: 0 records, 0 rejected (last successful collection: 394)");
    expect(email.text).toContain("okta: 90 records, 10 rejected\n");
    expect(email.text).toContain("none of the findings they feed was resolved");
    expect(email.text).toContain("deprov scan --accept-source-change SOURCE --by WHO --reason TEXT");
    expect(email.html).toContain("<strong>slack</strong>");
  });

  it("escapes what it shows and keeps the subject on one line", () => {
    // Act
    const email = renderSourceSuspectAlert({
      organization: "Acme <b>Corp</b>\nBcc: x@evil.test",
      scanId: "s",
      evaluatedAt: "2026-11-26T12:00:00.000Z",
      sources: [
        {
          sourceId: "x",
          records: 0,
          rejected: 0,
          previousRecords: 1,
          reasons: ["<img src=x onerror=alert(1)>"],
        },
      ],
    });

    // Assess
    expect(email.subject).not.toContain("\n");
    expect(email.html).not.toContain("<img");
    expect(email.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
