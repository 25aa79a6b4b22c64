/**
 * The vendors' and standards bodies' own published samples (test/fixtures/vendor/, provenance in
 * PROVENANCE.md there): shapes no hand-written fixture had, read as the systems emit them.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SourceConfig, SourceFormat } from "../../functions/config/schema.ts";
import type { SourceKind } from "../../functions/core/model.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import type { ParseOutput } from "../../functions/sources/parser.ts";
import { parserFor } from "../../functions/sources/registry.ts";
import { accounts, assets, formatFailure } from "../support/parsed-records.ts";

const VENDOR = new URL("../fixtures/vendor/", import.meta.url);
const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

function sample(path: string): string {
  return readFileSync(new URL(path, VENDOR), "utf8");
}

function parse(format: SourceFormat, text: string, kind: SourceKind = "accounts"): ParseOutput {
  const source: SourceConfig = { id: "vendor", kind, format, path: "sample" };
  return parserFor(format)({ text, file: "sample", source, time: timeParserFor("UTC") });
}

describe("SCIM: RFC 7643 and RFC 7644 examples", () => {
  it("rejects the users of RFC 7644 §3.4.2's ListResponse, asked for userName only: whether they are enabled is unknown", () => {
    // Act: the answer to GET /Users?attributes=userName (Resources with only id and userName).
    const output = parse("scim", sample("scim/rfc7644-3.4.2-list-response.json"));

    // Assess
    expect(accounts(output)).toEqual([]);
    expect(output.rejected.map((r) => [r.record, r.field])).toEqual([
      ["Resources[0]", "active"],
      ["Resources[1]", "active"],
    ]);
    expect(output.held).toEqual([
      "account:2819c223-7f76-453a-919d-413861904646",
      "account:c75ad752-64ae-4823-840d-ffa80929976c",
    ]);
    expect(output.warnings?.map((w) => w.reason)).toEqual([
      expect.stringMatching(/^no "active" in 2 of 2 users: /),
    ]);
  });

  it("reads the Enterprise User of RFC 7643 §8.3: employee number, primary email, groups, creation time", () => {
    // Prepare
    const user: unknown = JSON.parse(sample("scim/rfc7643-8.3-enterprise-user.json"));
    const text = JSON.stringify({ schemas: [LIST_RESPONSE], totalResults: 1, Resources: [user] });

    // Act
    const output = parse("scim", text);

    // Assess
    expect(accounts(output)).toEqual([
      expect.objectContaining({
        accountId: "2819c223-7f76-453a-919d-413861904646",
        username: "bjensen@example.com",
        email: "bjensen@example.com",
        employeeId: "701984",
        displayName: "Babs Jensen",
        enabled: true,
        groups: ["Tour Guides", "Employees", "US Employees"],
        createdAt: Date.parse("2010-01-23T04:56:22Z"),
      }),
    ]);
  });
});

describe("Okta: the Users API documentation's examples", () => {
  it("keeps the first of the two users Okta's List All Users example gives the same id, and reports the other", () => {
    // Act
    const output = parse("okta", sample("okta/okta-docs-list-all-users.json"));

    // Assess
    expect(accounts(output)).toEqual([
      expect.objectContaining({
        accountId: "00ub0oNGTSWTBKOLGLNR",
        username: "isaac.brock@example.com",
        enabled: true,
        lastLoginAt: undefined,
        createdAt: Date.parse("2013-07-02T21:36:25.344Z"),
      }),
    ]);
    expect(output.rejected).toEqual([
      {
        record: "[1]",
        field: "id",
        reason: 'expected a unique id, got "00ub0oNGTSWTBKOLGLNR" which is also at [0]',
      },
    ]);
  });

  it("reads a PROVISIONED user with custom attributes that never signed in", () => {
    // Act
    const output = parse("okta", sample("okta/okta-docs-search-users-with-array.json"));

    // Assess
    expect(output.rejected).toEqual([]);
    expect(accounts(output)).toEqual([
      expect.objectContaining({
        accountId: "00u19uiKQa0xXkbdGLNR",
        email: "u7@test.com",
        enabled: true,
        lastLoginAt: undefined,
      }),
    ]);
  });
});

describe("Microsoft Graph: List users documentation examples", () => {
  it("fails the source, saying why, when the export did not select accountEnabled (as Example 11 does not)", () => {
    // Act
    const detail = formatFailure(() =>
      parse("entra", sample("entra/graph-list-users-sign-in-activity.json")),
    );

    // Assess
    expect(detail).toMatch(/no user carries "accountEnabled": export with \$select including accountEnabled/);
  });

  it("reads 0001-01-01T00:00:00Z in signInActivity as never signed in, not as a sign-in in year 1", () => {
    // Act
    const output = parse("entra", sample("entra/graph-list-users-never-signed-in.json"));

    // Assess
    expect(output.rejected).toEqual([]);
    expect(accounts(output).map((a) => [a.username, a.lastLoginAt])).toEqual([
      ["AdeleV@contoso.com", undefined],
      ["AlexW@contoso.com", Date.parse("2021-07-29T15:53:27Z")],
    ]);
    expect([...output.provides]).toContain("lastLoginAt");
  });
});

describe("Snipe-IT: a listing of two pages", () => {
  it("refuses each page alone: a partial listing would read as devices returned", () => {
    for (const page of ["snipeit/hardware-page-1-of-2.json", "snipeit/hardware-page-2-of-2.json"]) {
      expect(formatFailure(() => parse("snipeit", sample(page), "assets"))).toMatch(
        /^rows holds 1 of 2 assets: this is one page of the listing/,
      );
    }
  });

  it("reads the pages merged into one listing: the unassigned demo laptop and the one checked out to a user", () => {
    // Prepare
    const pages = ["snipeit/hardware-page-1-of-2.json", "snipeit/hardware-page-2-of-2.json"].map(
      (page) => JSON.parse(sample(page)) as { total: number; rows: unknown[] },
    );
    const merged = { total: 2, rows: pages.flatMap((page) => page.rows) };

    // Act
    const output = parse("snipeit", JSON.stringify(merged), "assets");

    // Assess
    expect(output.rejected).toEqual([]);
    expect(assets(output)).toEqual([
      {
        sourceId: "vendor",
        assetId: "843812933",
        serial: "f294c22f-8232-3e38-a31d-84578032ff7a",
        type: "Laptops",
        assignedTo: undefined,
        assignedAt: undefined,
        status: "deployable",
      },
      {
        sourceId: "vendor",
        assetId: "1029384756",
        serial: "0b1d4f6a-2c3e-4b5a-9d8c-7e6f5a4b3c2d",
        type: "Laptops",
        assignedTo: "1337",
        assignedAt: Date.parse("2023-01-20T09:15:00Z"),
        status: "deployed",
      },
    ]);
  });
});

describe("AWS: the IAM User Guide's credential report", () => {
  it("reads the older 16-column report, with key usage unknown and stale-credential not evaluated", () => {
    // Act
    const output = parse(
      "aws-iam-credential-report",
      sample("aws-iam-credential-report/iam-user-guide-get-credential-report.csv"),
    );

    // Assess
    expect(output.rejected).toEqual([]);
    expect(accounts(output).map((a) => [a.accountId, a.enabled, a.isRoot])).toEqual([
      ["root_account", false, true],
      ["Administrator", true, false],
      ["Bill", false, false],
    ]);
    expect(accounts(output)[1]?.credentials).toEqual([
      {
        id: "access_key_1",
        active: true,
        createdAt: Date.parse("2014-12-03T18:53:41Z"),
        lastUsedAt: undefined,
      },
      {
        id: "access_key_2",
        active: true,
        createdAt: Date.parse("2015-03-25T20:38:14Z"),
        lastUsedAt: undefined,
      },
    ]);
    expect([...output.provides].sort()).toEqual(["createdAt", "lastLoginAt"]);
    expect(output.warnings).toEqual([
      expect.objectContaining({
        record: "line 1",
        reason: expect.stringMatching(/^the older 16-column report/),
      }),
    ]);
  });
});
