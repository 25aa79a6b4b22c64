import { describe, expect, it } from "vitest";
import { composeMime } from "../../../functions/ports/mail/mime.ts";
import {
  ACCEPT_ROSTER_CHANGE_COMMAND,
  type GuardRailAlertInput,
  renderGuardRailAlert,
} from "../../../reports/email/guard-rail-alert.ts";

function shrinkAlert(overrides: Partial<GuardRailAlertInput> = {}): GuardRailAlertInput {
  return {
    organization: "Acme Corp",
    scanId: "20261126T140000Z-1a2b3c4d",
    evaluatedAt: "2026-11-26T14:00:00.000Z",
    timezone: "America/New_York",
    reason:
      "the roster shrank by 20.5% (from 100000 to 79500 records), more than maxRosterShrinkPercent (20%)",
    rosterRecords: 79_500,
    previousRosterRecords: 100_000,
    howToAccept: ACCEPT_ROSTER_CHANGE_COMMAND,
    ...overrides,
  };
}

describe("renderGuardRailAlert", () => {
  it("says why the scan stopped, that nothing changed, and how to accept the change", () => {
    // Prepare
    const input = shrinkAlert();

    // Act
    const alert = renderGuardRailAlert(input);

    // Assess
    expect(alert.subject).toBe("[deprov] Scan stopped by a guard rail: Acme Corp");
    for (const body of [alert.text, alert.html]) {
      expect(body).toContain("the roster shrank by 20.5% (from 100000 to 79500 records)");
      expect(body).toContain("79,500 now, 100,000 at the last successful scan (-20.5%)");
      expect(body).toContain("2026-11-26 09:00 EST (America/New_York)");
      expect(body).toContain("20261126T140000Z-1a2b3c4d");
      expect(body).toContain("Nothing was changed: no finding was opened or resolved");
      expect(body).toContain("deprov scan --accept-roster-change --by WHO --reason TEXT");
      expect(body).toContain("recorded in the audit trail");
    }
  });

  it("leaves out the roster counts when the roster could not be read", () => {
    // Prepare
    const input = shrinkAlert({
      reason: 'the roster source "hr" could not be collected',
      rosterRecords: undefined,
      previousRosterRecords: undefined,
      timezone: undefined,
    });

    // Act
    const alert = renderGuardRailAlert(input);

    // Assess
    expect(alert.text).toContain('Why: the roster source "hr" could not be collected');
    expect(alert.text).not.toContain("Roster records");
    expect(alert.html).not.toContain("Roster records");
    expect(alert.text).toContain("2026-11-26 14:00 UTC (UTC)");
  });

  it("escapes every value in the HTML", () => {
    // Prepare
    const input = shrinkAlert({
      organization: "Acme <b>Corp</b>",
      scanId: 'scan"><img src=x onerror=alert(1)>',
      reason: 'roster "hr" failed: <script>alert(document.cookie)</script> & more',
      howToAccept: "deprov scan --accept-roster-change --by '<i>me</i>'",
    });

    // Act
    const alert = renderGuardRailAlert(input);

    // Assess
    expect(alert.html).not.toContain("<script>");
    expect(alert.html).not.toContain("<img");
    expect(alert.html).not.toContain("<b>");
    expect(alert.html).not.toContain("<i>");
    expect(alert.html).toContain(
      "roster &quot;hr&quot; failed: &lt;script&gt;alert(document.cookie)&lt;/script&gt; &amp; more",
    );
    expect(alert.html).toContain("Acme &lt;b&gt;Corp&lt;/b&gt;");
    expect(alert.text).toContain("<script>alert(document.cookie)</script>");
  });

  it("keeps the subject on one line, so the mail port accepts it", async () => {
    // Prepare
    const alert = renderGuardRailAlert(shrinkAlert({ organization: "Acme\r\nBcc: x@y.com" }));

    // Act
    const raw = await composeMime({
      from: "deprov@audit.example.com",
      to: ["it-security@example.com"],
      ...alert,
      headers: { "X-Deprov-Scan-Id": "20261126T140000Z-1a2b3c4d" },
      idempotencyKey: "20261126T140000Z-1a2b3c4d/guard-rail-alert",
    });

    // Assess
    expect(alert.subject).toBe("[deprov] Scan stopped by a guard rail: Acme Bcc: x@y.com");
    const headerBlock = raw.toString("utf8").split("\r\n\r\n")[0] ?? "";
    expect(headerBlock).not.toMatch(/^Bcc:/im);
  });
});
