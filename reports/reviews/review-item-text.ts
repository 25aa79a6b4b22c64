/** One line about a review item, the same in emails, the decision page, CSVs and the campaign report. */
import type { ReviewItem } from "../../functions/core/reviews/types.ts";

export function itemWhat(item: ReviewItem): string {
  const { subject } = item;
  if (item.kind === "device") {
    const type = item.assetType ?? "device";
    return `${type} ${subject.id}${item.serial !== undefined ? ` (serial ${item.serial})` : ""} from ${subject.sourceId}`;
  }
  const name = item.username ?? subject.id;
  if (item.kind === "entitlement")
    return `group ${subject.group ?? ""} through ${subject.sourceId} account ${name}`;
  return `${subject.sourceId} account ${name}${item.privileged ? " (admin)" : ""}`;
}

export function itemGroups(item: ReviewItem): string {
  return item.kind === "device" ? "" : (item.groups ?? []).join("; ");
}

export function personLabel(item: ReviewItem): string {
  return item.person.name === undefined
    ? item.person.employeeId
    : `${item.person.name} (${item.person.employeeId})`;
}
