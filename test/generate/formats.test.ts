import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREDENTIAL_REPORT_HEADER } from "../../cli/generate/formats/aws-credential-report.ts";
import { generateOrg } from "../../cli/generate/generate-org.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const ISO_MILLIS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ISO_SECONDS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const AWS_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Json = Record<string, unknown>;

let dir: string;
const text = (file: string): string => readFileSync(join(dir, file), "utf8");
const json = (file: string): Json => JSON.parse(text(file)) as Json;
const list = (value: unknown): Json[] => {
  expect(Array.isArray(value)).toBe(true);
  return value as Json[];
};
const csvLines = (file: string): string[] => text(file).trimEnd().split("\n");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "deprov-generate-formats-"));
  await generateOrg({ people: 200, seed: 11, outDir: dir, now: NOW });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("generated exports are in each system's own format", () => {
  it("HR roster: human headers, capitalised values, ISO dates", () => {
    // Act
    const [header, ...rows] = csvLines("hr-roster.csv");

    // Assess
    expect(header).toBe(
      "Employee #,Full Name,Work Email,Status,Worker Type,Department,Title,Manager #,Hire Date,Termination Date,Terminated At,Previous Department,Role Changed At",
    );
    expect(rows).toHaveLength(200);
    const statuses = new Set(rows.map((r) => r.split(",")[3]));
    expect([...statuses].every((s) => ["Active", "Terminated", "Leave"].includes(s ?? ""))).toBe(true);
    expect(statuses.has("Terminated")).toBe(true);
    for (const row of rows) expect(row.split(",")[8]).toMatch(DATE);
  });

  it("AWS IAM credential report: exact header, a root row, AWS's value vocabulary", () => {
    // Act
    const [header, root, ...users] = csvLines("aws-prod-credential-report.csv");

    // Assess
    expect(header).toBe(CREDENTIAL_REPORT_HEADER);
    expect(header?.split(",")).toHaveLength(22);
    expect(root).toMatch(/^<root_account>,arn:aws:iam::\d{12}:root,/);
    expect(root?.split(",")[3]).toBe("not_supported");
    const cells = users.flatMap((u) => u.split(","));
    expect(users.every((u) => u.split(",").length === 22)).toBe(true);
    expect(cells).toContain("N/A");
    expect(cells).not.toContain("TRUE");
    for (const user of users) {
      const [, arn, created, passwordEnabled, passwordLastUsed] = user.split(",");
      expect(arn).toMatch(/^arn:aws:iam::\d{12}:user\//);
      expect(created).toMatch(AWS_TIMESTAMP);
      expect(["true", "false"]).toContain(passwordEnabled);
      if (passwordEnabled === "true") expect(passwordLastUsed).toMatch(/^(no_information|\d{4}-.*\+00:00)$/);
      else expect(passwordLastUsed).toBe("N/A");
    }
  });

  it("Okta: a JSON array of users with lifecycle statuses, nullable lastLogin and _links", () => {
    // Act
    const users = list(JSON.parse(text("okta-users.json")));

    // Assess
    const statuses = new Set(users.map((u) => u.status));
    expect(statuses.has("ACTIVE")).toBe(true);
    expect(statuses.has("DEPROVISIONED")).toBe(true);
    for (const user of users) {
      expect(user.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
      expect(user.created).toMatch(ISO_MILLIS_Z);
      expect(user.lastLogin === null || ISO_MILLIS_Z.test(String(user.lastLogin))).toBe(true);
      const profile = user.profile as Json;
      expect(typeof profile.login).toBe("string");
      expect(typeof profile.email).toBe("string");
      expect((user._links as Json).self).toMatchObject({
        href: `https://acme.okta.com/api/v1/users/${user.id}`,
      });
    }
    expect(users.some((u) => (u.profile as Json).employeeNumber !== undefined)).toBe(true);
    expect(users.some((u) => /@acme\.io$/.test(String((u.profile as Json).email)))).toBe(true);
  });

  it("SCIM (Slack): a ListResponse with the enterprise extension and groups", () => {
    // Act
    const body = json("slack-scim-users.json");

    // Assess
    expect(body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:ListResponse"]);
    const users = list(body.Resources);
    expect(body.totalResults).toBe(users.length);
    const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    expect(users.some((u) => typeof (u[enterprise] as Json | undefined)?.employeeNumber === "string")).toBe(
      true,
    );
    for (const user of users) {
      expect(user.id).toMatch(/^U[0-9A-Z]{10}$/);
      expect(typeof user.active).toBe("boolean");
      expect((user.meta as Json).created).toMatch(ISO_SECONDS_Z);
      for (const group of list(user.groups)) expect(typeof group.display).toBe("string");
    }
  });

  it("Google Workspace: users.list with externalIds, isAdmin, suspended and the epoch for never", () => {
    // Act
    const body = json("google-workspace-users.json");

    // Assess
    expect(body.kind).toBe("admin#directory#users");
    const users = list(body.users);
    for (const user of users) {
      expect(user.kind).toBe("admin#directory#user");
      expect(user.id).toMatch(/^\d{21}$/);
      expect(typeof user.isAdmin).toBe("boolean");
      expect(typeof user.suspended).toBe("boolean");
      expect(user.lastLoginTime).toMatch(ISO_MILLIS_Z);
    }
    expect(users.some((u) => u.lastLoginTime === "1970-01-01T00:00:00.000Z")).toBe(true);
    expect(users.some((u) => u.isAdmin === true)).toBe(true);
    const externalIds = users.flatMap((u) => (u.externalIds as Json[] | undefined) ?? []);
    expect(externalIds.length).toBeGreaterThan(0);
    expect(externalIds.every((e) => e.type === "organization")).toBe(true);
  });

  it("Microsoft Graph: @odata.context with the $select, value[], accountEnabled and signInActivity", () => {
    // Act
    const body = json("entra-users.json");

    // Assess
    expect(body["@odata.context"]).toMatch(
      /^https:\/\/graph\.microsoft\.com\/v1\.0\/\$metadata#users\(.*signInActivity\)$/,
    );
    for (const user of list(body.value)) {
      expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(typeof user.accountEnabled).toBe("boolean");
      expect(user.createdDateTime).toMatch(ISO_SECONDS_Z);
      const last = (user.signInActivity as Json).lastSignInDateTime;
      expect(last === null || ISO_SECONDS_Z.test(String(last))).toBe(true);
    }
  });

  it("Snipe-IT: total equals rows, user holders with employee numbers, wall-clock checkout times", () => {
    // Act
    const body = json("snipeit-hardware.json");

    // Assess
    const rows = list(body.rows);
    expect(body.total).toBe(rows.length);
    const held = rows.filter((r) => r.assigned_to !== null);
    expect(held.length).toBeGreaterThan(0);
    for (const row of held) {
      expect(row.assigned_to).toMatchObject({ type: "user" });
      expect((row.last_checkout as Json).datetime).toMatch(WALL_CLOCK);
      expect((row.status_label as Json).status_meta).toBe("deployed");
    }
    expect(held.some((r) => typeof (r.assigned_to as Json).employee_number === "string")).toBe(true);
    expect(rows.every((r) => /^ACM-\d{6}$/.test(String(r.asset_tag)))).toBe(true);
  });

  it("GitHub members CSV and Salesforce query JSON carry what their columns map", () => {
    // Act
    const [githubHeader] = csvLines("github-members.csv");
    const salesforce = json("salesforce-users.json");

    // Assess
    expect(githubHeader).toBe(
      "login,name,saml_name_id,role,teams,two_factor_enabled,active,created_at,last_active",
    );
    const records = list(salesforce.records);
    expect(salesforce).toMatchObject({ totalSize: records.length, done: true });
    for (const record of records) {
      expect(record.Id).toMatch(/^005[0-9A-Za-z]{15}$/);
      expect(typeof record.IsActive).toBe("boolean");
      expect(record.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    }
  });

  it("tickets, resources and the identity map have their headers", () => {
    // Act
    const [tickets, ...ticketRows] = csvLines("offboarding-tickets.csv");
    const [resources] = csvLines("resources.csv");
    const [identityMap, ...entries] = csvLines("identity-map.csv");

    // Assess
    expect(tickets).toBe(
      "Ticket,Employee #,Requested At,Requested By,Approved By,Approved At,Completed At,Completed By",
    );
    for (const row of ticketRows) expect(row.split(",")[2]).toMatch(WALL_CLOCK);
    expect(resources).toBe("resourceId,type,owner,schedule");
    expect(identityMap).toBe("source,accountId,employeeId");
    expect(entries.length).toBeGreaterThan(0);
  });
});
