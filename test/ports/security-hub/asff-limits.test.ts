import { describe, expect, it } from "vitest";
import { ASFF_LIMITS, fieldMap, truncateText } from "../../../functions/ports/security-hub/asff-limits.ts";

describe("truncateText", () => {
  it("keeps text within the limit as is", () => {
    expect(truncateText("Enabled okta account", 256)).toBe("Enabled okta account");
  });

  it("cuts longer text to exactly the limit, ending in an ellipsis", () => {
    // Act
    const cut = truncateText("x".repeat(300), 256);

    // Assess
    expect(cut).toHaveLength(256);
    expect(cut.endsWith("…")).toBe(true);
  });

  it("never splits a surrogate pair", () => {
    // Prepare: the cut would fall between the two halves of the emoji.
    const text = `${"a".repeat(8)}🧑${"b".repeat(10)}`;

    // Act
    const cut = truncateText(text, 10);

    // Assess
    expect(cut).toBe(`${"a".repeat(8)}…`);
    // A lone surrogate would not survive a round trip through UTF-8.
    expect(Buffer.from(cut, "utf8").toString("utf8")).toBe(cut);
  });
});

describe("fieldMap", () => {
  it("keeps the first 50 entries, cuts long keys and values, and drops entries without text", () => {
    // Prepare
    const entries: [string, string][] = [
      ["source", "okta"],
      ["blank", "   "],
      ["", "no key"],
      ["k".repeat(200), "long key"],
      ["long", "v".repeat(5000)],
      ["source", "a repeated key keeps its first value"],
      ...Array.from({ length: 80 }, (_, i): [string, string] => [`extra${i}`, String(i)]),
    ];

    // Act
    const map = fieldMap(entries, ASFF_LIMITS.other);

    // Assess
    const keys = Object.keys(map);
    expect(keys).toHaveLength(50);
    expect(map.source).toBe("okta");
    expect(keys).not.toContain("blank");
    expect(keys).not.toContain("");
    expect(keys.every((key) => key.length < 128)).toBe(true);
    expect(Object.values(map).every((value) => value.length < 1024)).toBe(true);
    expect(map.long).toHaveLength(1023);
    expect(keys.at(-1)).toBe("extra46");
  });

  it("treats a key named __proto__ as an ordinary entry", () => {
    // Act
    const map = fieldMap([["__proto__", "polluted?"]], ASFF_LIMITS.productFields);

    // Assess
    expect(Object.keys(map)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
  });
});
