/**
 * Access reviews (SPEC §7): the items a campaign asks reviewers to certify, who reviews each, and
 * what they decided. Items are derived from a scan's data; only decisions are stored one by one.
 */
import type { Instant } from "../model.ts";

/** What is certified: an account, a restricted entitlement held through an account, a device. */
export const REVIEW_ITEM_KINDS = ["account", "entitlement", "device"] as const;
export type ReviewItemKind = (typeof REVIEW_ITEM_KINDS)[number];

export const REVIEW_DECISIONS = ["keep", "revoke"] as const;
export type ReviewDecisionValue = (typeof REVIEW_DECISIONS)[number];

/** What the item is about, as `deprov review status --json` prints it. */
export interface ReviewSubject {
  /** `account` and `entitlement` items name an account; `asset` a device. */
  type: "account" | "entitlement" | "asset";
  sourceId: string;
  /** The account id or the asset id in its source. */
  id: string;
  /** Entitlements: the restricted group. */
  group?: string;
}

/** The person whose access is reviewed, as the roster has them. */
export interface ReviewedPerson {
  employeeId: string;
  name?: string;
  email?: string;
  department?: string;
  title?: string;
}

export interface ReviewItem {
  /** Stable for the same access: derived from kind, source, subject (and group). */
  itemId: string;
  kind: ReviewItemKind;
  subject: ReviewSubject;
  person: ReviewedPerson;
  /** Who certifies it (an employee id, or the fallback reviewer's id). */
  reviewerId: string;
  /** Accounts and entitlements. */
  username?: string;
  displayName?: string;
  groups?: string[];
  privileged?: boolean;
  lastLoginAt?: Instant;
  /** Devices. */
  serial?: string;
  assetType?: string;
  /** The holder reference the asset system had (employee id, email or username). */
  assignedTo?: string;
}

/** How a reviewer was found for a person (SPEC §7: manager, then up the chain, then fallback). */
export type ReviewerRoute = "manager" | "skip-level" | "fallback";

export interface Reviewer {
  reviewerId: string;
  name?: string;
  email?: string;
  /** The reviewer's own manager: where escalations go. */
  managerId?: string;
}

export interface ReviewerAssignment {
  reviewer: Reviewer;
  route: ReviewerRoute;
}

export interface ReviewDecision {
  itemId: string;
  decision: ReviewDecisionValue;
  /** Who decided: a reviewer id, or the name given to `deprov review decide --by`. */
  by: string;
  at: Instant;
  reason?: string;
  /** `cli`, `link` (the signed email link), `link:keep-all`, `link:revoke-all`. */
  via: string;
  /** The reviewer the item was assigned to. */
  reviewerId: string;
}
