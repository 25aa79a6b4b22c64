/**
 * Which manager digests changed since the last scan (SPEC §6): a manager gets one again only when
 * something changed for their leavers that the digest shows.
 */
import { describe, expect, it } from "vitest";
import type { ResolvedFinding, ScanResult } from "../../functions/scan/contract/scan-result.ts";
import { changedFor, digestChangesOf } from "../../functions/scan/manager-digests.ts";
import {
  type DigestRoutingOptions,
  routeManagerDigests,
} from "../../reports/email/manager-digest-routing.ts";
import { KIM_LATE, managedOrg } from "../reports/email/digest-fixtures.ts";
import { makeHistory } from "../reports/fixtures.ts";

const ROUTING: DigestRoutingOptions = {
  minSeverity: "medium",
  mayReceive: (address) => address.endsWith("@acme.com"),
  fallbackRecipients: [],
};
/** Omar's digest: Kim, who left a phone behind (and an account disabled late, which it leaves out). */
const OMAR = "M0200";

function resolvedOf(
  personId: string,
  rule: string,
  severity: string,
  subject: { type: string; id: string },
): ResolvedFinding {
  return {
    id: `${rule}:${subject.id}`,
    rule,
    severity,
    sourceId: "okta",
    subject,
    personId,
    firstSeenAt: "2024-05-20T06:00:00.000Z",
    resolvedAt: "2024-06-01T06:00:00.000Z",
  };
}

/** Whether Omar's digest counts as changed in a scan that resolved `resolved` and found nothing new. */
function omarChanged(resolved: ResolvedFinding[]): boolean {
  const result: ScanResult = managedOrg({ history: makeHistory({ newFindingIds: [], resolved }) });
  const group = routeManagerDigests(result, ROUTING).groups.find((g) => g.managerId === OMAR);
  if (group === undefined) throw new Error("the fixture routes no digest to Omar");
  return changedFor(group, digestChangesOf(result, ROUTING.minSeverity));
}

describe("changedFor", () => {
  it("does not count a resolved finding the digest never shows (late-disable: nothing left to do)", () => {
    // Act
    const changed = omarChanged([resolvedOf("E1003", KIM_LATE.rule, "medium", KIM_LATE.subject)]);

    // Assess
    expect(changed).toBe(false);
  });

  it("does not count a resolved finding below the digests' minimum severity", () => {
    // Act
    const changed = omarChanged([
      resolvedOf("E1003", "unused-license", "low", { type: "account", id: "W1" }),
    ]);

    // Assess
    expect(changed).toBe(false);
  });

  it("counts a resolved finding of a kind the digest shows", () => {
    // Act
    const changed = omarChanged([
      resolvedOf("E1003", "unreturned-device", "high", { type: "asset", id: "PHONE-00999" }),
    ]);

    // Assess
    expect(changed).toBe(true);
  });

  it("counts nothing for a night that resolved nothing and found nothing new", () => {
    // Act
    const changed = omarChanged([]);

    // Assess
    expect(changed).toBe(false);
  });
});
