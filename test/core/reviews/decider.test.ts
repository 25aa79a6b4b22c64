import { describe, expect, it } from "vitest";
import {
  type DeciderCandidate,
  decidersOf,
  decisionRefusal,
  escalationTargetOf,
  type PacketRouting,
  resolveDecider,
} from "../../../functions/core/reviews/decider.ts";
import type { ReviewItem } from "../../../functions/core/reviews/types.ts";

const DOMAINS = ["acme.com", "acme.io"];
const people: DeciderCandidate[] = [
  { employeeId: "100133", name: "Maria Manager", email: "maria@acme.com" },
  { employeeId: "100232", name: "Dennis Price", email: "dennis.price@acme.com" },
  { employeeId: "100150", name: "Other Manager", email: "other@acme.com" },
  { employeeId: "200001", name: "Sam Lee", email: "sam.lee@acme.com" },
  { employeeId: "200002", name: "Sam Lee", email: "sam.lee2@acme.com" },
  {
    employeeId: "100099",
    name: "Gone Boss",
    email: "gone@acme.com",
    leftAt: Date.parse("2026-11-20T05:00:00Z"),
  },
];

function item(personId: string, reviewerId: string): ReviewItem {
  return {
    itemId: `account:${personId}`,
    kind: "account",
    subject: { type: "account", sourceId: "okta", id: `${personId}-okta` },
    person: { employeeId: personId, email: `${personId}@acme.com` },
    reviewerId,
  };
}

const AT = Date.parse("2026-11-27T10:00:00Z");

describe("resolveDecider", () => {
  it("takes an employee id, a work email in any case and any org domain, and a unique exact name", () => {
    // Act
    const found = ["100232", "DENNIS.PRICE@acme.com", "dennis.price@acme.io", " Dennis Price "].map(
      (by) => resolveDecider(by, people, DOMAINS).found?.employeeId,
    );

    // Assess
    expect(found).toEqual(["100232", "100232", "100232", "100232"]);
  });

  it("resolves to no one for a login, another organisation's address, a shared name or a name in another case", () => {
    // Act
    const lookups = ["dprice", "dennis.price@other.com", "Sam Lee", "dennis price", ""].map((by) =>
      resolveDecider(by, people, DOMAINS),
    );

    // Assess
    expect(lookups.map((l) => (l.found === undefined ? l.why : l.found.employeeId))).toEqual([
      "no-one",
      "no-one",
      "ambiguous-name",
      "no-one",
      "no-one",
    ]);
  });
});

describe("decisionRefusal", () => {
  const packet: PacketRouting = { reviewerId: "100133", escalation: { reviewerId: "100150" } };

  it("lets the item's reviewer decide, and no one else before an escalation", () => {
    // Act
    const own = decisionRefusal(item("100232", "100133"), packet, { id: "100133" }, AT);
    const other = decisionRefusal(item("100232", "100133"), packet, { id: "100150" }, AT);

    // Assess
    expect([own, other]).toEqual([undefined, "not-reviewer"]);
  });

  it("refuses the person whose access it is, by id or by the address a team reviewer shares with them", () => {
    // Act
    const byId = decisionRefusal(item("100232", "100133"), packet, { id: "100232" }, AT);
    const byAddress = decisionRefusal(
      item("100232", "100133"),
      packet,
      { id: "team@acme.com", email: "100232@acme.com" },
      AT,
    );

    // Assess
    expect([byId, byAddress]).toEqual(["self-review", "self-review"]);
  });

  it("refuses a reviewer who had left by the decision's instant, not one who leaves later", () => {
    // Act
    const left = decisionRefusal(
      item("100232", "100099"),
      { reviewerId: "100099" },
      { id: "100099", leftAt: AT - 1 },
      AT,
    );
    const leaving = decisionRefusal(
      item("100232", "100099"),
      { reviewerId: "100099" },
      { id: "100099", leftAt: AT + 1 },
      AT,
    );

    // Assess
    expect([left, leaving]).toEqual(["departed", undefined]);
  });

  it("lets the escalation target decide from the escalation on, and the reviewer still", () => {
    // Prepare
    const escalated: PacketRouting = { ...packet, escalatedAt: AT - 1000 };

    // Act
    const before = decisionRefusal(
      item("100232", "100133"),
      { ...packet, escalatedAt: AT + 1 },
      { id: "100150" },
      AT,
    );
    const after = decisionRefusal(item("100232", "100133"), escalated, { id: "100150" }, AT);

    // Assess
    expect([before, after]).toEqual(["not-reviewer", undefined]);
    expect(decidersOf(escalated, item("100232", "100133"), AT)).toEqual(["100133", "100150"]);
  });
});

describe("escalationTargetOf", () => {
  it("sends the escalation target's own access to the alternate, and leaves it when there is none", () => {
    // Prepare: the fallback reviewer f reports to the CEO c0, whose items it reviews
    const withAlternate: PacketRouting = {
      reviewerId: "f",
      escalation: { reviewerId: "c0" },
      escalationAlternate: { reviewerId: "compliance@acme.com", email: "compliance@acme.com" },
    };
    const without: PacketRouting = { reviewerId: "f", escalation: { reviewerId: "c0" } };

    // Act
    const targets = [
      escalationTargetOf(withAlternate, item("c0", "f"))?.reviewerId,
      escalationTargetOf(withAlternate, item("e9", "f"))?.reviewerId,
      escalationTargetOf(without, item("c0", "f"))?.reviewerId,
    ];

    // Assess
    expect(targets).toEqual(["compliance@acme.com", "c0", undefined]);
  });
});
