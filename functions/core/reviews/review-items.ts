/**
 * The items of an access-review campaign, from one scan's correlated data (SPEC §7): each enabled
 * account of each person who has not departed, each restricted entitlement (a group named in
 * `entitlements`) such an account holds, and each device assigned to such a person. Service
 * accounts and records that correlate to nobody are not a person's access: the nightly rules
 * cover them. Each item goes to the person's reviewer (reviewer.ts).
 */
import { hash } from "node:crypto";
import type { Account, Asset } from "../model.ts";
import { compareText } from "../order.ts";
import { BACK_IN_STOCK } from "../rules/unreturned-device.ts";
import { type PersonFacts, type ScanContext, wasRead } from "../scan-context.ts";
import { ReviewerResolver } from "./reviewer.ts";
import type { ReviewedPerson, Reviewer, ReviewerRoute, ReviewItem, ReviewItemKind } from "./types.ts";

export interface CollectReviewItemsOptions {
  fallbackReviewer?: string;
  /** Whether a reviewer's address may be sent a packet; default: any. */
  mayReceive?: (address: string) => boolean;
}

export interface CollectedReviewItems {
  /** Sorted by reviewer, person, kind, source and subject. */
  items: ReviewItem[];
  /** Everyone who reviews at least one item, by id. */
  reviewers: Map<string, Reviewer & { route: ReviewerRoute }>;
  /** Sources whose records are not in the campaign because the scan could not read them. */
  skippedSources: string[];
  resolver: ReviewerResolver;
}

/** Stable across campaigns for the same access, as finding ids are across scans. */
export function reviewItemId(kind: ReviewItemKind, sourceId: string, subjectId: string, group = ""): string {
  const digest = hash("sha256", `${kind}\u0000${sourceId}\u0000${subjectId}\u0000${group}`, "hex");
  return `${kind}:${digest.slice(0, 20)}`;
}

export function collectReviewItems(
  context: ScanContext,
  options: CollectReviewItemsOptions = {},
): CollectedReviewItems {
  const resolver = new ReviewerResolver(context.peopleById, options.fallbackReviewer, options.mayReceive);
  const reviewers = new Map<string, Reviewer & { route: ReviewerRoute }>();
  const reviewerOf = new Map<string, string>();
  const assign = (facts: PersonFacts): string => {
    const known = reviewerOf.get(facts.person.employeeId);
    if (known !== undefined) return known;
    const { reviewer, route } = resolver.assign(facts);
    if (!reviewers.has(reviewer.reviewerId)) reviewers.set(reviewer.reviewerId, { ...reviewer, route });
    reviewerOf.set(facts.person.employeeId, reviewer.reviewerId);
    return reviewer.reviewerId;
  };
  // One object per person, shared by their items: a large org has a dozen items per person.
  const persons = new Map<string, ReviewedPerson>();
  const personOf = (facts: PersonFacts): ReviewedPerson => {
    let person = persons.get(facts.person.employeeId);
    if (person === undefined) {
      person = reviewedPerson(facts);
      persons.set(facts.person.employeeId, person);
    }
    return person;
  };
  // A suspect source was read: its access is reviewed (only resolving by its silence is not trusted).
  const okSources = new Set(context.sources.filter((s) => wasRead(s.status)).map((s) => s.id));
  const restricted = new Set(Object.keys(context.entitlements));
  const items: ReviewItem[] = [];

  for (const { account, match, isServiceAccount } of context.accounts) {
    if (!account.enabled || isServiceAccount || match === undefined || match.person.departed) continue;
    if (!okSources.has(account.sourceId)) continue;
    const person = personOf(match.person);
    const reviewerId = assign(match.person);
    items.push(accountItem(account, person, reviewerId));
    for (const group of account.groups) {
      if (restricted.has(group)) items.push(entitlementItem(account, group, person, reviewerId));
    }
  }
  for (const { asset, match } of context.assets) {
    if (match === undefined || match.person.departed || !okSources.has(asset.sourceId)) continue;
    if (asset.status !== undefined && BACK_IN_STOCK.has(asset.status.toLowerCase())) continue;
    items.push(deviceItem(asset, personOf(match.person), assign(match.person)));
  }
  items.sort(compareItems);
  const skippedSources = context.sources
    .filter((s) => !wasRead(s.status) && (s.kind === "accounts" || s.kind === "assets"))
    .map((s) => s.id);
  return { items, reviewers, skippedSources, resolver };
}

function reviewedPerson(facts: PersonFacts): ReviewedPerson {
  const { employeeId, name, email, department, title } = facts.person;
  return {
    employeeId,
    ...(name !== undefined ? { name } : {}),
    ...(email !== undefined ? { email } : {}),
    ...(department !== undefined ? { department } : {}),
    ...(title !== undefined ? { title } : {}),
  };
}

/** Written field by field, not spread: a large org builds a million of these. */
function withAccountFields(item: ReviewItem, account: Account): ReviewItem {
  if (account.username !== undefined) item.username = account.username;
  if (account.displayName !== undefined) item.displayName = account.displayName;
  item.groups = account.groups;
  item.privileged = account.privileged;
  if (account.lastLoginAt !== undefined) item.lastLoginAt = account.lastLoginAt;
  return item;
}

function accountItem(account: Account, person: ReviewedPerson, reviewerId: string): ReviewItem {
  return withAccountFields(
    {
      itemId: reviewItemId("account", account.sourceId, account.accountId),
      kind: "account",
      subject: { type: "account", sourceId: account.sourceId, id: account.accountId },
      person,
      reviewerId,
    },
    account,
  );
}

function entitlementItem(
  account: Account,
  group: string,
  person: ReviewedPerson,
  reviewerId: string,
): ReviewItem {
  return withAccountFields(
    {
      itemId: reviewItemId("entitlement", account.sourceId, account.accountId, group),
      kind: "entitlement",
      subject: { type: "entitlement", sourceId: account.sourceId, id: account.accountId, group },
      person,
      reviewerId,
    },
    account,
  );
}

function deviceItem(asset: Asset, person: ReviewedPerson, reviewerId: string): ReviewItem {
  const item: ReviewItem = {
    itemId: reviewItemId("device", asset.sourceId, asset.assetId),
    kind: "device",
    subject: { type: "asset", sourceId: asset.sourceId, id: asset.assetId },
    person,
    reviewerId,
  };
  if (asset.serial !== undefined) item.serial = asset.serial;
  if (asset.type !== undefined) item.assetType = asset.type;
  if (asset.assignedTo !== undefined) item.assignedTo = asset.assignedTo;
  return item;
}

const KIND_ORDER: Record<ReviewItemKind, number> = { account: 0, entitlement: 1, device: 2 };

function compareItems(a: ReviewItem, b: ReviewItem): number {
  return (
    compareText(a.reviewerId, b.reviewerId) ||
    compareText(a.person.employeeId, b.person.employeeId) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    compareText(a.subject.sourceId, b.subject.sourceId) ||
    compareText(a.subject.id, b.subject.id) ||
    compareText(a.subject.group ?? "", b.subject.group ?? "")
  );
}
