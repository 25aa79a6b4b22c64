/**
 * Sends a campaign's emails to reviewers — the packet, reminders, escalations — each once (the
 * state store's step markers under the campaign id, as a scan's emails are under its scan id),
 * each in the audit trail. Links are signed only when the deployment has a decision URL and
 * `reviews.linkSecret`; otherwise the email says how to decide with the command and the CSV.
 */
import {
  type ReviewEmailKind,
  type ReviewEmailLinks,
  renderReviewEmail,
} from "../../reports/reviews/review-email.ts";
import { reviewItemsCsv } from "../../reports/reviews/review-items-csv.ts";
import type { LoadedConfig } from "../config/load-config.ts";
import type { Instant } from "../core/model.ts";
import type { Reviewer, ReviewItem } from "../core/reviews/types.ts";
import { isPlainAddress } from "../ports/mail/validate-email.ts";
import type { Campaign, ReviewerProgress } from "../ports/reviews/review-store.ts";
import { emailDomainPolicy } from "../scan/manager-digests.ts";
import type { ScanDependencies } from "../scan/scan-dependencies.ts";
import { sendOnce } from "../scan/send-once.ts";
import { type LinkClaims, linkIdFor, linkUrl, signLink } from "./decision-link.ts";
import { reviewPortsOf } from "./review-ports.ts";

/**
 * Which addresses a review email may go to: those on `emailDomains`, as for the digests; any plain
 * address when the config names no domain.
 */
export function reviewerAddressPolicy(emailDomains: readonly string[]): (address: string) => boolean {
  return emailDomains.length === 0 ? isPlainAddress : emailDomainPolicy(emailDomains);
}

export type LinkMaker = (claims: Omit<LinkClaims, "x" | "n">, purpose: string) => string;

/** `written`: only the `.eml` file was written (`--no-email`). */
export type ReviewEmailOutcome = "sent" | "written" | "already-sent" | "no-mailer" | "no-address" | "failed";

/** Signs links for a campaign, or undefined when this deployment has no decision page or no key. */
export async function linkMakerFor(
  deps: ScanDependencies,
  config: LoadedConfig,
  campaign: Campaign,
  issuedAt: Instant,
): Promise<LinkMaker | undefined> {
  const { decisionUrl } = reviewPortsOf(deps);
  const secretRef = config.reviews.linkSecret;
  if (decisionUrl === undefined || secretRef === undefined) return undefined;
  const key = await deps.resolveCredential(secretRef);
  const days = config.reviews.linkExpiryDays;
  const expiresAt =
    days === undefined ? campaign.dueAt : Math.min(campaign.dueAt, issuedAt + days * 86_400_000);
  return (claims, purpose) => {
    const n = linkIdFor([claims.c, purpose, claims.p, claims.b, claims.s, claims.i ?? ""]);
    return linkUrl(decisionUrl, signLink({ ...claims, x: expiresAt, n }, key));
  };
}

export interface ReviewEmailRequest {
  kind: ReviewEmailKind;
  reviewer: ReviewerProgress;
  /** Who receives it: the reviewer, or their manager for an escalation. */
  recipient: Reviewer;
  /** The reviewer's undecided items. */
  items: readonly ReviewItem[];
  reminder?: number;
  /** The instant the email belongs to (the campaign's start, the reminder's check). */
  at: Instant;
}

export async function sendReviewEmail(
  deps: ScanDependencies,
  config: LoadedConfig,
  campaign: Campaign,
  links: LinkMaker | undefined,
  request: ReviewEmailRequest,
): Promise<ReviewEmailOutcome> {
  const { kind, reviewer, recipient, items } = request;
  const address = recipient.email?.trim();
  if (
    config.report === undefined ||
    address === undefined ||
    !reviewerAddressPolicy(config.emailDomains)(address)
  )
    return "no-address";
  const purpose =
    kind === "packet"
      ? `review-packet:${reviewer.reviewerId}`
      : kind === "reminder"
        ? `review-reminder:${reviewer.reviewerId}:${request.reminder ?? 1}`
        : // The escalation target keeps the purpose it always had; the alternate gets its own.
          `review-escalation:${reviewer.reviewerId}` +
          (recipient.reviewerId === reviewer.escalation?.reviewerId ? "" : `:${recipient.reviewerId}`);
  const csvFile = `access-review-${fileNamePart(campaign.campaignId)}-${fileNamePart(reviewer.reviewerId)}.csv`;
  const rendered = renderReviewEmail({
    kind,
    organization: campaign.organization,
    campaignId: campaign.campaignId,
    campaignName: campaign.name,
    dueAt: new Date(campaign.dueAt).toISOString(),
    timezone: campaign.timezone,
    ...(recipient.name !== undefined ? { recipientName: recipient.name } : {}),
    ...(reviewer.name !== undefined ? { reviewerName: reviewer.name } : {}),
    items,
    totalItems: reviewer.items,
    ...(links ? { links: packetLinks(links, campaign, reviewer, recipient, items, purpose) } : {}),
    csvFile,
    ...(request.reminder !== undefined ? { reminder: request.reminder } : {}),
  });
  try {
    return await sendOnce(
      deps,
      campaign.campaignId,
      purpose,
      request.at,
      {
        from: config.report.from,
        to: [address],
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        attachments: [
          { filename: csvFile, contentType: "text/csv; charset=utf-8", content: reviewItemsCsv(items) },
        ],
        headers: { "X-Deprov-Campaign-Id": campaign.campaignId },
      },
      { actor: `review:${campaign.campaignId}` },
    );
  } catch {
    // One mailbox (a typo on the roster) must not stop the others; sendOnce audited the failure.
    return "failed";
  }
}

function packetLinks(
  links: LinkMaker,
  campaign: Campaign,
  reviewer: ReviewerProgress,
  recipient: Reviewer,
  items: readonly ReviewItem[],
  purpose: string,
): ReviewEmailLinks {
  const base = { c: campaign.campaignId, p: reviewer.reviewerId, b: recipient.reviewerId };
  return {
    keepAll: links({ ...base, s: "keep-all" }, purpose),
    revokeAll: links({ ...base, s: "revoke-all" }, purpose),
    items: new Map(
      items.map((item) => [item.itemId, links({ ...base, s: "item", i: item.itemId }, purpose)]),
    ),
  };
}

function fileNamePart(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "_");
}
