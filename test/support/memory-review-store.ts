/** The review store in memory, for unit tests: the same contract as the DynamoDB one. */
import {
  type Campaign,
  type CampaignStatus,
  CampaignStatusError,
  type LinkUse,
  type ReviewerProgress,
  type ReviewerUpdate,
  type ReviewStore,
  type RevocationEvidence,
  type StoredDecision,
} from "../../functions/ports/reviews/review-store.ts";

export class MemoryReviewStore implements ReviewStore {
  private readonly campaigns = new Map<string, Campaign>();
  private readonly reviewers = new Map<string, ReviewerProgress>();
  private readonly decisions = new Map<string, StoredDecision>();
  private readonly links = new Map<string, LinkUse>();
  private readonly evidence = new Map<string, RevocationEvidence>();

  async createCampaign(campaign: Campaign): Promise<{ campaign: Campaign; created: boolean }> {
    const existing = this.campaigns.get(campaign.campaignId);
    if (existing) return { campaign: copy(existing), created: false };
    this.campaigns.set(campaign.campaignId, copy(campaign));
    return { campaign: copy(campaign), created: true };
  }

  async getCampaign(campaignId: string): Promise<Campaign | undefined> {
    const campaign = this.campaigns.get(campaignId);
    return campaign && copy(campaign);
  }

  async listCampaigns(): Promise<Campaign[]> {
    return [...this.campaigns.values()].sort((a, b) => a.startedAt - b.startedAt).map(copy);
  }

  async updateCampaign(
    campaignId: string,
    changes: Partial<Omit<Campaign, "campaignId">>,
    whileStatus?: CampaignStatus,
  ): Promise<Campaign> {
    const campaign = this.campaigns.get(campaignId);
    if (!campaign) throw new Error(`campaign ${campaignId} does not exist`);
    if (whileStatus !== undefined && campaign.status !== whileStatus)
      throw new CampaignStatusError(campaignId, whileStatus);
    const updated = { ...campaign, ...copy(changes) };
    this.campaigns.set(campaignId, updated);
    return copy(updated);
  }

  async putReviewers(reviewers: readonly ReviewerProgress[]): Promise<void> {
    for (const reviewer of reviewers)
      this.reviewers.set(key(reviewer.campaignId, reviewer.reviewerId), copy(reviewer));
  }

  async getReviewer(campaignId: string, reviewerId: string): Promise<ReviewerProgress | undefined> {
    const reviewer = this.reviewers.get(key(campaignId, reviewerId));
    return reviewer && copy(reviewer);
  }

  async listReviewers(campaignId: string): Promise<ReviewerProgress[]> {
    return sortedOf(this.reviewers, campaignId).map(copy);
  }

  async updateReviewer(campaignId: string, reviewerId: string, changes: ReviewerUpdate): Promise<void> {
    const reviewer = this.reviewers.get(key(campaignId, reviewerId));
    if (!reviewer) throw new Error(`campaign ${campaignId} has no reviewer ${reviewerId}`);
    this.reviewers.set(key(campaignId, reviewerId), { ...reviewer, ...changes });
  }

  async recordDecision(decision: StoredDecision): Promise<{ created: boolean; stored: StoredDecision }> {
    const k = key(decision.campaignId, decision.itemId);
    const existing = this.decisions.get(k);
    if (existing) return { created: false, stored: copy(existing) };
    this.decisions.set(k, copy(decision));
    const reviewer = this.reviewers.get(key(decision.campaignId, decision.reviewerId));
    if (reviewer) {
      if (decision.decision === "keep") reviewer.kept++;
      else reviewer.revoked++;
    }
    return { created: true, stored: copy(decision) };
  }

  async getDecision(campaignId: string, itemId: string): Promise<StoredDecision | undefined> {
    const decision = this.decisions.get(key(campaignId, itemId));
    return decision && copy(decision);
  }

  async listDecisions(campaignId: string): Promise<StoredDecision[]> {
    return sortedOf(this.decisions, campaignId).map(copy);
  }

  async claimLink(use: LinkUse): Promise<boolean> {
    const k = key(use.campaignId, use.linkId);
    if (this.links.has(k)) return false;
    this.links.set(k, copy(use));
    return true;
  }

  async getLinkUse(campaignId: string, linkId: string): Promise<LinkUse | undefined> {
    const use = this.links.get(key(campaignId, linkId));
    return use && copy(use);
  }

  async putEvidence(evidence: readonly RevocationEvidence[]): Promise<void> {
    for (const entry of evidence) {
      const k = key(entry.campaignId, entry.itemId);
      if (!this.evidence.has(k)) this.evidence.set(k, copy(entry));
    }
  }

  async listEvidence(campaignId: string): Promise<RevocationEvidence[]> {
    return sortedOf(this.evidence, campaignId).map(copy);
  }
}

function key(campaignId: string, id: string): string {
  return `${campaignId}\u0000${id}`;
}

/** A campaign's rows in key order, as a DynamoDB query returns them. */
function sortedOf<T>(rows: ReadonlyMap<string, T>, campaignId: string): T[] {
  const prefix = `${campaignId}\u0000`;
  return [...rows.entries()]
    .filter(([k]) => k.startsWith(prefix))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);
}

function copy<T>(value: T): T {
  return structuredClone(value);
}
