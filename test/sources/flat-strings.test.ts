import { describe, expect, it } from "vitest";
import { joinedName, ownString } from "../../functions/sources/flat-strings.ts";

describe("joinedName", () => {
  it("joins first and last name with one space", () => {
    // Act
    const name = joinedName("Marcus", "O'Neil");

    // Assess
    expect(name).toBe("Marcus O'Neil");
  });
});

describe("ownString", () => {
  it.each(["", "short", "stephanie.graham@acme.com", 'quotes " and \\ backslashes', "🙂 é \u0000 \ud800"])(
    "keeps %j unchanged",
    (text) => {
      // Prepare: a field cut out of a longer text, as CSV fields are.
      const line = `id,${text},end`;
      const field = line.slice(3, 3 + text.length);

      // Act
      const copy = ownString(field);

      // Assess
      expect(copy).toBe(text);
    },
  );
});
