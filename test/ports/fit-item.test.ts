import { describe, expect, it } from "vitest";
import { fitItem, truncationMarker } from "../../functions/ports/fit-item.ts";

describe("fitItem", () => {
  it("returns an item that fits as it is", () => {
    // Prepare
    const item = { id: "ghost-account:1a2b", evidence: { displayName: "Dana Whitfield" } };

    // Act + Assess
    expect(fitItem(item)).toBe(item);
  });

  it("cuts the longest strings first, keeping short ones whole", () => {
    // Prepare
    const item = { id: "ghost-account:1a2b", evidence: { displayName: "z".repeat(5000), note: "short" } };

    // Act
    const fitted = fitItem(item, 2000);

    // Assess
    expect(fitted.id).toBe("ghost-account:1a2b");
    expect(fitted.evidence.note).toBe("short");
    expect(fitted.evidence.displayName).toMatch(/^z+…\[truncated: \d+ more characters\]$/);
    expect(Buffer.byteLength(JSON.stringify(fitted))).toBeLessThanOrEqual(2000);
    const kept = fitted.evidence.displayName.indexOf("…");
    expect(fitted.evidence.displayName.slice(kept)).toBe(truncationMarker(5000 - kept));
  });

  it("cuts long lists of short strings when cutting strings is not enough", () => {
    // Prepare
    const item = { groups: Array.from({ length: 20_000 }, (_, i) => `g${i}`) };

    // Act
    const fitted = fitItem(item, 10_000);

    // Assess
    expect(fitted.groups[0]).toBe("g0");
    expect(fitted.groups.at(-1)).toMatch(/^…\[truncated: \d+ more items\]$/);
    expect(Buffer.byteLength(JSON.stringify(fitted))).toBeLessThanOrEqual(10_000);
  });
});
