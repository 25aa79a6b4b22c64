/**
 * Evidence in words, from what each rule really writes: every case runs the rule on a scenario
 * (real correlation and person facts) and reads its finding. An exact list of lines also proves
 * that no key of the rule fell through to the generic labels.
 */
import { describe, expect, it } from "vitest";
import { dormantAccountRule } from "../../functions/core/rules/dormant-account.ts";
import { ghostAccountRule } from "../../functions/core/rules/ghost-account.ts";
import { lateDisableRule } from "../../functions/core/rules/late-disable.ts";
import { orphanAccountRule } from "../../functions/core/rules/orphan-account.ts";
import { orphanedResourceRule } from "../../functions/core/rules/orphaned-resource.ts";
import { overdueDeletionRule } from "../../functions/core/rules/overdue-deletion.ts";
import { ALL_RULES } from "../../functions/core/rules/registry.ts";
import { retainedAccessAfterRoleChangeRule } from "../../functions/core/rules/retained-access-after-role-change.ts";
import type { Rule } from "../../functions/core/rules/rule.ts";
import { staleCredentialRule } from "../../functions/core/rules/stale-credential.ts";
import { staleSourceRule } from "../../functions/core/rules/stale-source.ts";
import { systemWithoutAdminRule } from "../../functions/core/rules/system-without-admin.ts";
import { undocumentedOffboardingRule } from "../../functions/core/rules/undocumented-offboarding.ts";
import { unreturnedDeviceRule } from "../../functions/core/rules/unreturned-device.ts";
import { unusedLicenseRule } from "../../functions/core/rules/unused-license.ts";
import type { ScanContext } from "../../functions/core/scan-context.ts";
import {
  type EvidenceReader,
  evidenceLineText,
  evidenceSentences,
  hoursText,
} from "../../reports/evidence-sentences.ts";
import { at, scenario, ZONE } from "../support/scenario.ts";

const NEW_YORK: EvidenceReader = { timezone: ZONE, currency: "USD" };
const ALICE = { employeeId: "E1001", name: "Alice Ng", email: "alice.ng@acme.com" };

/** The rule's first finding on `context`, in words. */
function sentencesOf(rule: Rule, context: ScanContext, reader: EvidenceReader = NEW_YORK): string[] {
  const [finding] = rule.evaluate(context).findings;
  if (finding === undefined) throw new Error(`${rule.id} did not fire in this scenario`);
  return evidenceSentences({ ...finding, rule: rule.id }, reader).map(evidenceLineText);
}

