import { describe, expect, it } from "vitest";
import { collectReviewItems, reviewItemId } from "../../../functions/core/reviews/review-items.ts";
import { UNASSIGNED_REVIEWER } from "../../../functions/core/reviews/reviewer.ts";
import { Scenario } from "../../support/scenario.ts";

/** A small chart: CEO c0 (no manager) → m1 → e1, e2; m2 (left) reported to m1 and manages e3. */
function org(): Scenario {
  return new Scenario()
    .person({ employeeId: "c0", name: "Cleo CEO", email: "c0@acme.com" })
    .person({ employeeId: "m1", name: "Mia Manager", email: "m1@acme.com", managerId: "c0" })
    .person({ employeeId: "e1", name: "Eve", email: "e1@acme.com", managerId: "m1", department: "Sales" })
    .person({ employeeId: "e2", name: "Eli", email: "e2@acme.com", managerId: "m1" })
    .leaver({ employeeId: "m2", email: "m2@acme.com", managerId: "m1", terminationDate: "2025-05-01" })
    .person({ employeeId: "e3", name: "Ezra", email: "e3@acme.com", managerId: "m2" });
}

describe("collectReviewItems", () => {
  it("gives each enabled account of a current person to their manager, with a restricted group as its own item", () => {
    // Prepare
    const context = org()
      .entitlement("finance-admins", ["Finance"])
      .account({ accountId: "a-e1", employeeId: "e1", groups: ["sales", "finance-admins"], privileged: true })
      .account({ accountId: "a-e2-off", employeeId: "e2", enabled: false })
      .build();

    // Act
    const { items } = collectReviewItems(context);

    // Assess
    expect(items.map((i) => [i.kind, i.subject.id, i.subject.group, i.reviewerId])).toEqual([
      ["account", "a-e1", undefined, "m1"],
      ["entitlement", "a-e1", "finance-admins", "m1"],
    ]);
    expect(items[0]).toMatchObject({
      privileged: true,
      groups: ["sales", "finance-admins"],
      person: { name: "Eve" },
    });
    expect(items[1]?.itemId).toBe(reviewItemId("entitlement", "app", "a-e1", "finance-admins"));
  });

  it("leaves out departed people, service accounts, uncorrelated accounts and devices back in stock", () => {
    // Prepare
    const context = org()
      .serviceAccount("^svc-")
      .account({ accountId: "a-m2", employeeId: "m2" })
      .account({ accountId: "svc-build", employeeId: "e1" })
      .account({ accountId: "a-nobody", email: "ghost@elsewhere.com" })
      .asset({ assetId: "L-1", assignedTo: "e2", status: "Deployed" })
      .asset({ assetId: "L-2", assignedTo: "e2", status: "Ready to Deploy" })
      .build();

    // Act
    const { items } = collectReviewItems(context);

    // Assess
    expect(items.map((i) => `${i.kind}:${i.subject.id}`)).toEqual(["device:L-1"]);
  });

  it("walks up past a departed manager, and falls back for people without a manager", () => {
    // Prepare
    const context = org()
      .account({ accountId: "a-e3", employeeId: "e3" })
      .account({ accountId: "a-c0", employeeId: "c0" })
      .build();

    // Act
    const { items, reviewers } = collectReviewItems(context, { fallbackReviewer: "compliance@acme.com" });

    // Assess
    expect(items.find((i) => i.subject.id === "a-e3")?.reviewerId).toBe("m1");
    expect(reviewers.get("m1")?.route).toBe("skip-level");
    expect(items.find((i) => i.subject.id === "a-c0")?.reviewerId).toBe("compliance@acme.com");
    expect(reviewers.get("compliance@acme.com")?.route).toBe("fallback");
  });

  it("passes over a manager whose address may not be mailed, as the digests do", () => {
    // Prepare
    const context = new Scenario()
      .person({ employeeId: "c0", email: "c0@acme.com" })
      .person({ employeeId: "m1", email: "m1@gmail.com", managerId: "c0" })
      .person({ employeeId: "e1", email: "e1@acme.com", managerId: "m1" })
      .account({ accountId: "a-e1", employeeId: "e1" })
      .build();

    // Act
    const { items } = collectReviewItems(context, { mayReceive: (address) => address.endsWith("@acme.com") });

    // Assess
    expect(items.map((i) => i.reviewerId)).toEqual(["c0"]);
  });

  it("survives a management chain that loops back to the person, and never makes them their own reviewer", () => {
    // Prepare: c0's manager m1 has left, and the roster names c0 as m1's manager
    const context = new Scenario()
      .person({ employeeId: "c0", email: "c0@acme.com", managerId: "m1" })
      .leaver({ employeeId: "m1", email: "m1@acme.com", managerId: "c0", terminationDate: "2025-05-01" })
      .account({ accountId: "a-c0", employeeId: "c0" })
      .build();

    // Act
    const { items } = collectReviewItems(context, { fallbackReviewer: "compliance@acme.com" });

    // Assess
    expect(items.map((i) => i.reviewerId)).toEqual(["compliance@acme.com"]);
  });

  it("reports items nobody can review as unassigned", () => {
    // Prepare
    const context = org().account({ accountId: "a-c0", employeeId: "c0" }).build();

    // Act
    const { items } = collectReviewItems(context, { fallbackReviewer: "c0" });

    // Assess
    expect(items.map((i) => i.reviewerId)).toEqual([UNASSIGNED_REVIEWER]);
  });

  it("reviews the accounts of a suspect source: it was read", () => {
    // Prepare
    const context = org()
      .updateSource("app", { status: "suspect" })
      .account({ accountId: "a-e1", employeeId: "e1" })
      .build();

    // Act
    const drawn = collectReviewItems(context);

    // Assess
    expect(drawn.items.map((i) => i.subject.id)).toEqual(["a-e1"]);
    expect(drawn.skippedSources).toEqual([]);
  });

  it("skips the accounts of a source the scan could not read, and names it", () => {
    // Prepare
    const context = org()
      .updateSource("app", { status: "failed" })
      .account({ accountId: "a-e1", employeeId: "e1" })
      .build();

    // Act
    const drawn = collectReviewItems(context);

    // Assess
    expect(drawn.items).toEqual([]);
    expect(drawn.skippedSources).toEqual(["app"]);
  });
});
