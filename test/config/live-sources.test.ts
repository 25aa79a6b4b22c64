import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../functions/config/config-error.ts";
import { loadConfig, parseConfigText } from "../../functions/config/load-config.ts";
import { isLiveSource } from "../../functions/config/schema.ts";

const roster = { id: "hr", kind: "roster", format: "csv", path: "hr.csv" };

function issuesOf(config: unknown): string[] {
  try {
    parseConfigText(JSON.stringify(config), "/etc/deprov/deprov.config.json");
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

function withSource(source: Record<string, unknown>) {
  return { organization: "Acme", sources: [roster, { id: "live", kind: "accounts", ...source }] };
}

describe("live sources in the config", () => {
  it("loads the live example: every format with a live form, credentials only referenced", () => {
    // Act
    const config = loadConfig(
      fileURLToPath(new URL("../../examples/live/deprov.config.json", import.meta.url)),
    );

    // Assess
    const live = config.sources.filter(isLiveSource).map((source) => source.format);
    expect(live.sort()).toEqual([
      "aws-iam-credential-report",
      "csv",
      "entra",
      "google-workspace",
      "jamf",
      "okta",
      "scim",
      "snipeit",
    ]);
    for (const source of config.sources.filter(isLiveSource)) {
      if (source.format !== "aws-iam-credential-report")
        expect(source.credential).toHaveProperty("secretArn");
    }
  });

  it("takes each format's live keys", () => {
    // Assess
    expect(
      issuesOf(
        withSource({ format: "okta", url: "https://acme.okta.com", credential: { env: "OKTA_TOKEN" } }),
      ),
    ).toEqual([]);
    expect(
      issuesOf(
        withSource({
          format: "google-workspace",
          credential: { env: "GOOGLE_KEY" },
          subject: "admin@acme.com",
        }),
      ),
    ).toEqual([]);
    expect(issuesOf(withSource({ format: "entra", credential: { env: "ENTRA_APP" } }))).toEqual([]);
    expect(issuesOf(withSource({ format: "aws-iam-credential-report", aws: {} }))).toEqual([]);
    expect(
      issuesOf({
        organization: "Acme",
        sources: [
          roster,
          {
            id: "m",
            kind: "assets",
            format: "jamf",
            url: "https://acme.jamfcloud.com",
            credential: { env: "JAMF" },
          },
        ],
      }),
    ).toEqual([]);
  });

  it("says what a live source lacks or does not take, per format", () => {
    // Assess
    expect(issuesOf(withSource({ format: "okta", credential: { env: "OKTA_TOKEN" } }))).toEqual([
      "$.sources[1].url: expected the okta API's URL (SPEC §2 live table)",
    ]);
    expect(issuesOf(withSource({ format: "google-workspace", credential: { env: "GOOGLE_KEY" } }))).toEqual([
      "$.sources[1].subject: expected the email of the Google Workspace admin the service account acts as (domain-wide delegation)",
    ]);
    expect(
      issuesOf(
        withSource({
          format: "scim",
          url: "https://api.slack.com/scim/v2",
          credential: { env: "T" },
          subject: "a@acme.com",
        }),
      ),
    ).toEqual(['$.sources[1].subject: "subject" applies to live google-workspace sources only']);
    expect(
      issuesOf(withSource({ format: "aws-iam-credential-report", aws: {}, credential: { env: "IAM_KEY" } })),
    ).toEqual([
      '$.sources[1].credential: aws-iam-credential-report reads with the runtime\'s AWS credentials (or "aws.roleArn"), not a stored secret',
    ]);
    expect(
      issuesOf(withSource({ format: "json", url: "https://crm.acme.com/export", credential: { env: "T" } })),
    ).toEqual(['$.sources[1]: format "json" has no live API form: export the data to a file and set "path"']);
    expect(
      issuesOf(
        withSource({
          format: "okta",
          url: "https://acme.okta.com",
          credential: { env: "T" },
          exportedAt: "2026-11-01",
        }),
      ),
    ).toEqual(["$.sources[1].exportedAt: a live source is dated by when it was read: remove exportedAt"]);
    expect(
      issuesOf(
        withSource({
          format: "okta",
          path: "okta.json",
          url: "https://acme.okta.com",
          credential: { env: "T" },
        }),
      ),
    ).toEqual([
      '$.sources[1].path: expected either "path" or the live API keys ("url", "credential", "aws"), not both',
    ]);
  });

  it("refuses plain http except to a loopback stand-in", () => {
    // Assess
    expect(
      issuesOf(withSource({ format: "okta", url: "http://acme.okta.com", credential: { env: "T" } })),
    ).toEqual([
      "$.sources[1].url: expected an https URL (plain http only to a loopback address, for local stand-ins)",
    ]);
    expect(
      issuesOf(withSource({ format: "okta", url: "http://127.0.0.1:8080", credential: { env: "T" } })),
    ).toEqual([]);
  });

  it("refuses credentials embedded in any URL, and never repeats them", () => {
    // Prepare
    const config = {
      organization: "Acme",
      sources: [
        roster,
        {
          id: "okta",
          kind: "accounts",
          format: "okta",
          url: "https://svc:hunter2-s3cret@acme.okta.com",
          credential: { env: "T" },
        },
        {
          id: "entra",
          kind: "accounts",
          format: "entra",
          credential: { env: "E" },
          tokenUrl: "https://app:hunter2-s3cret@login.microsoftonline.com/t/oauth2/v2.0/token",
        },
      ],
      tasks: {
        sink: "webhook",
        url: "https://hook:hunter2-s3cret@hooks.acme.com/deprov",
        secret: { env: "W" },
      },
    };

    // Act
    const error = (() => {
      try {
        parseConfigText(JSON.stringify(config), "/etc/deprov/deprov.config.json");
      } catch (e) {
        return e;
      }
      return undefined;
    })();

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.path)).toEqual([
      "$.sources[1].url",
      "$.sources[2].tokenUrl",
      "$.tasks.url",
    ]);
    expect((error as ConfigError).issues[0]?.message).toContain("credentials embedded in a URL");
    expect(String(error)).not.toContain("hunter2");
  });
});
