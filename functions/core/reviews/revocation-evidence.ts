/**
 * Whether a scan's data shows revoked access gone: the account no longer exists or is disabled,
 * the restricted group is no longer held, the device is back in stock, missing from the inventory
 * or assigned to someone else. The loop closes on the systems' own data, not on a closed ticket.
 */
import type { Account, Asset } from "../model.ts";
import { BACK_IN_STOCK } from "../rules/unreturned-device.ts";
import type { ReviewItem } from "./types.ts";

export type GoneHow =
  | "account-missing"
  | "account-disabled"
  | "group-removed"
  | "device-missing"
  | "device-returned"
  | "device-reassigned";

/** How the access is gone, or undefined while it is still there. */
export function revocationEvidence(
  item: ReviewItem,
  current: { account?: Account; asset?: Asset },
): GoneHow | undefined {
  if (item.kind === "device") {
    const asset = current.asset;
    if (asset === undefined) return "device-missing";
    if (asset.status !== undefined && BACK_IN_STOCK.has(asset.status.toLowerCase())) return "device-returned";
    return asset.assignedTo !== undefined && holdsIt(item, asset.assignedTo)
      ? undefined
      : "device-reassigned";
  }
  const account = current.account;
  if (account === undefined) return "account-missing";
  if (!account.enabled) return "account-disabled";
  if (item.kind === "entitlement" && !account.groups.includes(item.subject.group ?? ""))
    return "group-removed";
  return undefined;
}

/** The asset's holder reference still names the person: their employee id, email, its local part, or the reference seen at the start. */
function holdsIt(item: ReviewItem, assignedTo: string): boolean {
  const holder = assignedTo.trim().toLowerCase();
  const { employeeId, email } = item.person;
  const names = [employeeId, email, email?.split("@")[0], item.assignedTo];
  return names.some((name) => name !== undefined && name.trim().toLowerCase() === holder);
}
