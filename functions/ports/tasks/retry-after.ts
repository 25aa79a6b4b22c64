/** How long a server asks us to wait (RFC 9110 §10.2.3 `Retry-After`: delay-seconds or an HTTP-date). */
import type { Instant } from "../../core/model.ts";

/** Milliseconds from `now`, or undefined when the header is absent or unreadable. */
export function retryAfterMs(header: string | null, now: Instant): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date always names its month; this keeps Date.parse from reading "-5" as a year.
  const at = /[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
