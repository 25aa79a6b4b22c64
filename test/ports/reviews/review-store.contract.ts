/** The behaviour every ReviewStore must show: the DynamoDB store on dynalite and the memory store run it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Campaign,
  CampaignStatusError,
  type ReviewerProgress,
  type ReviewStore,
  type StoredDecision,
} from "../../../functions/ports/reviews/review-store.ts";

export interface ReviewStoreHarness {
  store: ReviewStore;
  close(): Promise<void>;
}

const T0 = Date.parse("2026-12-01T14:00:00Z");

function campaign(campaignId: string, startedAt = T0): Campaign {
  return {
    campaignId,
    name: "Q4 access review",
    status: "open",
    organization: "Acme Corp",
    timezone: "America/New_York",
    startedAt,
    dueAt: startedAt + 21 * 86_400_000,
    startedBy: "user:ada",
    scanId: "20261201T140000Z-abc",
    items: 3,
    reviewers: 2,
    unassignedItems: 0,
    chunks: [{ key: `reviews/${campaignId}/items-0.jsonl.gz`, sha256: "ab", items: 3, reviewers: 2 }],
    skippedSources: [],
    remindDaysBeforeDue: [7, 2],
    escalateAfterDays: 14,
    undecidedAsRevoke: false,
    revokeWithinDays: 14,
  };
}

function reviewer(campaignId: string, reviewerId: string): ReviewerProgress {
  return {
    campaignId,
    reviewerId,
    name: `Manager ${reviewerId}`,
    email: `${reviewerId}@acme.com`,
    route: "manager",
    chunk: 0,
    items: 2,
    kept: 0,
    revoked: 0,
    remindersSent: 0,
  };
}

function decision(campaignId: string, itemId: string, value: "keep" | "revoke", by = "m1"): StoredDecision {
  return { campaignId, itemId, decision: value, by, at: T0 + 3_600_000, via: "cli", reviewerId: "m1" };
}

export function reviewStoreContract(name: string, open: () => Promise<ReviewStoreHarness>): void {
  describe(`ReviewStore contract: ${name}`, () => {
    let harness: ReviewStoreHarness;
    let store: ReviewStore;

    beforeAll(async () => {
      harness = await open();
      store = harness.store;
    });

    afterAll(async () => {
      await harness.close();
    });

    it("creates a campaign once; a second create returns the first one", async () => {
      // Act
      const first = await store.createCampaign(campaign("c-create"));
      const second = await store.createCampaign({ ...campaign("c-create"), name: "another" });

      // Assess
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.campaign.name).toBe("Q4 access review");
      expect(await store.getCampaign("c-create")).toEqual(campaign("c-create"));
    });

    it("lists campaigns oldest first", async () => {
      // Prepare
      await store.createCampaign(campaign("c-list-later", T0 + 1000));
      await store.createCampaign(campaign("c-list-earlier", T0 - 1000));

      // Act
      const ids = (await store.listCampaigns()).map((c) => c.campaignId);

      // Assess
      expect(ids.indexOf("c-list-earlier")).toBeLessThan(ids.indexOf("c-list-later"));
    });

    it("updates a campaign only while it has the expected status", async () => {
      // Prepare
      await store.createCampaign(campaign("c-close"));

      // Act
      const closed = await store.updateCampaign("c-close", { status: "closed", closedAt: T0 + 5 }, "open");
      const again = store.updateCampaign("c-close", { status: "closed" }, "open");

      // Assess
      expect(closed.status).toBe("closed");
      expect(closed.closedAt).toBe(T0 + 5);
      await expect(again).rejects.toBeInstanceOf(CampaignStatusError);
      await expect(store.updateCampaign("c-missing", { name: "x" })).rejects.toThrow(/does not exist/);
    });

    it("keeps the first decision of an item and counts it on the reviewer's row", async () => {
      // Prepare
      await store.createCampaign(campaign("c-decide"));
      await store.putReviewers([reviewer("c-decide", "m1"), reviewer("c-decide", "m2")]);

      // Act
      const first = await store.recordDecision(decision("c-decide", "account:1", "revoke"));
      const second = await store.recordDecision(decision("c-decide", "account:1", "keep", "m2"));
      await store.recordDecision(decision("c-decide", "account:2", "keep"));

      // Assess
      expect(first.created).toBe(true);
      expect(second).toEqual({ created: false, stored: decision("c-decide", "account:1", "revoke") });
      expect(await store.getReviewer("c-decide", "m1")).toMatchObject({ kept: 1, revoked: 1 });
      expect((await store.listDecisions("c-decide")).map((d) => d.itemId)).toEqual([
        "account:1",
        "account:2",
      ]);
      expect((await store.listReviewers("c-decide")).map((r) => r.reviewerId)).toEqual(["m1", "m2"]);
    });

    it("updates a reviewer's reminder and escalation marks", async () => {
      // Prepare
      await store.createCampaign(campaign("c-remind"));
      await store.putReviewers([reviewer("c-remind", "m1")]);

      // Act
      await store.updateReviewer("c-remind", "m1", {
        remindersSent: 1,
        lastRemindedAt: T0,
        escalatedAt: T0 + 1,
      });

      // Assess
      expect(await store.getReviewer("c-remind", "m1")).toMatchObject({
        remindersSent: 1,
        lastRemindedAt: T0,
        escalatedAt: T0 + 1,
        kept: 0,
      });
    });

    it("lets a link be claimed once", async () => {
      // Act
      const first = await store.claimLink({ campaignId: "c-link", linkId: "l1", usedAt: T0, by: "m1" });
      const replay = await store.claimLink({ campaignId: "c-link", linkId: "l1", usedAt: T0 + 9, by: "m1" });

      // Assess
      expect([first, replay]).toEqual([true, false]);
      expect(await store.getLinkUse("c-link", "l1")).toEqual({
        campaignId: "c-link",
        linkId: "l1",
        usedAt: T0,
        by: "m1",
      });
      expect(await store.getLinkUse("c-link", "l2")).toBeUndefined();
    });

    it("keeps the first evidence of each item", async () => {
      // Act
      await store.putEvidence([
        { campaignId: "c-ev", itemId: "account:1", goneAt: T0, scanId: "s1", how: "account-disabled" },
      ]);
      await store.putEvidence([
        { campaignId: "c-ev", itemId: "account:1", goneAt: T0 + 9, scanId: "s2", how: "account-missing" },
        { campaignId: "c-ev", itemId: "device:1", goneAt: T0 + 9, scanId: "s2", how: "device-returned" },
      ]);

      // Assess
      expect(await store.listEvidence("c-ev")).toEqual([
        { campaignId: "c-ev", itemId: "account:1", goneAt: T0, scanId: "s1", how: "account-disabled" },
        { campaignId: "c-ev", itemId: "device:1", goneAt: T0 + 9, scanId: "s2", how: "device-returned" },
      ]);
    });
  });
}
