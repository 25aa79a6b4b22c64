import { describe, expect, it } from "vitest";
import { retryAfterMs } from "../../../functions/ports/tasks/retry-after.ts";

const NOW = Date.parse("2026-11-26T09:00:00Z");

describe("retryAfterMs", () => {
  it.each([
    ["1", 1000],
    [" 120 ", 120_000],
    ["0", 0],
    ["Thu, 26 Nov 2026 09:00:30 GMT", 30_000],
    ["Thu, 26 Nov 2026 08:59:00 GMT", 0],
  ])("reads %j as %i ms", (header, expected) => {
    // Act
    const wait = retryAfterMs(header, NOW);

    // Assess
    expect(wait).toBe(expected);
  });

  it.each([[null], ["soon"], ["-5"], ["1.5"]])("ignores %j", (header) => {
    // Act
    const wait = retryAfterMs(header, NOW);

    // Assess
    expect(wait).toBeUndefined();
  });
});
