import { describe, expect, it } from "vitest";
import type { Account, Asset } from "../../../functions/core/model.ts";
import { revocationEvidence } from "../../../functions/core/reviews/revocation-evidence.ts";
import type { ReviewItem } from "../../../functions/core/reviews/types.ts";

const person = { employeeId: "e1", email: "eve.l@acme.com" };
const account: Account = {
  sourceId: "okta",
  accountId: "00u1",
  enabled: true,
  privileged: false,
  groups: ["finance-admins"],
  credentials: [],
};
const accountItem: ReviewItem = {
  itemId: "account:1",
  kind: "account",
  subject: { type: "account", sourceId: "okta", id: "00u1" },
  person,
  reviewerId: "m1",
};
const entitlementItem: ReviewItem = {
  ...accountItem,
  itemId: "entitlement:1",
  kind: "entitlement",
  subject: { ...accountItem.subject, type: "entitlement", group: "finance-admins" },
};
const asset: Asset = { sourceId: "laptops", assetId: "L-1", assignedTo: "E1", status: "Deployed" };
const deviceItem: ReviewItem = {
  itemId: "device:1",
  kind: "device",
  subject: { type: "asset", sourceId: "laptops", id: "L-1" },
  person,
  reviewerId: "m1",
  assignedTo: "e1",
};

describe("revocationEvidence", () => {
  it("sees an account gone when it is missing or disabled, and an entitlement when the group is", () => {
    // Assess
    expect(revocationEvidence(accountItem, { account })).toBeUndefined();
    expect(revocationEvidence(accountItem, {})).toBe("account-missing");
    expect(revocationEvidence(accountItem, { account: { ...account, enabled: false } })).toBe(
      "account-disabled",
    );
    expect(revocationEvidence(entitlementItem, { account })).toBeUndefined();
    expect(revocationEvidence(entitlementItem, { account: { ...account, groups: [] } })).toBe(
      "group-removed",
    );
  });

  it("sees a device back when it is in stock, missing, or held by someone else", () => {
    // Assess
    expect(revocationEvidence(deviceItem, { asset })).toBeUndefined();
    expect(revocationEvidence(deviceItem, { asset: { ...asset, assignedTo: "eve.l" } })).toBeUndefined();
    expect(revocationEvidence(deviceItem, { asset: { ...asset, status: "Returned" } })).toBe(
      "device-returned",
    );
    expect(revocationEvidence(deviceItem, {})).toBe("device-missing");
    expect(revocationEvidence(deviceItem, { asset: { ...asset, assignedTo: "e2" } })).toBe(
      "device-reassigned",
    );
  });
});
