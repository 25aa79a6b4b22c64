import { describe, expect, it } from "vitest";
import { describeJsonSyntaxError } from "../../functions/shared/json-syntax-error.ts";

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
