/**
 * Webhook signatures, replay-proof in the way Stripe and Slack sign theirs. Each delivery carries
 *
 *   X-Deprov-Delivery:  <delivery id>            (the same on every resend of one delivery)
 *   X-Deprov-Timestamp: <unix seconds>           (when it was signed)
 *   X-Deprov-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<delivery id>.<raw body>">
 *
 * keyed with the shared secret. A receiver recomputes the HMAC over the exact bytes received,
 * before parsing, compares in constant time, refuses a timestamp more than five minutes from its
 * own clock (a captured request cannot be replayed later), and drops a delivery id it has already
 * seen within that window (nor can it be replayed sooner). The delivery id is signed too, so a
 * replay cannot pass as a new delivery.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Instant } from "../../core/model.ts";

export const SIGNATURE_HEADER = "x-deprov-signature";
export const TIMESTAMP_HEADER = "x-deprov-timestamp";
export const DELIVERY_HEADER = "x-deprov-delivery";
export const EVENT_HEADER = "x-deprov-event";

/** How far a receiver accepts a signature's timestamp from its own clock (Stripe's default too). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface SignedDelivery {
  /** Unix seconds. */
  timestamp: number;
  deliveryId: string;
  body: string | Buffer;
}

function hmacHex(secret: string, { timestamp, deliveryId, body }: SignedDelivery): string {
  return createHmac("sha256", secret).update(`${timestamp}.${deliveryId}.`).update(body).digest("hex");
}

/** The `X-Deprov-Signature` value of a delivery. */
export function signWebhookDelivery(secret: string, delivery: SignedDelivery): string {
  return `t=${delivery.timestamp},v1=${hmacHex(secret, delivery)}`;
}

export interface VerifyOptions {
  /** The raw `X-Deprov-Signature` header. */
  signature: string;
  deliveryId: string;
  body: string | Buffer;
  now: Instant;
  toleranceSeconds?: number;
}

export type Verification = { valid: true; timestamp: number } | { valid: false; reason: string };

/** What a receiver runs on each request; constant-time, so it leaks nothing about a forged signature. */
export function verifyWebhookDelivery(secret: string, options: VerifyOptions): Verification {
  const parts = new Map<string, string[]>();
  for (const part of options.signature.split(",")) {
    const equals = part.indexOf("=");
    if (equals <= 0) continue;
    const name = part.slice(0, equals).trim();
    parts.set(name, [...(parts.get(name) ?? []), part.slice(equals + 1).trim()]);
  }
  const timestamp = Number(parts.get("t")?.[0]);
  const given = parts.get("v1") ?? [];
  if (!Number.isSafeInteger(timestamp) || given.length === 0) {
    return { valid: false, reason: "the signature header lacks t=<unix seconds> and v1=<hex>" };
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(options.now / 1000 - timestamp) > tolerance) {
    return { valid: false, reason: `the timestamp is more than ${tolerance} s from now` };
  }
  const expected = Buffer.from(
    hmacHex(secret, { timestamp, deliveryId: options.deliveryId, body: options.body }),
  );
  // Several v1 values let a sender sign with an old and a new secret during a rotation.
  const matches = given.some((hex) => {
    const candidate = Buffer.from(hex);
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
  return matches ? { valid: true, timestamp } : { valid: false, reason: "the signature does not match" };
}
