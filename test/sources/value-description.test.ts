import { describe, expect, it } from "vitest";
import { describeType, describeValue, expectedGot } from "../../functions/sources/value-description.ts";

describe("describeValue", () => {
  it.each<[unknown, string]>([
    [undefined, "nothing"],
    [null, "null"],
    ["", '""'],
    ["31/02/2024", '"31/02/2024"'],
    ['say "hi"', '"say \\"hi\\""'],
    [42, "number 42"],
    [false, "boolean false"],
    [["a"], "an array"],
    [{ a: 1 }, "an object"],
  ])("describes %j as %s", (value, expected) => {
    // Act
    const description = describeValue(value);

    // Assess
    expect(description).toBe(expected);
  });

  it("cuts a long string short", () => {
    // Act
    const description = describeValue("x".repeat(500));

    // Assess
    expect(description).toBe(`"${"x".repeat(60)}…"`);
  });
});

describe("describeType", () => {
  it.each<[unknown, string]>([
    [undefined, "nothing"],
    [null, "null"],
    ["secret@acme.com", "a string"],
    [7, "a number"],
    [[], "an array"],
    [{}, "an object"],
  ])("names the type of %j without showing it: %s", (value, expected) => {
    // Act
    const description = describeType(value);

    // Assess
    expect(description).toBe(expected);
  });
});

describe("expectedGot", () => {
  it("says what was expected and what was found", () => {
    // Act
    const reason = expectedGot("true or false", "yes please");

    // Assess
    expect(reason).toBe('expected true or false, got "yes please"');
  });
});
