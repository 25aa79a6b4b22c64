/**
 * How long to wait before sending again: what the server asked for (`Retry-After`, or a system's
 * own rate-limit headers such as Okta's `X-Rate-Limit-Reset`), else exponential backoff with full
 * jitter (a random wait up to the backoff, so clients throttled together do not retry together).
 */
import type { Instant } from "../../core/model.ts";
import { retryAfterMs } from "../tasks/retry-after.ts";

/** Reads a wait (ms from `now`) from an answer's headers; undefined when the answer names none. */
export type RetryHeaderReader = (headers: Headers, now: Instant) => number | undefined;

/** RFC 9110 `Retry-After`, as most APIs send it. */
export const retryAfterHeader: RetryHeaderReader = (headers, now) =>
  retryAfterMs(headers.get("retry-after"), now);

/**
 * Okta's `X-Rate-Limit-Reset` (epoch seconds when the window resets), measured against the answer's
 * own `Date` so that a skewed local clock does not shorten or lengthen the wait; `Retry-After` when
 * the answer has one.
 */
export const oktaRateLimitReset: RetryHeaderReader = (headers, now) => {
  const asked = retryAfterHeader(headers, now);
  if (asked !== undefined) return asked;
  const reset = headers.get("x-rate-limit-reset");
  if (reset === null || !/^\d+$/.test(reset.trim())) return undefined;
  const serverNow = Date.parse(headers.get("date") ?? "");
  const base = Number.isNaN(serverNow) ? now : serverNow;
  // Whole seconds in the header, whole seconds in Date: one more second clears the window for sure.
  return Math.max(0, Number(reset.trim()) * 1000 - base) + 1000;
};

/**
 * Okta's pacing: when an answer says no request is left in the window (`X-Rate-Limit-Remaining: 0`),
 * the next one waits for the reset instead of drawing a 429.
 */
export const oktaPacing: RetryHeaderReader = (headers, now) => {
  const remaining = headers.get("x-rate-limit-remaining");
  if (remaining === null || remaining.trim() !== "0") return undefined;
  return oktaRateLimitReset(headers, now);
};

/** Full jitter: a uniformly random wait in [0, min(cap, initial × 2^(attempt-1))]. */
export function jitteredBackoffMs(
  attempt: number,
  initialMs: number,
  capMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(capMs, initialMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}
