/**
 * A small open campaign, written the way StartCampaign writes one (item blobs, reviewer rows, the
 * campaign record), with review ports in memory and blobs in a temporary folder: for tests of the
 * decision page and of the commands that read a campaign.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localDependencies } from "../../cli/local/local-dependencies.ts";
import { parseConfigText } from "../../functions/config/load-config.ts";
import { reviewItemId } from "../../functions/core/reviews/review-items.ts";
import type { ReviewItem } from "../../functions/core/reviews/types.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import type { Campaign, ReviewerProgress } from "../../functions/ports/reviews/review-store.ts";
import { writeItemChunks } from "../../functions/reviews/campaign-items.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { MemoryReviewStore } from "./memory-review-store.ts";
import { MemoryStateStore } from "./memory-state-store.ts";
import { MemoryTaskStore } from "./memory-task-store.ts";

export const LINK_KEY = "test-link-signing-key-0123456789abcdef";
export const DECISION_URL = "https://decide.example.test";
export const CAMPAIGN_START = Date.parse("2026-12-01T14:00:00Z");
export const CAMPAIGN_DUE = Date.parse("2026-12-22T05:00:00Z");

function item(
  employeeId: string,
  name: string,
  sourceId: string,
  accountId: string,
  reviewerId = "m1",
): ReviewItem {
  return {
    itemId: reviewItemId("account", sourceId, accountId),
    kind: "account",
    subject: { type: "account", sourceId, id: accountId },
    person: { employeeId, name, email: `${employeeId}@acme.com`, department: "Sales" },
    reviewerId,
    username: accountId,
    groups: ["sales", "finance-admins"],
    privileged: false,
  };
}

export interface ReviewFixture {
  deps: ScanDependencies;
  campaign: Campaign;
  items: ReviewItem[];
  reviews: MemoryReviewStore;
  state: MemoryStateStore;
}

export async function reviewFixture(): Promise<ReviewFixture> {
  const config = parseConfigText(
    JSON.stringify({
      organization: "Acme <Corp>",
      timezone: "America/New_York",
      sources: [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }],
      report: { from: "deprov@acme.com", to: ["compliance@acme.com"] },
      reviews: { linkSecret: { env: "DEPROV_TEST_LINK_KEY" }, fallbackReviewer: "compliance@acme.com" },
    }),
    join(tmpdir(), "deprov.config.json"),
  );
  const reviews = new MemoryReviewStore();
  const state = new MemoryStateStore();
  const blobStore = new FileBlobStore(join(mkdtempSync(join(tmpdir(), "deprov-review-fixture-")), "blobs"));
  const base = localDependencies({
    config,
    stateStore: state,
    blobStore,
    taskStore: new MemoryTaskStore(),
    reviews: { store: reviews, taskStore: new MemoryTaskStore(), decisionUrl: DECISION_URL },
    outDir: tmpdir(),
  });
  const deps: ScanDependencies = { ...base, resolveCredential: async () => LINK_KEY };
  const items = [
    item("e1", "<script>alert(1)</script> Eve", "okta", "eve@acme.com"),
    item("e1", "<script>alert(1)</script> Eve", "slack", "U-EVE"),
    item("e2", "Bob O'Neil", "okta", "bob@acme.com"),
  ];
  const { chunks } = await writeItemChunks(blobStore, "review-test", items);
  await reviews.putReviewers([maria(items.length)]);
  const campaign: Campaign = {
    campaignId: "review-test",
    name: "Q4 <review>",
    status: "open",
    organization: "Acme <Corp>",
    timezone: "America/New_York",
    startedAt: CAMPAIGN_START,
    dueAt: CAMPAIGN_DUE,
    startedBy: "user:ada",
    scanId: "20261201T000000Z-00000000",
    items: items.length,
    reviewers: 1,
    unassignedItems: 0,
    chunks,
    skippedSources: [],
    remindDaysBeforeDue: [7, 2],
    escalateAfterDays: 14,
    undecidedAsRevoke: false,
    revokeWithinDays: 14,
  };
  await reviews.createCampaign(campaign);
  return { deps, campaign, items, reviews, state };
}

/** The packet of the fixture's one reviewer, m1 (Maria), holding every item. */
function maria(items: number): ReviewerProgress {
  return {
    campaignId: "review-test",
    reviewerId: "m1",
    name: "Maria Manager",
    email: "maria@acme.com",
    route: "manager",
    chunk: 0,
    items,
    kept: 0,
    revoked: 0,
    remindersSent: 0,
  };
}

/** Rewrites m1's packet with `routing` added: an escalation, its alternate, when it escalated. */
export function routeMariasPacket(fixture: ReviewFixture, routing: Partial<ReviewerProgress>): Promise<void> {
  return fixture.reviews.putReviewers([{ ...maria(fixture.items.length), ...routing }]);
}
