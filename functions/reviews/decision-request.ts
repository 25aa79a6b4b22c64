/**
 * A request to the decision page (the Lambda function URL): GET shows the form for a signed link,
 * POST records the decision and uses the link up. Forged, malformed, expired, used and post-close
 * links get a page that says so, with a status code to match; nothing is decided by a GET.
 */
import {
  type DecisionPageOutcome,
  renderDecisionForm,
  renderDecisionOutcome,
} from "../../reports/reviews/decision-page.ts";
import type { Instant } from "../core/model.ts";
import { decidersOf } from "../core/reviews/decider.ts";
import { REVIEW_DECISIONS, type ReviewDecisionValue, type ReviewItem } from "../core/reviews/types.ts";
import { toIso } from "../core/time.ts";
import type { Campaign } from "../ports/reviews/review-store.ts";
import type { ScanDependencies } from "../scan/scan-dependencies.ts";
import { readItemChunk } from "./campaign-items.ts";
import { DecisionRejectedError, recordDecisions } from "./decide.ts";
import { type LinkClaims, verifyLink } from "./decision-link.ts";
import { reviewPortsOf } from "./review-ports.ts";

export interface DecisionRequest {
  method: string;
  /** The link's token (`?t=` on GET, the form field on POST). */
  token: string | undefined;
  /** POST form fields. */
  form?: URLSearchParams;
}

export interface DecisionResponse {
  status: number;
  html: string;
}

const MAX_REASON = 1000;

export async function handleDecisionRequest(
  deps: ScanDependencies,
  request: DecisionRequest,
  now: Instant,
): Promise<DecisionResponse> {
  if (request.method !== "GET" && request.method !== "POST")
    return refused(405, "Not allowed", "Open the link from your email.");
  const config = await deps.loadConfig();
  const secretRef = config.reviews.linkSecret;
  if (secretRef === undefined)
    return refused(
      503,
      "Decision links are off",
      "This deployment does not sign decision links; ask your compliance team how to record decisions.",
    );
  if (request.token === undefined || request.token === "")
    return refused(400, "Link incomplete", "The link has no token: open it exactly as it is in the email.");
  const check = verifyLink(request.token, await deps.resolveCredential(secretRef), now);
  if (!check.ok) {
    if (check.reason === "expired")
      return refused(
        410,
        "Link expired",
        `This link expired on ${toIso(check.claims?.x ?? now)}. Ask your compliance team for a new one.`,
      );
    return refused(
      403,
      "Link not valid",
      "This link is not one deprov issued, or it was changed. Open it exactly as it is in the email.",
    );
  }
  const { claims } = check;
  const { store } = reviewPortsOf(deps);
  const campaign = await store.getCampaign(claims.c);
  if (!campaign)
    return refused(404, "Campaign not found", "The campaign this link belongs to does not exist.");
  // A POST after the close goes on to be refused by recordDecisions, which audits the attempt.
  if (campaign.status !== "open" && request.method === "GET") return closed(campaign);
  const used = await store.getLinkUse(claims.c, claims.n);
  if (used)
    return refused(
      409,
      "Link already used",
      `This link was used on ${toIso(used.usedAt)}. Each link works once; the decision made then stands.`,
    );

  const items = await linkItems(deps, campaign, claims);
  if (items === undefined)
    return refused(404, "Item not found", "The item this link names is not in the campaign.");
  const decided = new Set((await store.listDecisions(claims.c)).map((d) => d.itemId));
  const packet = (await store.getReviewer(claims.c, claims.p)) ?? { reviewerId: claims.p };
  // A keep-all / revoke-all link covers what its holder may decide: after an escalation the
  // manager's own access in the packet went to someone else, and is left to them.
  const undecided =
    claims.s === "item"
      ? items
      : items.filter((item) => !decided.has(item.itemId) && decidersOf(packet, item, now).includes(claims.b));

  if (request.method === "GET") {
    if (claims.s === "item" && decided.has(claims.i ?? ""))
      return refused(409, "Already decided", "This item already has a decision; the first decision stands.");
    return {
      status: 200,
      html: renderDecisionForm({
        organization: campaign.organization,
        campaignName: campaign.name,
        dueAt: toIso(campaign.dueAt),
        timezone: campaign.timezone,
        token: request.token,
        scope: claims.s,
        items: undecided,
        alreadyDecided: items.length - undecided.length,
      }),
    };
  }

  const decision = decisionOf(claims, request.form?.get("decision") ?? undefined);
  if (decision === undefined)
    return refused(
      400,
      "Choose keep or revoke",
      "The form was sent without a decision. Go back and choose keep or revoke.",
    );
  const reason = (request.form?.get("reason") ?? "").trim().slice(0, MAX_REASON);
  let results: Awaited<ReturnType<typeof recordDecisions>>;
  try {
    results = await recordDecisions(deps, {
      campaignId: claims.c,
      items: undecided,
      decision,
      by: claims.b,
      ...(reason !== "" ? { reason } : {}),
      at: now,
      via: claims.s === "item" ? "link" : `link:${claims.s}`,
    });
  } catch (error) {
    if (error instanceof DecisionRejectedError && error.reason === "closed")
      return closed((await store.getCampaign(claims.c)) ?? campaign);
    if (error instanceof DecisionRejectedError) return refused(403, "Not recorded", error.message);
    throw error;
  }
  if (!(await store.claimLink({ campaignId: claims.c, linkId: claims.n, usedAt: now, by: claims.b })))
    return refused(
      409,
      "Link already used",
      "This link was used at the same moment from elsewhere; the first decision stands.",
    );
  const recorded = results.filter((r) => r.outcome === "recorded").length;
  const conflicts = results.filter((r) => r.outcome === "conflict").length;
  const outcome: DecisionPageOutcome = {
    title: "Decision recorded",
    message:
      `Recorded: ${recorded} ${recorded === 1 ? "item" : "items"} ${decision === "keep" ? "kept" : "revoked"}.` +
      (conflicts > 0 ? ` ${conflicts} already had a different decision, which stands.` : "") +
      " Thank you.",
    tone: "ok",
  };
  return { status: 200, html: renderDecisionOutcome(outcome) };
}

/** The item of an item link, or the packet's items; undefined when the item is not in the packet. */
async function linkItems(
  deps: ScanDependencies,
  campaign: Campaign,
  claims: LinkClaims,
): Promise<ReviewItem[] | undefined> {
  const reviewer = await reviewPortsOf(deps).store.getReviewer(campaign.campaignId, claims.p);
  if (!reviewer) return undefined;
  const packet = (await readItemChunk(deps.blobStore, campaign, reviewer.chunk)).filter(
    (item) => item.reviewerId === claims.p,
  );
  if (claims.s !== "item") return packet;
  const item = packet.find((candidate) => candidate.itemId === claims.i);
  return item === undefined ? undefined : [item];
}

function decisionOf(claims: LinkClaims, chosen: string | undefined): ReviewDecisionValue | undefined {
  if (claims.s === "keep-all") return "keep";
  if (claims.s === "revoke-all") return "revoke";
  return (REVIEW_DECISIONS as readonly string[]).includes(chosen ?? "")
    ? (chosen as ReviewDecisionValue)
    : undefined;
}

function closed(campaign: Campaign): DecisionResponse {
  return refused(
    410,
    "Campaign closed",
    `The access review “${campaign.name}” closed on ${toIso(campaign.closedAt ?? campaign.dueAt)}; decisions are no longer accepted.`,
  );
}

function refused(status: number, title: string, message: string): DecisionResponse {
  return { status, html: renderDecisionOutcome({ title, message, tone: "refused" }) };
}
