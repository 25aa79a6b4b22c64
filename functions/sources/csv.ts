/**
 * The `csv` format: a header row, then one record per row, for any kind. `columns` names the column
 * of each canonical field (SPEC §2). A column the config relies on but the header lacks makes the
 * file unusable (every record would be wrong); a bad row is rejected with its line and the rest used.
 */

import { CSV_DELIMITERS } from "../config/schema.ts";
import type { RejectedRecord } from "../core/model.ts";
import { delimiterName } from "./csv-delimiter.ts";
import { csvLine, shortRowsWarning } from "./csv-rejections.ts";
import { type CsvTable, readCsvTable } from "./csv-table.ts";
import { looseColumnName } from "./loose-column-name.ts";
import type { SourceParser } from "./parser.ts";
import { SourceFormatError } from "./parser.ts";
import { type ColumnPlan, mapTabularRecords, planColumns, type TabularTable } from "./tabular-fields.ts";

export const parseCsv: SourceParser = (input) => {
  const plan = planColumns(input.source.kind, input.source.columns, input.file);
  const table = readCsvTable(input.text, input.file, {
    delimiter: input.source.delimiter,
    headerRow: input.source.headerRow,
    sheetRows: input.sheetRows === true,
  });
  const columnIndexes = resolveColumns(plan, table, input.file, input.source.delimiter !== undefined);
  const output = mapTabularRecords(input, csvTabularTable(plan, table, columnIndexes));
  const shortRows = shortRowsWarning(output.rejected);
  return shortRows === undefined ? output : { ...output, warnings: [shortRows, ...(output.warnings ?? [])] };
};

function csvTabularTable(
  plan: readonly ColumnPlan[],
  table: CsvTable,
  columnIndexes: Int32Array,
): TabularTable {
  return {
    plan,
    has: (slot) => (columnIndexes[slot] ?? -1) !== -1,
    where: csvLine,
    forEach: (visit, rejected: RejectedRecord[], visitBroken) =>
      table.forEachRow(columnIndexes, visit, rejected, visitBroken),
  };
}

/**
 * The header index of each plan slot's column, -1 when the file has no such column. Names match
 * exactly, else ignoring case and how white space is written (`Work email`, `Hire⏎Date`;
 * loose-column-name.ts) when that is unambiguous.
 */
function resolveColumns(
  plan: readonly ColumnPlan[],
  table: CsvTable,
  file: string,
  delimiterConfigured: boolean,
): Int32Array {
  const header = table.header;
  const exact = new Map<string, number>();
  const duplicates = new Set<string>();
  const byLooseName = new Map<string, number>();
  header.forEach((name, index) => {
    if (exact.has(name)) duplicates.add(name);
    else exact.set(name, index);
    const loose = looseColumnName(name);
    byLooseName.set(loose, byLooseName.has(loose) ? -1 : index);
  });
  const indexes = new Int32Array(plan.length);
  // Every column that is missing is named at once: a renamed export rarely loses just one.
  const missing: string[] = [];
  plan.forEach((p, slot) => {
    if (duplicates.has(p.column)) {
      throw new SourceFormatError(
        file,
        `line ${table.headerLine}: column "${p.column}" (for ${p.field}) appears more than once in the header`,
      );
    }
    const index = exact.get(p.column) ?? byLooseName.get(looseColumnName(p.column)) ?? -1;
    indexes[slot] = index;
    if (index !== -1) return;
    if (p.explicit) missing.push(`column "${p.column}" (columns.${p.field}) is not in the header`);
    else if (p.required)
      missing.push(
        `no column for the required field "${p.field}": expected a column "${p.column}" or "columns": { "${p.field}": "<column>" } in the source config`,
      );
  });
  if (missing.length > 0) {
    throw new SourceFormatError(
      file,
      `line ${table.headerLine}: ${missing.join("; ")}; the header has ${listHeader(header)}${delimiterHint(table, delimiterConfigured)}`,
    );
  }
  return indexes;
}

const MAX_LISTED_COLUMNS = 40;

/**
 * When the header's names still hold another separator (a ';'-separated file whose header also has
 * a comma in it reads as comma-separated), how to say which one the file uses.
 */
function delimiterHint(table: CsvTable, configured: boolean): string {
  const other = CSV_DELIMITERS.find(
    (delimiter) => delimiter !== table.delimiter && table.header.some((name) => name.includes(delimiter)),
  );
  if (other === undefined) return "";
  const read = `read as ${delimiterName(table.delimiter)}-separated${configured ? ' ("delimiter")' : ""}`;
  return ` (${read}; if the file is separated by ${delimiterName(other)}, set "delimiter": ${JSON.stringify(other)} on the source)`;
}

function listHeader(header: readonly string[]): string {
  const shown = header.slice(0, MAX_LISTED_COLUMNS).map((name) => JSON.stringify(name));
  const more = header.length > MAX_LISTED_COLUMNS ? `, … (${header.length} columns)` : "";
  return `${shown.join(", ")}${more}`;
}
