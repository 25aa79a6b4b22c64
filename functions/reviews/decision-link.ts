/**
 * Decision links: the credential is the link itself, so no login system is needed. A link names
 * the campaign, the packet (the reviewer whose items it decides), who decides through it, what it
 * decides (one item, or keep-all / revoke-all of the packet's undecided items) and when it expires,
 * signed with HMAC-SHA256 under a key only deprov holds. Each link has an id that is claimed with a
 * conditional write when it is used, so it works once. Tokens are URL-safe base64.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Instant } from "../core/model.ts";

export const LINK_SCOPES = ["item", "keep-all", "revoke-all"] as const;
export type LinkScope = (typeof LINK_SCOPES)[number];

export interface LinkClaims {
  /** Campaign id. */
  c: string;
  /** The packet: the reviewer the items are assigned to. */
  p: string;
  /** Who decides through the link (the reviewer, or their manager after an escalation). */
  b: string;
  s: LinkScope;
  /** Item id, for `item` links. */
  i?: string;
  /** Expiry, epoch milliseconds. */
  x: Instant;
  /** Link id: what a use claims. */
  n: string;
}

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: "malformed" | "forged" | "expired"; claims?: LinkClaims };

/** Deterministic, so an email rendered again (a retried step) carries the same links. */
export function linkIdFor(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 22);
}

export function signLink(claims: LinkClaims, key: string): string {
  const payload = Buffer.from(JSON.stringify(claims), "utf8").toString("base64url");
  return `${payload}.${mac(payload, key)}`;
}

export function verifyLink(token: string, key: string, now: Instant): LinkCheck {
  const [payload, signature, extra] = token.split(".");
  if (payload === undefined || signature === undefined || extra !== undefined || payload === "")
    return { ok: false, reason: "malformed" };
  const expected = Buffer.from(mac(payload, key), "base64url");
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "forged" };
  const claims = parseClaims(payload);
  if (claims === undefined) return { ok: false, reason: "malformed" };
  if (claims.x <= now) return { ok: false, reason: "expired", claims };
  return { ok: true, claims };
}

export function linkUrl(base: string, token: string): string {
  return `${base.replace(/\/+$/, "")}/?t=${token}`;
}

function mac(payload: string, key: string): string {
  return createHmac("sha256", key).update(payload).digest("base64url");
}

function parseClaims(payload: string): LinkClaims | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const text = (field: unknown) => typeof field === "string" && field.length > 0 && field.length <= 200;
  if (!text(v.c) || !text(v.p) || !text(v.b) || !text(v.n) || typeof v.x !== "number") return undefined;
  if (!(LINK_SCOPES as readonly unknown[]).includes(v.s)) return undefined;
  if (v.s === "item" ? !text(v.i) : v.i !== undefined) return undefined;
  return value as LinkClaims;
}