describe("evidenceSentences, rule by rule", () => {
  it("ghost-account: how long overdue and since when, the last sign-in, the leaver, the account, the match", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2024-03-01" })
      .account({
        accountId: "00u1a2b3c4",
        username: "alice.ng@acme.com",
        email: "ALICE.NG@acme.io",
        privileged: true,
        lastLoginAt: at("2024-03-05T09:30:00-05:00"),
      })
      .build();

    // Act
    const lines = sentencesOf(ghostAccountRule, context);

    // Assess
    expect(lines).toEqual([
      "Overdue: 470 days; disable was due 3 Mar 2024, 00:00 EST",
      "Last sign-in: 5 Mar 2024, 09:30 EST, after they left",
      "Left: 1 Mar 2024 (last day)",
      "Account: alice.ng@acme.com, ALICE.NG@acme.io (admin rights)",
      "Matched by: email ALICE.NG@acme.io",
    ]);
  });

  it("late-disable: how late, when disabled, against which deadline", () => {
    // Prepare: last day 2025-06-01, deadline 2025-06-03 00:00 EDT, disabled five days later.
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-06-01" })
      .account({
        accountId: "00u1a2b3c4",
        email: ALICE.email,
        enabled: false,
        disabledAt: at("2025-06-08T10:00:00-04:00"),
      })
      .build();

    // Act
    const lines = sentencesOf(lateDisableRule, context);

    // Assess
    expect(lines).toEqual([
      "Disabled late: by 5 days; disabled 8 Jun 2025, 10:00 EDT, 6 days after they left",
      "Deadline: 3 Jun 2025, 00:00 EDT (24 hours after leaving)",
      "Left: 1 Jun 2025 (last day)",
      "Account: alice.ng@acme.com",
      "Matched by: email alice.ng@acme.com",
    ]);
  });

  it("overdue-deletion: days overdue, the deletion date and what it counts from", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-04-30" })
      .account({
        accountId: "00uC1",
        username: "alice",
        email: ALICE.email,
        enabled: false,
        disabledAt: at("2025-05-01T13:00:00Z"),
      })
      .build();

    // Act
    const lines = sentencesOf(overdueDeletionRule, context);

    // Assess
    expect(lines).toEqual([
      "Deletion overdue: 16 days; deletion was due 31 May 2025, 00:00 EDT, 30 days after the last day",
      "Disabled: 1 May 2025, 09:00 EDT",
      "Left: 30 Apr 2025 (last day)",
      "Account: alice, alice.ng@acme.com",
      "Matched by: email alice.ng@acme.com",
    ]);
  });

  it("unreturned-device: days past the return date, the device, to whom and since when", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-05-01" })
      .asset({
        assetId: "LAP-0042",
        serial: "C02XK1JHJG5J",
        type: "Laptop",
        assignedTo: "alice.ng@acme.com",
        assignedAt: at("2023-02-01T14:00:00Z"),
      })
      .build();

    // Act
    const lines = sentencesOf(unreturnedDeviceRule, context);

    // Assess
    expect(lines).toEqual([
      "Return overdue: 31 days; return was due 16 May 2025, 00:00 EDT, 14 days after the last day",
      "Device: Laptop, serial C02XK1JHJG5J, status deployed",
      "Assigned: to alice.ng@acme.com since 1 Feb 2023, 09:00 EST",
      "Left: 1 May 2025 (last day)",
      "Matched by: email alice.ng@acme.com",
    ]);
  });

  it("unused-license: the monthly cost in the org's currency, and why the seat is unused", () => {
    // Prepare
    const context = scenario()
      .updateSource("app", { format: "scim", monthlyCostPerSeat: 12.5 })
      .leaver({ ...ALICE, terminationDate: "2025-06-01" })
      .account({ accountId: "U01", email: ALICE.email, lastLoginAt: at("2025-05-30T20:00:00Z") })
      .build();

    // Act
    const lines = sentencesOf(unusedLicenseRule, context, { timezone: ZONE, currency: "EUR" });

    // Assess
    expect(lines).toEqual([
      "Cost: €12.50 a month (the system's price per seat)",
      "Unused: the holder has left",
      "Left: 1 Jun 2025 (last day)",
      "Last sign-in: 30 May 2025, 16:00 EDT",
      "Account: alice.ng@acme.com",
      "Matched by: email alice.ng@acme.com",
    ]);
  });

  it("unused-license of a dormant seat: days since the last sign-in against the limit", () => {
    // Prepare
    const context = scenario()
      .person(ALICE)
      .account({
        accountId: "U02",
        email: ALICE.email,
        monthlyCost: 30,
        createdAt: at("2023-01-09T15:00:00Z"),
        lastLoginAt: at("2025-01-06T15:00:00Z"),
      })
      .build();

    // Act
    const lines = sentencesOf(unusedLicenseRule, context);

    // Assess
    expect(lines).toEqual([
      "Cost: $30.00 a month (the account's own cost)",
      "Unused: no sign-in for 160 days (limit 90 days); last 6 Jan 2025, 10:00 EST",
      "Account: alice.ng@acme.com",
      "Matched by: email alice.ng@acme.com",
    ]);
  });

  it("dormant-account: never signed in, with the account's age", () => {
    // Prepare
    const context = scenario()
      .person(ALICE)
      .account({ accountId: "00uD1", username: "alice", createdAt: at("2025-01-02T15:00:00Z") })
      .identity("app", "00uD1", "E1001")
      .build();

    // Act
    const lines = sentencesOf(dormantAccountRule, context);

    // Assess
    expect(lines).toEqual([
      "Dormant: never signed in; created 2 Jan 2025, 10:00 EST, 164 days ago (limit 90 days)",
      "Account: alice",
      "Matched by: the identity map, to E1001",
    ]);
  });

  it("stale-credential: how long unused, each stale key with its last use in the org's zone", () => {
    // Prepare
    const context = scenario()
      .updateSource("app", { format: "aws-iam-credential-report" })
      .account({
        accountId: "ira.cole",
        username: "ira.cole",
        credentials: [
          {
            id: "AKIAIOSFODNN7EXAMPLE",
            active: true,
            createdAt: at("2023-04-03T10:12:00Z"),
            lastUsedAt: at("2025-01-15T09:00:00Z"),
          },
          { id: "AKIAI44QH8DHBEXAMPLE", active: true },
        ],
      })
      .build();

    // Act
    const lines = sentencesOf(staleCredentialRule, context);

    // Assess
    expect(lines).toEqual([
      "Unused: up to 152 days (limit 90 days)",
      "Credentials: AKIAIOSFODNN7EXAMPLE: last used 15 Jan 2025, 04:00 EST, AKIAI44QH8DHBEXAMPLE: never used, age unknown",
    ]);
  });

  it("orphan-account: why nothing matched, the names it carries, a suggested match, its dates", () => {
    // Prepare
    const context = scenario()
      .person(ALICE)
      .account({
        accountId: "00u8r",
        username: "contractor-temp",
        email: "temp@vendor.example",
        displayName: "Alice Ng",
        employeeId: "C-7731",
        privileged: true,
        createdAt: at("2024-01-10T15:00:00Z"),
      })
      .build();

    // Act
    const lines = sentencesOf(orphanAccountRule, context);

    // Assess
    expect(lines).toEqual([
      "Unmatched: its employee id C-7731 is not on the roster",
      "Account: Alice Ng, contractor-temp, temp@vendor.example (admin rights)",
      "Possible match: E1001, by display name (a suggestion, not correlated)",
      "Created: 10 Jan 2024, 10:00 EST",
      "Last sign-in: none recorded",
    ]);
  });

  it("orphaned-resource: the reassignment deadline, what the resource is, whose it was", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-06-01" })
      .resource({
        resourceId: "nightly-billing-export",
        type: "Scheduled Job",
        ownerId: "alice.ng@acme.com",
        schedule: "0 2 * * *",
      })
      .build();

    // Act
    const lines = sentencesOf(orphanedResourceRule, context);

    // Assess
    expect(lines).toEqual([
      "Reassignment was due: 3 Jun 2025, 00:00 EDT",
      "Resource: scheduled job, Scheduled Job, runs 0 2 * * *",
      "Left: 1 Jun 2025 (last day)",
      "Matched by: email alice.ng@acme.com",
    ]);
  });

  it("undocumented-offboarding: what is missing, the ticket, and each step with its date and person", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-05-30" })
      .offboardingRecord({
        employeeId: "E1001",
        ticketId: "IT-4711",
        requestedAt: at("2025-05-28T09:15:00-04:00"),
        requestedBy: "hr.bot",
        completedAt: at("2025-06-02T17:00:00-04:00"),
        completedBy: "it.ops",
      })
      .build();

    // Act
    const lines = sentencesOf(undocumentedOffboardingRule, context);

    // Assess
    expect(lines).toEqual([
      "Missing: approval",
      "Record: ticket IT-4711 in tickets",
      "Left: 30 May 2025 (last day)",
      "Requested: 28 May 2025, 09:15 EDT by hr.bot",
      "Completed: 2 Jun 2025, 17:00 EDT by it.ops",
    ]);
  });

  it("undocumented-offboarding without a record: where it was looked for", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-05-30" })
      .offboardingRecord({ employeeId: "E9002", ticketId: "IT-4712" })
      .build();

    // Act
    const lines = sentencesOf(undocumentedOffboardingRule, context);

    // Assess
    expect(lines).toEqual([
      "Missing: the offboarding record",
      "Record: none found in tickets",
      "Left: 30 May 2025 (last day)",
    ]);
  });

  it("system-without-admin: how many admin accounts, why none is usable, which ones", () => {
    // Prepare
    const context = scenario()
      .person({ employeeId: "E1101", email: "kai@acme.com" })
      .leaver({ ...ALICE, terminationDate: "2025-05-01" })
      .account({ accountId: "admin-kai", email: "kai@acme.com", privileged: true, enabled: false })
      .account({ accountId: "admin-alice", email: ALICE.email, privileged: true })
      .account({ accountId: "admin-shared", username: "itadmin", privileged: true })
      .build();

    // Act
    const lines = sentencesOf(systemWithoutAdminRule, context);

    // Assess
    expect(lines).toEqual([
      "Admin accounts: 3, none usable: 1 disabled, 1 held by someone who left, 1 held by no one on the roster",
      "Admins: admin-kai, admin-alice, admin-shared",
    ]);
  });

  it("stale-source: the data's age against the limit, and where the export time came from", () => {
    // Prepare
    const context = scenario()
      .updateSource("app", { exportedAt: at("2025-06-05T22:15:00Z"), exportedAtFrom: "file-mtime" })
      .build();

    // Act
    const lines = sentencesOf(staleSourceRule, context);

    // Assess
    expect(lines).toEqual([
      "Data age: 10 days (limit 7 days); exported 5 Jun 2025, 18:15 EDT, from the file's modification time",
    ]);
  });

  it("retained-access-after-role-change: the groups, the move, the end of the grace period", () => {
    // Prepare
    const context = scenario()
      .entitlement("finance-admins", ["Finance", "Internal Audit"])
      .person({
        ...ALICE,
        department: "Engineering",
        previousDepartment: "Finance",
        roleChangedAt: at("2025-05-01T13:00:00Z"),
      })
      .account({ accountId: "00uO1", email: ALICE.email, groups: ["everyone", "Finance-Admins"] })
      .build();

    // Act
    const lines = sentencesOf(retainedAccessAfterRoleChangeRule, context);

    // Assess
    expect(lines).toEqual([
      "Restricted groups: Finance-Admins",
      "Moved: from Finance to Engineering on 1 May 2025, 09:00 EDT",
      "Grace ended: 15 May 2025, 09:00 EDT (14 days after the move)",
      "Allowed for: finance-admins: Finance, Internal Audit",
      "Account: alice.ng@acme.com",
      "Matched by: email alice.ng@acme.com",
    ]);
  });

  it("marks who left, the item's names and the match as background, the proof not", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-06-01" })
      .account({ accountId: "00u1", email: ALICE.email })
      .build();
    const [finding] = ghostAccountRule.evaluate(context).findings;
    if (finding === undefined) throw new Error("ghost-account did not fire");

    // Act
    const lines = evidenceSentences({ ...finding, rule: ghostAccountRule.id }, NEW_YORK);

    // Assess
    expect(lines.map((line) => [line.label, line.background === true])).toEqual([
      ["Overdue", false],
      ["Last sign-in", false],
      ["Left", true],
      ["Account", true],
      ["Matched by", true],
    ]);
  });

  it("has a case above for every rule in the registry", () => {
    // A new rule needs its sentences and a case here; until then its keys fall back to generic labels.
    const covered = [
      ghostAccountRule,
      lateDisableRule,
      overdueDeletionRule,
      unreturnedDeviceRule,
      unusedLicenseRule,
      dormantAccountRule,
      staleCredentialRule,
      orphanAccountRule,
      orphanedResourceRule,
      undocumentedOffboardingRule,
      systemWithoutAdminRule,
      staleSourceRule,
      retainedAccessAfterRoleChangeRule,
    ].map((rule) => rule.id);
    expect(covered.sort()).toEqual(ALL_RULES.map((rule) => rule.id).sort());
  });
});

