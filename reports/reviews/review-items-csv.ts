/** A reviewer's items as CSV (the packet's attachment): one row per item, safe to open in a spreadsheet. */
import type { ReviewItem } from "../../functions/core/reviews/types.ts";
import { csvRow } from "../csv-row.ts";
import { neutraliseFormula } from "../csv-safe.ts";
import { itemGroups } from "./review-item-text.ts";

const HEADER = [
  "itemId",
  "kind",
  "employeeId",
  "name",
  "department",
  "title",
  "system",
  "id",
  "username",
  "group",
  "groups",
  "privileged",
  "lastLoginAt",
  "serial",
  "decision",
  "reason",
];

export function reviewItemsCsv(items: readonly ReviewItem[]): string {
  let out = csvRow(HEADER);
  for (const item of items) {
    out += csvRow(
      [
        item.itemId,
        item.kind,
        item.person.employeeId,
        item.person.name ?? "",
        item.person.department ?? "",
        item.person.title ?? "",
        item.subject.sourceId,
        item.subject.id,
        item.username ?? "",
        item.subject.group ?? "",
        itemGroups(item),
        item.kind === "device" ? "" : String(item.privileged ?? false),
        item.lastLoginAt === undefined ? "" : new Date(item.lastLoginAt).toISOString(),
        item.serial ?? "",
        "",
        "",
      ].map(neutraliseFormula),
    );
  }
  return out;
}
