import { describe, expect, it } from "vitest";
import { isScheduledJob, orphanedResourceRule } from "../../../functions/core/rules/orphaned-resource.ts";
import { scenario } from "../../support/scenario.ts";

const MIA = { employeeId: "E1201", name: "Mia Sun", email: "mia.sun@acme.com" };

describe("orphaned-resource", () => {
  it("does not fire for resources of active people", () => {
    // Prepare
    const context = scenario()
      .person(MIA)
      .resource({
        resourceId: "nightly-billing-export",
        type: "cron job",
        ownerId: "E1201",
        schedule: "0 2 * * *",
      })
      .build();

    // Act
    const result = orphanedResourceRule.evaluate(context);

    // Assess
    expect(result).toEqual({ findings: [], notEvaluated: [] });
  });

  it("fires high for a scheduled job owned by an overdue leaver", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...MIA, terminationDate: "2025-06-01" })
      .resource({
        resourceId: "nightly-billing-export",
        type: "Scheduled Job",
        ownerId: "mia.sun@acme.com",
        schedule: "0 2 * * *",
      })
      .build();

    // Act
    const [finding, ...rest] = orphanedResourceRule.evaluate(context).findings;

    // Assess
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: "high",
      sourceId: "jobs",
      subject: { type: "resource", id: "nightly-billing-export" },
      personId: "E1201",
      title: "Scheduled job owned by departed person",
      evidence: {
        resourceId: "nightly-billing-export",
        type: "Scheduled Job",
        schedule: "0 2 * * *",
        scheduledJob: true,
        ownerId: "mia.sun@acme.com",
        matchedBy: "email",
        terminationDate: "2025-06-01",
        reassignDueAt: "2025-06-03T04:00:00.000Z",
      },
    });
  });

  it("fires medium for other resources", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...MIA, terminationDate: "2025-06-01" })
      .resource({ resourceId: "acme/payments-service", type: "repository", ownerId: "mia.sun" })
      .build();

    // Act
    const [finding] = orphanedResourceRule.evaluate(context).findings;

    // Assess
    expect(finding?.severity).toBe("medium");
    expect(finding?.title).toBe("Resource owned by departed person");
  });

  it("treats any resource with a schedule, or a job-like type, as a scheduled job", () => {
    // Act / Assess
    expect(isScheduledJob({ sourceId: "jobs", resourceId: "r", type: "dataset", schedule: "@daily" })).toBe(
      true,
    );
    expect(isScheduledJob({ sourceId: "jobs", resourceId: "r", type: "CRONTAB" })).toBe(true);
    expect(isScheduledJob({ sourceId: "jobs", resourceId: "r", type: "dataset", schedule: " " })).toBe(false);
    expect(isScheduledJob({ sourceId: "jobs", resourceId: "r" })).toBe(false);
  });

  it("ignores owners inside the disable window and failed sources", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...MIA, terminationDate: "2025-06-15" })
      .leaver({ employeeId: "E1202", email: "ned.ash@acme.com", terminationDate: "2025-05-01" })
      .resource({ resourceId: "drive-1", type: "shared drive", ownerId: "E1201" })
      .resource({ sourceId: "airflow", resourceId: "dag-1", type: "job", ownerId: "E1202" })
      .updateSource("airflow", { status: "failed" })
      .build();

    // Act / Assess
    expect(orphanedResourceRule.evaluate(context).findings).toEqual([]);
  });
});
