import { describe, expect, it } from "vitest";
import { undocumentedOffboardingRule } from "../../../functions/core/rules/undocumented-offboarding.ts";
import { at, scenario } from "../../support/scenario.ts";

const JO = { employeeId: "E9001", name: "Jo Park", email: "jo.park@acme.com", terminationDate: "2025-05-30" };

const completeTicket = {
  employeeId: "E9001",
  ticketId: "IT-4711",
  requestedAt: at("2025-05-23T14:00:00Z"),
  requestedBy: "E0100",
  approvedBy: "E0100",
  approvedAt: at("2025-05-23T16:00:00Z"),
  completedAt: at("2025-05-30T21:00:00Z"),
  completedBy: "it-ops",
};

describe("undocumented-offboarding", () => {
  it("does not fire when the leaver has an approved, completed record", () => {
    // Prepare
    const context = scenario().leaver(JO).offboardingRecord(completeTicket).build();

    // Act
    const result = undocumentedOffboardingRule.evaluate(context);

    // Assess
    expect(result).toEqual({ findings: [], notEvaluated: [] });
  });

  it("fires medium, on the person, when an overdue leaver has no record", () => {
    // Prepare: someone else's ticket exists, so the source is there.
    const context = scenario()
      .leaver(JO)
      .offboardingRecord({ ...completeTicket, employeeId: "E9002", ticketId: "IT-4712" })
      .build();

    // Act
    const [finding, ...rest] = undocumentedOffboardingRule.evaluate(context).findings;

    // Assess
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: "medium",
      sourceId: "hr",
      subject: { type: "person", id: "E9001" },
      personId: "E9001",
      title: "No offboarding record for departed person",
      evidence: {
        employeeId: "E9001",
        terminationDate: "2025-05-30",
        terminationInstant: "2025-05-31T04:00:00.000Z",
        missing: ["record"],
        recordsFound: 0,
        ticketId: null,
        offboardingSources: ["tickets"],
      },
      dependsOn: ["tickets"],
    });
  });

  it("fires when the record lacks approval or completion, naming what is missing", () => {
    // Prepare
    const { approvedBy: _approval, completedBy: _completion, ...incomplete } = completeTicket;
    const context = scenario().leaver(JO).offboardingRecord(incomplete).build();

    // Act
    const [finding] = undocumentedOffboardingRule.evaluate(context).findings;

    // Assess
    expect(finding?.title).toBe("Offboarding record lacks approval and completion");
    expect(finding?.evidence).toMatchObject({
      missing: ["approvedBy", "completedBy"],
      ticketId: "IT-4711",
      recordSourceId: "tickets",
      approvedBy: null,
      completedAt: "2025-05-30T21:00:00.000Z",
    });
  });

  it("uses the most complete of several records", () => {
    // Prepare
    const { completedAt: _done, ...open } = completeTicket;
    const context = scenario()
      .leaver(JO)
      .offboardingRecord({ ...open, ticketId: "IT-4700" })
      .offboardingRecord(completeTicket)
      .build();

    // Act / Assess
    expect(undocumentedOffboardingRule.evaluate(context).findings).toEqual([]);
  });

  it("ignores leavers inside the disable window and departures older than lookbackDays", () => {
    // Prepare
    const context = scenario({ policy: { lookbackDays: 30 } })
      .leaver({ ...JO, terminationDate: "2025-06-15" })
      .leaver({ employeeId: "E9003", email: "kim.ho@acme.com", terminationDate: "2025-04-30" })
      .offboardingRecord({ ...completeTicket, employeeId: "E0000" })
      .build();

    // Act / Assess
    expect(undocumentedOffboardingRule.evaluate(context).findings).toEqual([]);
  });

  it("reports not evaluated when no offboarding-records source is configured", () => {
    // Prepare
    const context = scenario().leaver(JO).build();

    // Act
    const result = undocumentedOffboardingRule.evaluate(context);

    // Assess
    expect(result.findings).toEqual([]);
    expect(result.notEvaluated).toEqual([
      {
        sourceId: "hr",
        reason: "no offboarding-records source is configured: offboarding documentation cannot be checked",
      },
    ]);
  });

  it("reports not evaluated, and does not guess, when an offboarding-records source failed", () => {
    // Prepare
    const context = scenario()
      .leaver(JO)
      .offboardingRecord({ ...completeTicket, employeeId: "E0000" })
      .source({ id: "servicenow-offboarding", kind: "offboarding-records", status: "failed" })
      .build();

    // Act
    const result = undocumentedOffboardingRule.evaluate(context);

    // Assess
    expect(result.findings).toEqual([]);
    expect(result.notEvaluated).toEqual([
      {
        sourceId: "servicenow-offboarding",
        reason: "offboarding-records source failed: offboarding documentation cannot be checked",
      },
    ]);
  });
});
