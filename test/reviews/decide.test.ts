/** recordDecisions and the decision page over it: who may decide, when, and the trail of what was refused. */
import { describe, expect, it } from "vitest";
import { DecisionRejectedError, recordDecisions } from "../../functions/reviews/decide.ts";
import { linkIdFor, signLink } from "../../functions/reviews/decision-link.ts";
import { handleDecisionRequest } from "../../functions/reviews/decision-request.ts";
import { loadCampaignState } from "../../functions/reviews/publish-campaign-report.ts";
import {
  CAMPAIGN_DUE,
  CAMPAIGN_START,
  LINK_KEY,
  type ReviewFixture,
  reviewFixture,
  routeMariasPacket,
} from "../support/review-campaign.ts";

const NOW = Date.parse("2026-12-03T15:00:00Z");

async function attempt(fixture: ReviewFixture, by: string, at: number, itemIndex = 2) {
  const item = fixture.items[itemIndex];
  if (!item) throw new Error("no item");
  try {
    await recordDecisions(fixture.deps, {
      campaignId: "review-test",
      items: [item],
      decision: "revoke",
      by,
      at,
      via: "cli",
    });
    return "recorded";
  } catch (error) {
    if (error instanceof DecisionRejectedError) return error.reason;
    throw error;
  }
}

function post(
  fixture: ReviewFixture,
  claims: { p: string; b: string; s: "keep-all" | "item"; i?: string },
  at: number,
) {
  const token = signLink(
    { c: "review-test", ...claims, x: CAMPAIGN_DUE + 86_400_000, n: linkIdFor([claims.b, claims.s]) },
    LINK_KEY,
  );
  return handleDecisionRequest(
    fixture.deps,
    { method: "POST", token, form: new URLSearchParams({ t: token, decision: "keep" }) },
    at,
  );
}

describe("recordDecisions", () => {
  it("refuses the person, someone not the reviewer and a date outside the campaign, and audits each refusal", async () => {
    // Prepare
    const fixture = await reviewFixture();

    // Act
    const outcomes = [
      await attempt(fixture, "e2", NOW),
      await attempt(fixture, "m2", NOW),
      await attempt(fixture, "m1", CAMPAIGN_START - 1),
      await attempt(fixture, "m1", CAMPAIGN_DUE),
      await attempt(fixture, "m1", NOW),
    ];

    // Assess
    expect(outcomes).toEqual(["self-review", "not-reviewer", "outside-window", "outside-window", "recorded"]);
    const audit = await fixture.state.listAudit({ from: 0, to: CAMPAIGN_DUE + 1 });
    const rejected = audit.filter((e) => e.kind === "review.decision-rejected");
    expect(rejected.map((e) => [e.actor, e.detail?.reason])).toEqual([
      ["user:m1", "outside the campaign"],
      ["user:e2", "self-review"],
      ["user:m2", "not-reviewer"],
      ["user:m1", "outside the campaign"],
    ]);
    expect(rejected[1]?.detail).toMatchObject({
      itemId: fixture.items[2]?.itemId,
      reviewerId: "m1",
      via: "cli",
    });
    expect(await fixture.reviews.listDecisions("review-test")).toHaveLength(1);
  });

  it("lets the escalation target decide once the packet is escalated, and never on their own access", async () => {
    // Prepare: m1's manager is e1 (a loop), and e1's own access is in m1's packet
    const fixture = await reviewFixture();
    await routeMariasPacket(fixture, {
      escalation: { reviewerId: "e1", email: "e1@acme.com" },
      escalationAlternate: { reviewerId: "compliance@acme.com", email: "compliance@acme.com" },
      escalatedAt: NOW - 1000,
    });

    // Act
    const ownAccess = await attempt(fixture, "e1", NOW, 0);
    const byAlternate = await attempt(fixture, "compliance@acme.com", NOW, 0);
    const page = await post(fixture, { p: "m1", b: "e1", s: "keep-all" }, NOW);

    // Assess: the keep-all link of e1 decides Bob's item, not e1's own two
    expect([ownAccess, byAlternate]).toEqual(["self-review", "recorded"]);
    expect(page.status).toBe(200);
    const decisions = await fixture.reviews.listDecisions("review-test");
    expect(decisions.map((d) => [d.itemId, d.by])).toEqual(
      expect.arrayContaining([
        [fixture.items[0]?.itemId, "compliance@acme.com"],
        [fixture.items[2]?.itemId, "e1"],
      ]),
    );
    expect(decisions.some((d) => d.itemId === fixture.items[1]?.itemId)).toBe(false);
  });

  it("refuses a link of a reviewer a campaign check found gone, as the command line does from the roster", async () => {
    // Prepare
    const fixture = await reviewFixture();
    await fixture.reviews.updateReviewer("review-test", "m1", { leftAt: NOW - 1000 });

    // Act
    const page = await post(fixture, { p: "m1", b: "m1", s: "item", i: fixture.items[2]?.itemId ?? "" }, NOW);

    // Assess
    expect(page.status).toBe(403);
    expect(page.html).toContain("m1 had left by");
    expect(await fixture.reviews.listDecisions("review-test")).toHaveLength(0);
    const audit = await fixture.state.listAudit({ from: 0, to: CAMPAIGN_DUE });
    expect(audit.map((e) => e.detail?.reason)).toEqual(["departed"]);
  });

  it("refuses a link used after the due date the same way, before any check has closed the campaign", async () => {
    // Prepare
    const fixture = await reviewFixture();

    // Act
    const page = await post(
      fixture,
      { p: "m1", b: "m1", s: "item", i: fixture.items[2]?.itemId ?? "" },
      CAMPAIGN_DUE + 60_000,
    );

    // Assess
    expect(page.status).toBe(403);
    expect(page.html).toContain("is outside it");
    expect(await fixture.reviews.listDecisions("review-test")).toHaveLength(0);
  });

  it("does not count a stored decision dated outside the campaign", async () => {
    // Prepare: decisions as a store written before such dates were refused holds them
    const fixture = await reviewFixture();
    for (const [item, at] of [
      [fixture.items[0], CAMPAIGN_START - 1],
      [fixture.items[1], CAMPAIGN_DUE + 1],
      [fixture.items[2], NOW],
    ] as const) {
      await fixture.reviews.recordDecision({
        campaignId: "review-test",
        itemId: item?.itemId ?? "",
        decision: "revoke",
        by: "m1",
        at,
        via: "cli",
        reviewerId: "m1",
      });
    }

    // Act
    const state = await loadCampaignState(fixture.deps, fixture.campaign);

    // Assess
    expect([...state.decisions.keys()]).toEqual([fixture.items[2]?.itemId]);
  });
});
