import { describe, expect, it } from "vitest";
import { type JsonListing, readJsonListing } from "../../functions/sources/json-listing.ts";
import { parseJsonText } from "../../functions/sources/json-text.ts";
import { SourceFormatError } from "../../functions/sources/parser.ts";

const FILE = "/org/sources/users.json";

interface Reading {
  document: unknown;
  elements: unknown[] | undefined;
}

/** Reads every element in order, as a format parser does. */
function read(text: string, path: readonly string[]): Reading {
  return readJsonListing(text, FILE, path, (listing: JsonListing) => {
    const { document, elements } = listing;
    if (elements === undefined) return { document, elements: undefined };
    return { document, elements: Array.from({ length: elements.length }, (_, i) => elements.at(i)) };
  });
}

/** The error message of `act`, or `undefined` when it does not throw. */
function errorOf(act: () => unknown): string | undefined {
  try {
    act();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const RECORDS = [
  { id: "u1", profile: { email: "a@acme.com", tags: ["x", "]", "}"] }, note: 'say "hi" \\ [ok] },{"id":' },
  { id: "u2", nested: [[1, 2], { deep: { deeper: [] } }], emoji: "🙂 é", empty: {} },
  { id: "u3", text: "ends with a backslash \\" },
  { id: "u4" },
];

const MIXED = [...RECORDS, "a string element, with [brackets]", 42, -1.5e3, null, true, [], { other: 1 }];

describe("readJsonListing", () => {
  it("reads a top-level array's elements in order, exactly as JSON.parse does", () => {
    // Prepare
    const text = JSON.stringify(MIXED, null, 2);

    // Act
    const reading = read(text, []);

    // Assess
    expect(reading.elements).toEqual(MIXED);
  });

  it("reads the array under a key, leaving the rest of the envelope in the document", () => {
    // Prepare
    const text = `\uFEFF {"kind": "admin#directory#users", "users": ${JSON.stringify(RECORDS)}, "nextPageToken": "]}"}\n`;

    // Act
    const reading = read(text, ["users"]);

    // Assess
    expect(reading.elements).toEqual(RECORDS);
    expect(reading.document).toMatchObject({ kind: "admin#directory#users", nextPageToken: "]}" });
  });

  it("follows a nested path and a key written with escapes", () => {
    // Prepare
    const text = `{"meta": {"n": 2}, "data": {"before": [1], "\\u0069tems": [{"a": 1}, {"a": 2}, {"a": 3}]}}`;

    // Act
    const reading = read(text, ["data", "items"]);

    // Assess
    expect(reading.elements).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it("reads an empty array", () => {
    // Act
    const reading = read('{"rows": [ ], "total": 0}', ["rows"]);

    // Assess
    expect(reading).toEqual({ document: { rows: [], total: 0 }, elements: [] });
  });

  it.each([
    ["the key is missing", '{"kind": "x"}', { kind: "x" }],
    ["the value is null", '{"users": null}', { users: null }],
    ["the value is an object", '{"users": {"a": [1]}}', { users: { a: [1] } }],
    ["the document is an array", "[1, 2]", [1, 2]],
  ])("has no elements when %s, and the whole document to say what is there", (_case, text, document) => {
    // Act
    const reading = read(text, ["users"]);

    // Assess
    expect(reading).toEqual({ document, elements: undefined });
  });

  it.each([
    ["a later key", '{"users": [{"id": "old"}, {"id": "x"}], "users": [{"id": "new"}]}', [{ id: "new" }]],
    ["a later, empty key", '{"users": [{"id": "old"}, {"id": "x"}], "users": []}', []],
    ["a later parent", '{"d": {"users": [{"id": "old"}, {"id": "x"}]}, "d": {"users": []}}', []],
  ])("takes the last of two equal keys on the path, as JSON.parse does: %s", (_case, text, expected) => {
    // Act
    const reading = read(text, text.startsWith('{"d"') ? ["d", "users"] : ["users"]);

    // Assess
    expect(reading.elements).toEqual(expected);
  });

  it.each([
    ["a missing comma between records", '{"users": [{"id": "a"} {"id": "b"}]}'],
    ["a trailing comma", '{"users": [{"id": "a"},{"id": "b"},]}'],
    ["a bad token inside a record", '{"users": [{"id": "a"},{"id": tru}]}'],
    ["a control character inside a string", '{"users": [{"id": "a"},{"id": "b\u0001"}]}'],
    ["an unterminated string", '{"users": [{"id": "a"},{"id": "b}]}'],
    ["mismatched brackets", '{"users": [{"id": "a"]},{"id": "b"}]}'],
    ["a broken envelope", '{"users": [{"id": "a"},{"id": "b"}], "total" 1}'],
    ["text after the document", '{"users": [{"id": "a"},{"id": "b"}]} x'],
    ["an unclosed array", '{"users": [{"id": "a"},{"id": "b"}'],
    ["a record not closed before the next", '{"users": [{"id": "a", {"id": "b"},{"id": "c"}]}'],
    ["the file is empty", "  \n"],
  ])("fails on %s exactly as parsing the whole file does", (_case, text) => {
    // Prepare
    const expected = errorOf(() => parseJsonText(text, FILE));

    // Act
    const error = errorOf(() => read(text, ["users"]));

    // Assess
    expect(expected).toBeDefined();
    expect(error).toBe(expected);
  });

  it("reports a syntax error before anything the format would say", () => {
    // Prepare: a syntax error in the last record.
    const text = '{"total": 5, "rows": [{"id": 1},{"id": 2},{"id": 3,}]}';
    const complain = () => {
      throw new SourceFormatError(FILE, "rows holds 3 of 5 assets");
    };

    // Act
    const error = errorOf(() => readJsonListing(text, FILE, ["rows"], complain));

    // Assess
    expect(error).toBe(errorOf(() => parseJsonText(text, FILE)));
  });

  it("serves a reader that skips ahead of what it has read", () => {
    // Prepare
    const text = '{"rows": [{"id": 1},{"id": 2},{"id": 3}]}';

    // Act
    const ids = readJsonListing(text, FILE, ["rows"], ({ elements }) => [elements?.at(2), elements?.at(0)]);

    // Assess
    expect(ids).toEqual([{ id: 3 }, { id: 1 }]);
  });

  it("reports the format's own complaint when the file is valid", () => {
    // Prepare
    const text = '{"total": 5, "rows": [{"id": 1},{"id": 2}]}';
    let runs = 0;
    const complain = () => {
      runs++;
      throw new SourceFormatError(FILE, "rows holds 2 of 5 assets");
    };

    // Act
    const error = errorOf(() => readJsonListing(text, FILE, ["rows"], complain));

    // Assess
    expect(error).toBe(`${FILE}: rows holds 2 of 5 assets`);
    expect(runs).toBe(1);
  });
});
