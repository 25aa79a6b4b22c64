import { describe, expect, it } from "vitest";
import { mix32, Rng } from "../../cli/generate/prng.ts";

describe("seeded randomness", () => {
  it("repeats the same sequence for the same seed and purpose", () => {
    // Prepare
    const a = Rng.of(42, "okta");
    const b = Rng.of(42, "okta");

    // Act
    const first = Array.from({ length: 5 }, () => a.next());
    const second = Array.from({ length: 5 }, () => b.next());

    // Assess
    expect(second).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Rng.of(42, "slack").next()).not.toBe(first[0]);
  });

  it("keeps draws inside their bounds, in whole seconds for durations", () => {
    // Prepare
    const rng = new Rng(7);

    // Act
    const ints = Array.from({ length: 1000 }, () => rng.int(3, 5));
    const spans = Array.from({ length: 100 }, () => rng.duration(1_000, 90_000));

    // Assess
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
    expect(spans.every((s) => s >= 1_000 && s <= 90_000 && s % 1000 === 0)).toBe(true);
  });

  it("derives ids from a bijective mix, so sequence numbers never collide", () => {
    // Act
    const ids = new Set(Array.from({ length: 100_000 }, (_, i) => mix32(i ^ 0x5bd1e995)));

    // Assess
    expect(ids.size).toBe(100_000);
  });
});
