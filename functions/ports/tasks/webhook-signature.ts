/**
 * The webhook signature: `X-Deprov-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, keyed
 * with the shared secret. Receivers verify it over the exact bytes received, before parsing.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-deprov-signature";
export const DELIVERY_HEADER = "x-deprov-delivery";
export const EVENT_HEADER = "x-deprov-event";

export function signWebhookBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Constant-time, so a receiver does not leak how much of a forged signature was right. */
export function verifyWebhookSignature(secret: string, body: string | Buffer, signature: string): boolean {
  const expected = Buffer.from(signWebhookBody(secret, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
