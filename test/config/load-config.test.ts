import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../functions/config/config-error.ts";
import { configJsonSchemaText } from "../../functions/config/json-schema.ts";
import { loadConfig, parseConfigText } from "../../functions/config/load-config.ts";

const minimal = {
  organization: "Acme Corp",
  sources: [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }],
};

function issuesOf(config: unknown): string[] {
  try {
    parseConfigText(JSON.stringify(config), "/etc/deprov.config.json");
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("fills every policy default of SPEC §2", () => {
    // Act
    const config = parseConfigText(JSON.stringify(minimal), "/etc/deprov.config.json");
    // Assess
    expect(config.policy).toEqual({
      disableWithinHours: 24,
      deleteAfterDays: 30,
      deviceReturnDays: 14,
      dormantAfterDays: 90,
      credentialMaxIdleDays: 90,
      roleChangeGraceDays: 14,
      lookbackDays: 365,
      maxSourceAgeDays: 7,
      maxRosterShrinkPercent: 20,
      maxSourceShrinkPercent: 20,
      maxRejectedPercent: 5,
    });
    expect(config.baseDir).toBe("/etc");
    expect(config.timezone).toBe("UTC");
  });

  it("rejects unknown keys with their JSON path, so a typo cannot disable a rule", () => {
    const issues = issuesOf({ ...minimal, policy: { disableWithinHour: 24 } });
    expect(issues).toEqual([expect.stringMatching(/^\$\.policy: unknown key "disableWithinHour"/)]);
  });

  it("rejects a `columns` key that is no field of the source's kind, with its path and the field it likely meant", () => {
    const issues = issuesOf({
      organization: "Acme Corp",
      sources: [
        {
          id: "hr",
          kind: "roster",
          format: "csv",
          path: "hr.csv",
          columns: { employeId: "Employee #", favouriteColour: "Colour", terminationDate: "Last Day" },
        },
      ],
    });
    expect(issues).toEqual([
      expect.stringMatching(
        /^\$\.sources\[0\]\.columns\.employeId: "employeId" is not a field of roster records \(did you mean "employeeId"\?\); expected one of employeeId, email, /,
      ),
      expect.stringMatching(
        /^\$\.sources\[0\]\.columns\.favouriteColour: "favouriteColour" is not a field of roster records; expected one of /,
      ),
    ]);
  });

  it("names the path and the expectation for a wrong type", () => {
    const issues = issuesOf({ ...minimal, policy: { deleteAfterDays: "30" } });
    expect(issues).toEqual(["$.policy.deleteAfterDays: expected number, received string"]);
  });

  it("reports every problem at once: format/kind mismatch, bad zone, duplicate ids, missing roster", () => {
    const issues = issuesOf({
      organization: "Acme",
      timezone: "Mars/Olympus",
      sources: [
        { id: "a", kind: "roster", format: "okta", path: "x.json" },
        { id: "b", kind: "accounts", format: "okta", path: "y.json" },
        { id: "b", kind: "accounts", format: "scim", path: "z.json" },
      ],
    });
    expect(issues).toEqual([`$.sources[0].kind: format "okta" carries accounts, not "roster"`]);
    const second = issuesOf({
      organization: "Acme",
      timezone: "Mars/Olympus",
      sources: [
        { id: "b", kind: "accounts", format: "okta", path: "y.json" },
        { id: "b", kind: "accounts", format: "scim", path: "z.json" },
      ],
      serviceAccounts: [{ source: "nope", pattern: "(" }],
    });
    expect(second).toEqual([
      expect.stringMatching(/^\$\.timezone: expected an IANA time zone/),
      '$.sources[1].id: duplicate source id "b" (first at $.sources[0])',
      '$.sources: expected exactly one source of kind "roster", found 0',
      '$.serviceAccounts[0].source: expected a configured source id, got "nope"',
      expect.stringMatching(/^\$\.serviceAccounts\[0\]\.pattern: expected a regular expression/),
    ]);
  });

  it("requires a path or a url, and refuses a literal secret", () => {
    expect(issuesOf({ ...minimal, sources: [{ id: "hr", kind: "roster", format: "csv" }] })).toEqual([
      '$.sources[0].path: expected "path" (an export file) or the live API keys ("url" and "credential", or "aws")',
    ]);
    const secret = issuesOf({
      ...minimal,
      sources: [
        ...minimal.sources,
        {
          id: "okta",
          kind: "accounts",
          format: "okta",
          url: "https://acme.okta.com/api/v1/users",
          credential: { token: "00abc" },
        },
      ],
    });
    expect(secret.join("\n")).toMatch(/\$\.sources\[1\]\.credential/);
  });

  it("shows money in US dollars unless report.currency names an ISO 4217 code", () => {
    // Prepare
    const report = { from: "deprov@acme.com", to: ["compliance@acme.com"] };

    // Act
    const dollars = parseConfigText(JSON.stringify({ ...minimal, report }), "/etc/deprov.config.json");
    const euros = parseConfigText(
      JSON.stringify({ ...minimal, report: { ...report, currency: "EUR" } }),
      "/etc/deprov.config.json",
    );

    // Assess
    expect(dollars.report?.currency).toBe("USD");
    expect(euros.report?.currency).toBe("EUR");
    expect(issuesOf({ ...minimal, report: { ...report, currency: "eur" } })).toEqual([
      "$.report.currency: an ISO 4217 currency code such as USD or EUR",
    ]);
    expect(issuesOf({ ...minimal, report: { ...report, currency: "ZZZ" } })).toEqual([
      "$.report.currency: an ISO 4217 currency code such as USD or EUR (not one this runtime knows)",
    ]);
  });

  it("takes a csv source's delimiter and headerRow and a csv or json source's dateOrder, and refuses them elsewhere", () => {
    // Prepare
    const hr = { id: "hr", kind: "roster", format: "csv", path: "hr.csv", delimiter: ";", dateOrder: "DMY" };
    const okta = { id: "okta", kind: "accounts", format: "okta", path: "okta.json" };

    // Act
    const config = parseConfigText(JSON.stringify({ ...minimal, sources: [hr] }), "/etc/deprov.config.json");
    const misplaced = issuesOf({
      ...minimal,
      sources: [hr, { ...okta, delimiter: "\t", headerRow: 3, dateOrder: "MDY", sheet: "Users" }],
    });

    // Assess
    expect(config.sources[0]).toMatchObject({ delimiter: ";", dateOrder: "DMY" });
    expect(misplaced).toEqual([
      '$.sources[1].delimiter: delimiter is for csv sources; format "okta" has its own',
      '$.sources[1].headerRow: headerRow is for csv sources; format "okta" has no title lines',
      "$.sources[1].sheet: sheet names a workbook's sheet, which csv sources read; format \"okta\" reads its system's own export",
      '$.sources[1].dateOrder: dateOrder is for csv and json sources; format "okta" writes its dates as its system does',
    ]);
    expect(issuesOf({ ...minimal, sources: [{ ...hr, delimiter: ":", dateOrder: "DD.MM.YYYY" }] })).toEqual([
      expect.stringMatching(/^\$\.sources\[0\]\.delimiter: /),
      expect.stringMatching(/^\$\.sources\[0\]\.dateOrder: /),
    ]);
  });

  it("takes enabledValues and privilegedValues on csv and json accounts sources only", () => {
    // Prepare
    const slack = {
      id: "slack",
      kind: "accounts",
      format: "csv",
      path: "members.csv",
      enabledValues: { Deactivated: false, Member: true },
      privilegedValues: { Admin: true },
    };

    // Act
    const issues = issuesOf({
      ...minimal,
      sources: [
        { ...minimal.sources[0], enabledValues: { Active: true } },
        slack,
        {
          id: "okta",
          kind: "accounts",
          format: "okta",
          path: "okta.json",
          privilegedValues: { Admin: true },
        },
      ],
    });

    // Assess
    expect(issues).toEqual([
      "$.sources[0].enabledValues: enabledValues maps the words of a csv or json accounts export; this source is csv roster",
      "$.sources[2].privilegedValues: privilegedValues maps the words of a csv or json accounts export; this source is okta accounts",
    ]);
  });

  it.each([
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ACCESS_KEY_ID",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
  ])("refuses a credential reference to the runtime's own variable %s", (name) => {
    // Act
    const issues = issuesOf({
      ...minimal,
      tasks: { sink: "webhook", url: "https://hooks.acme.com/deprov", secret: { env: name } },
    });

    // Assess
    expect(issues).toEqual([
      "$.tasks.secret.env: a variable of your own: AWS_*, LAMBDA_* and _* are the runtime's (its credentials among them)",
    ]);
  });

  it("accepts a credential reference to a variable of the operator's own", () => {
    // Act
    const issues = issuesOf({
      ...minimal,
      tasks: {
        sink: "webhook",
        url: "https://hooks.acme.com/deprov",
        secret: { env: "DEPROV_WEBHOOK_SECRET" },
      },
    });

    // Assess
    expect(issues).toEqual([]);
  });

  it.each([
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:deprov/okta-api-token-AbCdEf",
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:deprov/review-link-key-old-AbCdEf",
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:review-link-key-AbCdEf",
  ])("refuses a decision-link key in another secret than deprov/review-link-key: %s", (secretArn) => {
    // Act
    const issues = issuesOf({ ...minimal, reviews: { linkSecret: { secretArn } } });

    // Assess
    expect(issues).toEqual([
      "$.reviews.linkSecret.secretArn: the secret named deprov/review-link-key: the decision page may read only that secret, so create the link key under that name (aws secretsmanager create-secret --name deprov/review-link-key) and give its ARN",
    ]);
  });

  it.each([
    { secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:deprov/review-link-key-AbCdEf" },
    { secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:deprov/review-link-key" },
    { env: "DEPROV_LINK_KEY" },
  ])(
    "accepts the decision-link key as deprov/review-link-key, with or without its suffix, or from the environment: %o",
    (linkSecret) => {
      // Act
      const issues = issuesOf({ ...minimal, reviews: { linkSecret } });

      // Assess
      expect(issues).toEqual([]);
    },
  );

  it("reports a JSON syntax error with its line and column", () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), "deprov-config-"));
    const file = join(dir, "deprov.config.json");
    writeFileSync(file, '{\n  "organization": "Acme",\n  "sources": [,]\n}');
    // Act / Assess
    expect(() => loadConfig(file)).toThrow(/line 3, column/);
    expect(() => loadConfig(join(dir, "missing.json"))).toThrow(/missing\.json[\s\S]*file not found/);
  });

  it("ships a JSON Schema equal to the one derived from the validator", () => {
    const shipped = readFileSync(new URL("../../schema/deprov.config.schema.json", import.meta.url), "utf8");
    expect(shipped).toBe(configJsonSchemaText());
  });
});
