import { describe, expect, it } from "vitest";
import { utf8Text } from "../../functions/ports/utf8-text.ts";

describe("utf8Text", () => {
  it.each([
    ["ASCII", 'id,"name"\n=1+2'],
    ["Latin-1 letters", "Zoë Ångström"],
    ["beyond Latin-1", "東京 — “quotes”"],
    ["a surrogate pair", "emoji 🙂"],
    ["a byte-order mark", "\ufeff[]"],
    ["nothing", ""],
  ])("decodes %s as the UTF-8 decoder does", (_, text) => {
    // Prepare
    const bytes = Buffer.from(text, "utf8");

    // Act + Assess
    expect(utf8Text(bytes)).toBe(bytes.toString("utf8"));
  });

  it("decodes invalid UTF-8 as the UTF-8 decoder does (replacement characters)", () => {
    // Prepare
    const bytes = Buffer.from([0x61, 0xc3, 0x62, 0xff]);

    // Act + Assess
    expect(utf8Text(bytes)).toBe(bytes.toString("utf8"));
  });
});
