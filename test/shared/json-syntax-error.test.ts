import { describe, expect, it } from "vitest";
import { describeJsonSyntaxError, lineAndColumn } from "../../functions/shared/json-syntax-error.ts";

const errorOf = (text: string): unknown => {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error("parsed");
};

describe("describeJsonSyntaxError", () => {
  it("says what is wrong and where, on the right line and column", () => {
    // Prepare
    const text = '{\n  "name": "Jane Doe",\n  "email": }';

    // Act
    const message = describeJsonSyntaxError(text, errorOf(text));

    // Assess
    expect(message).toMatch(/ at line 3, column 12$/);
  });

  it("puts the place in front when asked", () => {
    // Prepare
    const text = '{"a": 1,\n"b": }';

    // Act
    const message = describeJsonSyntaxError(text, errorOf(text), "before");

    // Assess
    expect(message).toMatch(/^line 2, column 6: /);
  });

  it("never quotes the text, which may hold personal data", () => {
    // Prepare
    const text = '{"email": "jane.doe@example.com" "x"}';

    // Act
    const message = describeJsonSyntaxError(text, errorOf(text));

    // Assess
    expect(message).not.toContain("jane.doe");
    expect(message).toMatch(/ at line 1, column \d+$/);
  });
});

describe("lineAndColumn", () => {
  it("ends lines at CRLF, LF and a lone CR alike", () => {
    // Prepare
    const text = "a\r\nbb\ncc\rdd";
    const at = (s: string) => text.indexOf(s);

    // Act / Assess
    expect(lineAndColumn(text, at("a"))).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn(text, at("bb") + 1)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn(text, at("cc"))).toEqual({ line: 3, column: 1 });
    expect(lineAndColumn(text, at("dd") + 1)).toEqual({ line: 4, column: 2 });
  });
});
