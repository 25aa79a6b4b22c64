import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DeploySettingsError, deploySettingsFromContext } from "../../infra/deploy-settings.ts";

function contextOf(values: Record<string, unknown>): (key: string) => unknown {
  return (key) => values[key];
}

describe("deploySettingsFromContext", () => {
  it("takes the access-review schedule from context, or from the org config's reviews.schedule", () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), "deprov-deploy-settings-"));
    const config = join(dir, "deprov.config.json");
    writeFileSync(
      config,
      JSON.stringify({
        organization: "Acme",
        sources: [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }],
        reviews: { schedule: "cron(0 9 1 1,7 ? *)" },
      }),
    );

    // Act
    const fromContext = deploySettingsFromContext(contextOf({ reviewSchedule: "cron(0 8 2 1 ? *)", config }));
    const fromConfig = deploySettingsFromContext(contextOf({ config }));
    const bad = () => deploySettingsFromContext(contextOf({ reviewSchedule: "yearly" }));

    // Assess
    expect(fromContext.reviewScheduleExpression).toBe("cron(0 8 2 1 ? *)");
    expect(fromConfig.reviewScheduleExpression).toBe("cron(0 9 1 1,7 ? *)");
    expect(bad).toThrow(/context "reviewSchedule" is "yearly"/);
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads every setting from context", () => {
    // Act
    const settings = deploySettingsFromContext(
      contextOf({
        senderDomain: "acme.com",
        mailFrom: "audit@acme.com",
        reportTo: "compliance@acme.com, security@acme.io",
        scheduleExpression: "cron(30 1 ? * MON-FRI *)",
        timezone: "Europe/Berlin",
        alarmEmail: "oncall@acme.com",
        logLevel: "debug",
        snapshotRetentionDays: "14",
        auditRetentionDays: 2555,
      }),
    );

    // Assess
    expect(settings).toEqual({
      senderDomain: "acme.com",
      mailFrom: "audit@acme.com",
      reportTo: ["compliance@acme.com", "security@acme.io"],
      scheduleExpression: "cron(30 1 ? * MON-FRI *)",
      timezone: "Europe/Berlin",
      alarmEmail: "oncall@acme.com",
      logLevel: "DEBUG",
      snapshotRetentionDays: 14,
      auditRetentionDays: 2555,
      warnings: [],
    });
  });

  it("defaults the sender to deprov@<domain>, 02:00 New York time and INFO logs", () => {
    // Act
    const settings = deploySettingsFromContext(
      contextOf({ senderDomain: "acme.com", reportTo: "c@acme.com" }),
    );

    // Assess
    expect(settings).toMatchObject({
      mailFrom: "deprov@acme.com",
      scheduleExpression: "cron(0 2 * * ? *)",
      timezone: "America/New_York",
      logLevel: "INFO",
      alarmEmail: undefined,
      snapshotRetentionDays: 35,
      auditRetentionDays: 365,
      warnings: [],
    });
  });

  it.each([
    ["snapshotRetentionDays", "0"],
    ["snapshotRetentionDays", "thirty"],
    ["auditRetentionDays", 1.5],
    ["auditRetentionDays", -1],
  ])("refuses %s = %j, naming the key", (key, value) => {
    // Act + Assess
    expect(() => deploySettingsFromContext(contextOf({ senderDomain: "acme.com", [key]: value }))).toThrow(
      new DeploySettingsError(key, value, "a whole number of days, at least 1"),
    );
  });

  it("accepts reportTo as an array (cdk.json)", () => {
    // Act
    const settings = deploySettingsFromContext(
      contextOf({ senderDomain: "acme.com", reportTo: ["a@acme.com", "b@acme.com"] }),
    );

    // Assess
    expect(settings.reportTo).toEqual(["a@acme.com", "b@acme.com"]);
  });

  it("falls back to placeholders with warnings so that a fresh clone can synth", () => {
    // Act
    const settings = deploySettingsFromContext(contextOf({}));

    // Assess
    expect(settings.senderDomain).toBe("example.com");
    expect(settings.reportTo).toEqual(["compliance@example.com"]);
    expect(settings.warnings).toHaveLength(2);
    expect(settings.warnings[0]).toContain("-c senderDomain=");
    expect(settings.warnings[1]).toContain("-c reportTo=");
  });

  it.each([
    [
      { senderDomain: "not a domain" },
      /context "senderDomain" is "not a domain"; expected a DNS domain name/,
    ],
    [
      { senderDomain: "acme.com", mailFrom: "deprov@other.com" },
      /"mailFrom".*on the sender domain acme\.com/,
    ],
    [
      { senderDomain: "acme.com", reportTo: "compliance@acme.com,oops" },
      /"reportTo" is "oops"; expected an email/,
    ],
    [{ scheduleExpression: "0 2 * * *" }, /"scheduleExpression" is "0 2 \* \* \*"; expected an EventBridge/],
    [{ timezone: "Eastern" }, /"timezone" is "Eastern"; expected an IANA time zone/],
    [{ timezone: "America/Nowhere" }, /"timezone" is "America\/Nowhere"/],
    [{ alarmEmail: "oncall" }, /"alarmEmail" is "oncall"; expected an email address/],
    [{ logLevel: "verbose" }, /"logLevel" is "VERBOSE"; expected one of DEBUG, INFO, WARN, ERROR/],
    [{ senderDomain: 42 }, /"senderDomain" is 42; expected a string/],
  ])("rejects %o naming the key and what was expected", (context, message) => {
    // Act
    const read = () => deploySettingsFromContext(contextOf(context));

    // Assess
    expect(read).toThrow(DeploySettingsError);
    expect(read).toThrow(message);
  });
});
