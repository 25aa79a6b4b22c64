/**
 * Where access-review campaigns keep their state between steps and commands. A campaign's items
 * are blobs (a 100,000-person org has about 1.2 M); this store holds what changes: the campaign
 * record, one progress row per reviewer (counts), one row per decided item, used decision links
 * and the evidence that revoked access was actually removed. One DynamoDB implementation (AWS and
 * the embedded store) and one in memory, both held to the same contract suite.
 */
import type { Instant } from "../../core/model.ts";
import type { GoneHow } from "../../core/reviews/revocation-evidence.ts";
import type { ReviewDecision, Reviewer, ReviewerRoute } from "../../core/reviews/types.ts";

export const CAMPAIGN_STATUSES = ["open", "closed"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** One gzip JSON-lines blob of items: the items of a range of reviewers. */
export interface CampaignChunk {
  key: string;
  sha256: string;
  items: number;
  reviewers: number;
}

export interface CampaignSettings {
  remindDaysBeforeDue: number[];
  escalateAfterDays: number;
  undecidedAsRevoke: boolean;
  revokeWithinDays: number;
}

export interface CampaignCloseSummary {
  kept: number;
  revoked: number;
  undecided: number;
  /** Undecided items treated as revoked (`reviews.undecidedAsRevoke`). */
  undecidedRevoked: number;
  tasks: { created: number; existing: number; sink: string };
  reportKey: string;
  csvKey: string;
}

export interface CampaignEvidence {
  /** Revocations (decided, or undecided treated as revoked) not yet confirmed gone. */
  pending: number;
  confirmed: number;
  /** Pending past `closedAt` + `revokeWithinDays`. */
  overdue: number;
  lastScanId?: string;
  lastCheckedAt?: Instant;
}

export interface Campaign extends CampaignSettings {
  campaignId: string;
  name: string;
  status: CampaignStatus;
  organization: string;
  timezone: string;
  /** The campaign's evaluation instant (`--now`, the schedule's time). */
  startedAt: Instant;
  dueAt: Instant;
  /** `user:<name>` or `schedule`. */
  startedBy: string;
  /** The scan whose data the items were drawn from. */
  scanId: string;
  items: number;
  reviewers: number;
  /** Items no reviewer could take without certifying their own access. */
  unassignedItems: number;
  chunks: CampaignChunk[];
  /** Account and asset sources the scan could not read: their access is not in the campaign. */
  skippedSources: string[];
  /** The last instant the check step looked at (a resumed run continues from there). */
  lastCheckedAt?: Instant;
  closedAt?: Instant;
  closedBy?: string;
  close?: CampaignCloseSummary;
  evidence?: CampaignEvidence;
}

export interface ReviewerProgress extends Reviewer {
  campaignId: string;
  route: ReviewerRoute;
  /** Index into the campaign's chunks: where this reviewer's items are. */
  chunk: number;
  items: number;
  kept: number;
  revoked: number;
  remindersSent: number;
  lastRemindedAt?: Instant;
  /** Who undecided items escalate to (the reviewer's own manager), resolved at the start. */
  escalation?: Reviewer;
  /**
   * Who takes the escalated items that are `escalation`'s own access (the reviewer is the fallback
   * who reports to the person, or a manager loop): next up the chain, else the fallback reviewer.
   */
  escalationAlternate?: Reviewer;
  escalatedAt?: Instant;
  /**
   * When the reviewer left, as a campaign check found it on the latest scan's roster: from then on
   * their decisions are refused, by link as on the command line (the decision page reads no roster).
   */
  leftAt?: Instant;
}

export type ReviewerUpdate = Partial<
  Pick<ReviewerProgress, "remindersSent" | "lastRemindedAt" | "escalatedAt" | "leftAt">
>;

export interface StoredDecision extends ReviewDecision {
  campaignId: string;
}

export interface LinkUse {
  campaignId: string;
  linkId: string;
  usedAt: Instant;
  by: string;
}

/** How the evidence shows the access is gone. */
export type EvidenceHow = GoneHow;

export interface RevocationEvidence {
  campaignId: string;
  itemId: string;
  /** The evaluation instant of the first scan whose data no longer shows the access. */
  goneAt: Instant;
  scanId: string;
  how: EvidenceHow;
}

export interface ReviewStore {
  /** Records a new campaign; an existing id returns the stored one unchanged. */
  createCampaign(campaign: Campaign): Promise<{ campaign: Campaign; created: boolean }>;
  getCampaign(campaignId: string): Promise<Campaign | undefined>;
  /** Every campaign, oldest first (a few a year). */
  listCampaigns(): Promise<Campaign[]>;
  /**
   * Sets fields of a campaign. With `whileStatus`, only if its status still is that one; throws
   * `CampaignStatusError` otherwise (closing twice, deciding after close).
   */
  updateCampaign(
    campaignId: string,
    changes: Partial<Omit<Campaign, "campaignId">>,
    whileStatus?: CampaignStatus,
  ): Promise<Campaign>;

  putReviewers(reviewers: readonly ReviewerProgress[]): Promise<void>;
  getReviewer(campaignId: string, reviewerId: string): Promise<ReviewerProgress | undefined>;
  listReviewers(campaignId: string): Promise<ReviewerProgress[]>;
  updateReviewer(campaignId: string, reviewerId: string, changes: ReviewerUpdate): Promise<void>;

  /**
   * Records a decision if the item has none yet (the first one stands), and counts it on the
   * reviewer's progress row. Returns the decision already stored otherwise.
   */
  recordDecision(decision: StoredDecision): Promise<{ created: boolean; stored: StoredDecision }>;
  getDecision(campaignId: string, itemId: string): Promise<StoredDecision | undefined>;
  listDecisions(campaignId: string): Promise<StoredDecision[]>;

  /** Marks a decision link used; false if it was used before (a link works once). */
  claimLink(use: LinkUse): Promise<boolean>;
  getLinkUse(campaignId: string, linkId: string): Promise<LinkUse | undefined>;

  /** Records evidence for items that have none yet (the first scan that saw the access gone stands). */
  putEvidence(evidence: readonly RevocationEvidence[]): Promise<void>;
  listEvidence(campaignId: string): Promise<RevocationEvidence[]>;
}

export class CampaignStatusError extends Error {
  constructor(
    readonly campaignId: string,
    readonly expected: CampaignStatus,
  ) {
    super(`campaign ${campaignId} is no longer ${expected}`);
    this.name = "CampaignStatusError";
  }
}

/** Campaign ids become DynamoDB keys, blob keys and URL parts. */
export function assertCampaignId(campaignId: string): void {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(campaignId)) {
    throw new Error(`campaign id "${campaignId}": expected 1-100 letters, digits and ._-`);
  }
}
