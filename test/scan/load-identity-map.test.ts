import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../functions/config/config-error.ts";
import type { LoadedConfig } from "../../functions/config/load-config.ts";
import {
  loadIdentityMap,
  parseIdentityMap,
  readIdentityMap,
} from "../../functions/scan/load-identity-map.ts";

const WORKBOOKS = join(import.meta.dirname, "..", "fixtures", "workbooks");

const SOURCES = new Set(["okta", "github"]);

describe("the identity map as people save it", () => {
  it.each([
    ["comma-separated", "source,accountId,employeeId\nokta,00u1,1001\ngithub,octocat,1002\n"],
    [
      "';'-separated with a byte order mark and CRLF (Excel where the comma is the decimal mark)",
      "\uFEFFsource;accountId;employeeId\r\nokta;00u1;1001\r\ngithub;octocat;1002\r\n",
    ],
    ["tab-separated", "source\taccountId\temployeeId\nokta\t00u1\t1001\ngithub\toctocat\t1002\n"],
    [
      "kept by hand, its columns named and ordered otherwise, with a note beside them",
      "Employee ID,Source,Account ID,Note\n1001,okta,00u1,contractor\n1002,github,octocat,\n",
    ],
    ["snake_case", "employee_id,source,account_id\n1001,okta,00u1\n1002,github,octocat\n"],
  ])("reads a %s map", (_how, text) => {
    // Act
    const map = parseIdentityMap(text, "identity-map.csv", SOURCES);

    // Assess
    expect(map.rejected).toEqual([]);
    expect(map.entries).toEqual([
      { sourceId: "okta", accountId: "00u1", employeeId: "1001" },
      { sourceId: "github", accountId: "octocat", employeeId: "1002" },
    ]);
  });

  it("rejects a bad row with its line and keeps the others", () => {
    // Act
    const map = parseIdentityMap(
      "source;accountId;employeeId\nokta;00u1;1001\nslack;U123;1003\ngithub;;1002\n",
      "identity-map.csv",
      SOURCES,
    );

    // Assess
    expect(map.entries).toEqual([{ sourceId: "okta", accountId: "00u1", employeeId: "1001" }]);
    expect(map.rejected).toEqual([
      'identity-map.csv: line 3: field "source": expected a configured source id, got "slack"',
      'identity-map.csv: line 4: field "accountId": expected a non-empty value',
    ]);
  });

  it("refuses a file whose header is not the map's", () => {
    expect(() => parseIdentityMap("account,person\na,1\n", "identity-map.csv", SOURCES)).toThrow(ConfigError);
  });

  it("refuses a header that names a column twice, however written, saying what it expects", () => {
    expect(() =>
      parseIdentityMap(
        "source,accountId,employeeId,Account ID\nokta,00u1,1001,00u2\n",
        "identity-map.csv",
        SOURCES,
      ),
    ).toThrow(/expected the header "source,accountId,employeeId" \(in any order, case and spacing\)/);
  });
});

describe("the identity map kept in Excel", () => {
  it("reads a workbook's first sheet, numbers as the ids they show", async () => {
    // Act
    const map = await loadIdentityMap(join(WORKBOOKS, "identity-map.xlsx"), SOURCES);

    // Assess
    expect(map.rejected).toEqual([]);
    expect(map.entries).toEqual([
      { sourceId: "okta", accountId: "00u1", employeeId: "1001" },
      { sourceId: "github", accountId: "octocat", employeeId: "1002" },
    ]);
  });

  it("reads a workbook through the runtime's file access, as a Lambda reads it from S3", async () => {
    // Prepare
    const config = { identityMap: "identity-map.xlsx", sources: [{ id: "okta" }, { id: "github" }] };
    const bytes = readFileSync(join(WORKBOOKS, "identity-map.xlsx"));

    // Act
    const map = await readIdentityMap(
      async (_config, path) => ({ file: `s3://bucket/config/${path}`, bytes }),
      config as unknown as LoadedConfig,
    );

    // Assess
    expect(map.entries).toHaveLength(2);
  });

  it("refuses an Excel 97–2003 workbook, saying how to save it", async () => {
    // Act
    const loading = loadIdentityMap(join(WORKBOOKS, "accounts.xls"), SOURCES);

    // Assess
    await expect(loading).rejects.toThrow(ConfigError);
    await expect(loading).rejects.toThrow("save it from Excel as .xlsx or as CSV UTF-8");
  });
});
