/** Review items as CSV rows, safe to open in a spreadsheet: the packet's attachment, and the columns the campaign report's CSV starts with. */
import type { ReviewItem } from "../../functions/core/reviews/types.ts";
import { csvRow } from "../csv-row.ts";
import { neutraliseFormula } from "../csv-safe.ts";
import { itemGroups } from "./review-item-text.ts";

export const ITEM_CSV_HEADER = [
  "itemId",
  "kind",
  "employeeId",
  "name",
  "department",
  "title",
  "reviewerId",
  "system",
  "id",
  "username",
  "group",
  "groups",
  "privileged",
  "lastLoginAt",
  "serial",
] as const;

/** The item's cells, in `ITEM_CSV_HEADER` order (not yet neutralised). */
export function itemCsvFields(item: ReviewItem): string[] {
  return [
    item.itemId,
    item.kind,
    item.person.employeeId,
    item.person.name ?? "",
    item.person.department ?? "",
    item.person.title ?? "",
    item.reviewerId,
    item.subject.sourceId,
    item.subject.id,
    item.username ?? "",
    item.subject.group ?? "",
    itemGroups(item),
    item.kind === "device" ? "" : String(item.privileged ?? false),
    item.lastLoginAt === undefined ? "" : new Date(item.lastLoginAt).toISOString(),
    item.serial ?? "",
  ];
}

/** A reviewer's items with empty `decision` and `reason` columns to fill in. */
export function reviewItemsCsv(items: readonly ReviewItem[]): string {
  let out = csvRow([...ITEM_CSV_HEADER, "decision", "reason"]);
  for (const item of items) out += csvRow([...itemCsvFields(item), "", ""].map(neutraliseFormula));
  return out;
}
