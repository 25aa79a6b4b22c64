import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type JsonListing, readJsonListing } from "../../functions/sources/json-listing.ts";

/** Every element in order, as a format parser reads them, and the document around them. */
function readEvery(listing: JsonListing): { document: unknown; elements: unknown[] | undefined } {
  const { document, elements } = listing;
  if (elements === undefined) return { document, elements: undefined };
  return { document, elements: Array.from({ length: elements.length }, (_, i) => elements.at(i)) };
}

/** What the reading gives, or the error it ends in. */
function outcome(text: string, path: readonly string[], lazy: boolean, batchChars: number): unknown {
  try {
    const { document, elements } = readJsonListing(text, "/org/sources/users.json", path, readEvery, {
      batchChars,
      ...(lazy ? {} : { lazyReader: null }),
    });
    // The listed array itself is not part of the comparison: the lazy reading leaves it empty in the
    // document, the plain one drops each element as it is read.
    return { elements, document: JSON.stringify(withListEmptied(document, path)) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function withListEmptied(document: unknown, path: readonly string[]): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return Array.isArray(document) ? [] : document;
  if (typeof document !== "object" || document === null || Array.isArray(document)) return document;
  const object = document as Record<string, unknown>;
  return { ...object, [key]: withListEmptied(object[key], rest) };
}

/** Records such as the APIs list, with strings that imitate the boundary between two records. */
const record = fc.record(
  {
    id: fc.oneof(fc.string(), fc.constantFrom('},{"id":"', "a\\b", "é🙂")),
    profile: fc.option(
      fc.record({ email: fc.string(), tags: fc.array(fc.constantFrom("]", "}", "[", '"x"')) }),
    ),
    items: fc.option(fc.array(fc.record({ id: fc.string() }), { maxLength: 3 })),
    n: fc.option(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))),
  },
  { requiredKeys: ["id"] },
);

const listing = fc
  .tuple(
    fc.array(fc.oneof({ weight: 5, arbitrary: record }, fc.constant(null), fc.string()), { maxLength: 12 }),
    fc.constantFrom<readonly string[]>([], ["users"], ["data", "rows"]),
    fc.constantFrom(0, 2),
    fc.constantFrom("", "x", "]", "}"),
  )
  .map(([records, path, indent, damage]) => {
    let document: unknown = records;
    for (const key of [...path].reverse()) document = { [key]: document, next: null };
    const text = JSON.stringify(document, null, indent);
    return { text: damage === "" ? text : text.slice(0, -1) + damage, path };
  });

describe("the lazy JSON listing (fast) and the whole-file parse (plain)", () => {
  it.each([32, 1 << 20])(
    "read the same elements, document and errors, in batches of %i characters",
    (batchChars) => {
      fc.assert(
        fc.property(listing, ({ text, path }) => {
          // Act
          const fast = outcome(text, path, true, batchChars);
          const plain = outcome(text, path, false, batchChars);

          // Assess
          expect(fast).toEqual(plain);
        }),
        { numRuns: 1500, seed: 14 },
      );
    },
  );
});
