/** CheckCampaign over a small campaign in memory: escalations that would hand someone their own access. */
import { describe, expect, it } from "vitest";
import { recordDecisions } from "../../functions/reviews/decide.ts";
import { checkCampaign } from "../../functions/reviews/steps/check-campaign.ts";
import { CAMPAIGN_DUE, reviewFixture, routeMariasPacket } from "../support/review-campaign.ts";

describe("checkCampaign", () => {
  it("does not escalate items that are the escalation target's own when no one else can take them, and says so", async () => {
    // Prepare: m1's manager is e1, whose two items are the only undecided ones of m1's packet
    const fixture = await reviewFixture();
    await routeMariasPacket(fixture, { escalation: { reviewerId: "e1", email: "e1@acme.com" } });
    const bob = fixture.items[2];
    if (!bob) throw new Error("no item");
    await recordDecisions(fixture.deps, {
      campaignId: "review-test",
      items: [bob],
      decision: "keep",
      by: "m1",
      at: Date.parse("2026-12-02T15:00:00Z"),
      via: "cli",
    });
    const at = CAMPAIGN_DUE - 86_400_000;

    // Act
    const output = await checkCampaign(fixture.deps, {
      campaignId: "review-test",
      at: new Date(at).toISOString(),
    });

    // Assess
    expect(output.escalations).toBe(0);
    expect((await fixture.reviews.getReviewer("review-test", "m1"))?.escalatedAt).toBeUndefined();
    const audit = await fixture.state.listAudit({ from: at, to: at });
    expect(audit.filter((e) => e.kind === "review.escalated")).toEqual([]);
    expect(audit.find((e) => e.kind === "review.not-escalated")).toMatchObject({
      subject: "m1",
      detail: { unescalated: 2 },
    });
  });
});
