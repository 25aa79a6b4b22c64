import { describe, expect, it } from "vitest";
import { SOURCE_FORMATS } from "../../functions/config/schema.ts";
import { parseAwsIamCredentialReport } from "../../functions/sources/aws-iam-credential-report.ts";
import { parseCsv } from "../../functions/sources/csv.ts";
import { parseJson } from "../../functions/sources/json.ts";
import { parserFor } from "../../functions/sources/registry.ts";
import { parseScim } from "../../functions/sources/scim.ts";

describe("parserFor", () => {
  it("has a parser for every source format in the config schema", () => {
    // Act
    const parsers = SOURCE_FORMATS.map((format) => parserFor(format));

    // Assess
    for (const parser of parsers) expect(typeof parser).toBe("function");
  });

  it("maps each format to its own parser", () => {
    // Assess
    expect(parserFor("csv")).toBe(parseCsv);
    expect(parserFor("json")).toBe(parseJson);
    expect(parserFor("aws-iam-credential-report")).toBe(parseAwsIamCredentialReport);
    expect(parserFor("scim")).toBe(parseScim);
  });
});
