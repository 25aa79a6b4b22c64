import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RejectedRecord } from "../../functions/core/model.ts";
import { quoteFreeTable } from "../../functions/fast/quote-free-csv.ts";
import type { CsvDelimiter } from "../../functions/sources/csv-delimiter.ts";
import { type CsvTable, parsedTable } from "../../functions/sources/csv-table.ts";

/** Everything a reader of the table sees: header, rows with their lines, rejections, broken rows. */
function readAll(table: CsvTable, columns: number[]) {
  const rows: [(string | undefined)[], number][] = [];
  const broken: [(string | undefined)[], number][] = [];
  const rejected: RejectedRecord[] = [];
  table.forEachRow(
    Int32Array.from(columns),
    (values, line) => rows.push([[...values], line]),
    rejected,
    (values, line) => broken.push([[...values], line]),
  );
  return { header: table.header, rows, broken, rejected };
}

/** Fields may hold every separator but the file's own. */
const field = (delimiter: CsvDelimiter) =>
  fc.stringMatching(/^[a-zA-Z0-9 @._;:,|\t-]{0,8}$/).map((text) => text.split(delimiter).join(""));
const quoteFreeCsv = fc
  .tuple(fc.constantFrom<CsvDelimiter>(",", ";", "\t", "|"), fc.integer({ min: 1, max: 5 }))
  .chain(([delimiter, width]) =>
    fc
      .tuple(
        fc.array(fc.oneof(fc.array(field(delimiter), { minLength: 1, maxLength: 6 }), fc.constant([])), {
          maxLength: 12,
        }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
      )
      .map(([rows, newline, trailing]) => {
        const header = Array.from({ length: width }, (_, i) => ` column${i} `).join(delimiter);
        const lines = [header, ...rows.map((row) => row.join(delimiter))];
        return { text: lines.join(newline) + (trailing ? newline : ""), width, delimiter };
      }),
  );

describe("quote-free CSV (fast) and csv-parse (plain)", () => {
  it("read any quote-free text into the same header, rows, lines and rejections", () => {
    fc.assert(
      fc.property(quoteFreeCsv, ({ text, width, delimiter }) => {
        // Prepare: every column, one missing, and one twice
        const columns = [...Array.from({ length: width }, (_, i) => i), -1, 0];

        // Act
        const fast = quoteFreeTable(text, delimiter);

        // Assess
        expect(fast).toBeDefined();
        expect(readAll(fast as CsvTable, columns)).toEqual(
          readAll(parsedTable(text, "export.csv", delimiter), columns),
        );
      }),
      { numRuns: 2000, seed: 14 },
    );
  });

  it.each([
    ["a quote", 'id,name\n1,"Doe, Jane"\n'],
    ["a lone CR", "id,name\r1,Jane\r"],
  ])("leaves text with %s to csv-parse", (_what, text) => {
    // Act
    const fast = quoteFreeTable(text);

    // Assess
    expect(fast).toBeUndefined();
  });
});
