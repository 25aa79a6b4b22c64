import { describe, expect, it } from "vitest";
import { collectReviewItems } from "../../../functions/core/reviews/review-items.ts";
import { escalationGroups } from "../../../functions/reviews/steps/check-campaign.ts";
import { Scenario } from "../../support/scenario.ts";

/** The CEO c0 has no manager; f0 reports to c0 and is the fallback reviewer; m1 and m2 manage each other. */
function org(): Scenario {
  return new Scenario()
    .person({ employeeId: "c0", name: "Cleo CEO", email: "c0@acme.com" })
    .person({ employeeId: "f0", name: "Fay Fallback", email: "f0@acme.com", managerId: "c0" })
    .person({ employeeId: "m1", name: "Mia", email: "m1@acme.com", managerId: "m2" })
    .person({ employeeId: "m2", name: "Max", email: "m2@acme.com", managerId: "m1" })
    .person({ employeeId: "e1", name: "Eve", email: "e1@acme.com", managerId: "f0" })
    .account({ accountId: "a-c0", employeeId: "c0" })
    .account({ accountId: "a-m1", employeeId: "m1" })
    .account({ accountId: "a-e1", employeeId: "e1" });
}

describe("escalation never hands anyone their own access", () => {
  it("leaves the CEO's items unescalated when the fallback reporting to the CEO reviews them and no one else can", () => {
    // Prepare
    const drawn = collectReviewItems(org().build(), { fallbackReviewer: "f0" });
    const target = drawn.resolver.escalationFor("f0");

    // Act
    const alternate = target === undefined ? undefined : drawn.resolver.escalationAlternateFor("f0", target);
    const { byTarget, unescalated } = escalationGroups(
      { reviewerId: "f0", ...(target ? { escalation: target } : {}) },
      drawn.items.filter((i) => i.reviewerId === "f0"),
    );

    // Assess: f0 reviews c0 (fallback) and e1 (manager); c0 takes e1's item, not their own
    expect(target?.reviewerId).toBe("c0");
    expect(alternate).toBeUndefined();
    expect(byTarget.map((g) => [g.target.reviewerId, g.items.map((i) => i.person.employeeId)])).toEqual([
      ["c0", ["e1"]],
    ]);
    expect(unescalated).toBe(1);
  });

  it("sends the target's own items to the fallback reviewer when the chain has no one else", () => {
    // Prepare: m2 reviews m1, and m2's manager is m1 (a loop)
    const drawn = collectReviewItems(org().build(), { fallbackReviewer: "compliance@acme.com" });
    const target = drawn.resolver.escalationFor("m2");

    // Act
    const alternate = target === undefined ? undefined : drawn.resolver.escalationAlternateFor("m2", target);
    const { byTarget, unescalated } = escalationGroups(
      {
        reviewerId: "m2",
        ...(target ? { escalation: target } : {}),
        ...(alternate ? { escalationAlternate: alternate } : {}),
      },
      drawn.items.filter((i) => i.reviewerId === "m2"),
    );

    // Assess
    expect(target?.reviewerId).toBe("m1");
    expect(byTarget.map((g) => [g.target.reviewerId, g.items.map((i) => i.person.employeeId)])).toEqual([
      ["compliance@acme.com", ["m1"]],
    ]);
    expect(unescalated).toBe(0);
  });
});