describe("evidenceSentences, keys it does not know", () => {
  it("labels them from their names and still reads instants, dates, numbers and lists", () => {
    // Act
    const lines = evidenceSentences(
      {
        rule: "ghost-account",
        subject: { id: "00u1" },
        evidence: {
          hoursOverdue: 30,
          reviewedAt: "2025-08-02T04:00:00.000Z",
          contract_end: "2025-07-31",
          seatCount: 12_000,
          shared: true,
          archived: false,
          notes: null,
          tags: ["a", "b", "c", "d", "e", "f", "g"],
        },
      },
      NEW_YORK,
    ).map(evidenceLineText);

    // Assess
    expect(lines).toEqual([
      "Overdue: 30 hours",
      "Last sign-in: none recorded",
      "Reviewed at: 2 Aug 2025, 00:00 EDT",
      "Contract end: 31 Jul 2025",
      "Seat count: 12,000",
      "Shared: yes",
      "Tags: a, b, c, d, e and 2 more",
    ]);
  });

  it("reads every key of a rule it does not know", () => {
    // Act
    const lines = evidenceSentences(
      { rule: "future-rule", subject: { id: "x" }, evidence: { daysOverdue: 3, owner: "ops" } },
      NEW_YORK,
    ).map(evidenceLineText);

    // Assess
    expect(lines).toEqual(["Days overdue: 3", "Owner: ops"]);
  });

  it("takes a value it has no words for as it is, even one named like an object's property", () => {
    // Act
    const lines = evidenceSentences(
      {
        rule: "unused-license",
        subject: { id: "U1" },
        evidence: { monthlyCost: 8, costFrom: "constructor", matchedBy: "toString", matchedOn: "U1" },
      },
      NEW_YORK,
    ).map(evidenceLineText);

    // Assess
    expect(lines).toEqual(["Cost: $8.00 a month", "Matched by: toString U1"]);
  });

  it("uses the org's zone, daylight saving included", () => {
    // Act
    const text = (timezone: string) =>
      evidenceSentences(
        { rule: "x", subject: { id: "x" }, evidence: { dueAt: "2025-01-15T12:00:00.000Z" } },
        { timezone },
      ).map(evidenceLineText);

    // Assess
    expect(text("America/New_York")).toEqual(["Due at: 15 Jan 2025, 07:00 EST"]);
    expect(text("UTC")).toEqual(["Due at: 15 Jan 2025, 12:00 UTC"]);
    expect(text("Asia/Kolkata")).toEqual(["Due at: 15 Jan 2025, 17:30 GMT+5:30"]);
  });
});

describe("hoursText", () => {
  it.each([
    [1, "1 hour"],
    [47, "47 hours"],
    [48, "2 days"],
    [11_807, "492 days"],
  ])("%i hours read as %s", (hours, text) => {
    expect(hoursText(hours)).toBe(text);
  });
});
