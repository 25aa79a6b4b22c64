import { describe, expect, it } from "vitest";
import type { ReviewItem } from "../../../functions/core/reviews/types.ts";
import {
  type CampaignReportModel,
  renderCampaignReportCsv,
  renderCampaignReportHtml,
} from "../../../reports/reviews/campaign-report.ts";
import { renderReviewEmail } from "../../../reports/reviews/review-email.ts";

const item = (itemId: string, name: string, accountId: string): ReviewItem => ({
  itemId,
  kind: "account",
  subject: { type: "account", sourceId: "okta", id: accountId },
  person: { employeeId: "e1", name },
  reviewerId: "m1",
  username: accountId,
  groups: ["=cmd|' /C calc'!A0"],
  privileged: true,
});

const model: CampaignReportModel = {
  organization: "Acme <Corp>",
  campaignId: "review-1",
  name: "Annual <2026>",
  status: "closed",
  timezone: "UTC",
  startedAt: "2026-12-01T00:00:00.000Z",
  dueAt: "2026-12-22T00:00:00.000Z",
  closedAt: "2026-12-22T00:00:00.000Z",
  startedBy: "user:ada",
  closedBy: "schedule",
  scanId: "s-1",
  generatedAt: "2027-01-10T00:00:00.000Z",
  undecidedAsRevoke: false,
  revokeDueAt: "2027-01-05T00:00:00.000Z",
  skippedSources: ["slack"],
  reviewers: [
    { reviewerId: "m1", name: "Mia", route: "manager", items: 3, kept: 1, revoked: 2, remindersSent: 1 },
  ],
  evidenceScanId: "s-9",
  rows: [
    {
      item: item("account:1", "<img src=x onerror=alert(1)>", "a1"),
      decision: {
        decision: "revoke",
        by: "m1",
        at: "2026-12-03T10:00:00.000Z",
        reason: "@SUM(1)",
        via: "link",
      },
      outcome: "revoked",
      evidence: {
        state: "confirmed",
        goneAt: "2026-12-23T02:00:00.000Z",
        how: "account-disabled",
        scanId: "s-2",
      },
      taskKey: "review:review-1:e1",
    },
    {
      item: item("account:2", "Eve", "a2"),
      decision: { decision: "revoke", by: "m1", at: "2026-12-03T10:00:00.000Z", via: "cli" },
      outcome: "revoked",
      evidence: { state: "overdue" },
      taskKey: "review:review-1:e1",
    },
    {
      item: item("account:3", "Eve", "a3"),
      decision: { decision: "keep", by: "m1", at: "2026-12-04T10:00:00.000Z", reason: "needed", via: "cli" },
      outcome: "kept",
    },
  ],
};

describe("the campaign report", () => {
  it("shows completion, decisions with who/when/why, and evidence, with every text escaped", () => {
    // Act
    const html = renderCampaignReportHtml(model);

    // Assess
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("Annual &lt;2026&gt;");
    expect(html).toContain("still present, past due");
    expect(html).toMatch(/gone 2026-12-23 .*account-disabled, scan s-2/);
    expect(html).toContain("the scan could not read slack");
    expect(html).toContain("<td>needed</td>");
  });

  it("lists every item in the CSV, with formula-looking cells neutralised", () => {
    // Act
    const lines = renderCampaignReportCsv(model).split("\r\n").filter(Boolean);

    // Assess
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^itemId,kind,employeeId,.*,outcome,decision,decidedBy,decidedAt,reason,via,evidence,goneAt,goneHow,evidenceScanId,taskKey$/,
    );
    expect(lines[1]).toContain(",'=cmd|' /C calc'!A0,");
    expect(lines[1]).toContain(
      ",'@SUM(1),link,confirmed,2026-12-23T02:00:00.000Z,account-disabled,s-2,review:review-1:e1",
    );
  });
});

describe("a reviewer's packet", () => {
  it("escapes roster text and keeps the subject on one line", () => {
    // Act
    const email = renderReviewEmail({
      kind: "packet",
      organization: "Acme",
      campaignId: "review-1",
      campaignName: "Annual\r\nBcc: x@evil.test",
      dueAt: "2026-12-22T00:00:00.000Z",
      timezone: "UTC",
      recipientName: "Mia",
      items: [item("account:1", "<b>Eve</b>", "a1")],
      totalItems: 1,
      csvFile: "items.csv",
    });

    // Assess
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).toContain("&lt;b&gt;Eve&lt;/b&gt;");
    expect(email.html).not.toContain("<b>Eve</b>");
    expect(email.text).toContain("deprov review decide --campaign review-1 --item ITEM");
  });
});
