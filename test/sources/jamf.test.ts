import { describe, expect, it } from "vitest";
import type { Asset } from "../../functions/core/model.ts";
import { parseJamf } from "../../functions/sources/jamf.ts";
import { SourceFormatError } from "../../functions/sources/parser.ts";
import { apiParseInput, at, fixtureJson, fixtureText } from "./api-source-input.ts";

const FIXTURE = "jamf-computers-inventory.json";

interface InventoryResponse {
  totalCount: number;
  results: Record<string, unknown>[];
}

function parse(text: string): ReturnType<typeof parseJamf> {
  return parseJamf(apiParseInput("jamf", text));
}

function assetsOf(output: ReturnType<typeof parseJamf>): Asset[] {
  if (output.records.kind !== "assets") throw new Error(`expected assets, got ${output.records.kind}`);
  return output.records.records;
}

function response(): InventoryResponse {
  return fixtureJson(FIXTURE) as InventoryResponse;
}

describe("parseJamf", () => {
  it("maps a computer's serial, holder and last check-in", () => {
    // Act
    const output = parse(fixtureText(FIXTURE));

    // Assess
    expect(assetsOf(output)[0]).toEqual({
      sourceId: "jamf",
      assetId: "1",
      serial: "C02ZK1ABMD6T",
      type: "computer",
      assignedTo: "jane.doe@acme.com",
      assignedAt: undefined,
      status: undefined,
      lastSeenAt: at("2026-11-25T07:41:19.286Z"),
    });
  });

  it("takes the username when the inventory has no email, and no holder when both are empty", () => {
    // Act
    const assets = assetsOf(parse(fixtureText(FIXTURE)));

    // Assess
    expect(assets.find((a) => a.assetId === "2")?.assignedTo).toBe("rsmith");
    expect(assets.find((a) => a.assetId === "3")?.assignedTo).toBeUndefined();
    expect(assets.find((a) => a.assetId === "4")).toMatchObject({
      assignedTo: "MLee@Acme.io",
      lastSeenAt: undefined,
    });
  });

  it("drops a last contact that is not a timestamp with a warning naming the field, keeps the computer and holds its findings", () => {
    // Act
    const output = parse(fixtureText(FIXTURE));

    // Assess
    expect(output.rejected).toEqual([]);
    expect(output.warnings).toEqual([
      {
        record: "results[4]",
        field: "general.lastContactTime",
        reason:
          'expected an ISO 8601 timestamp like "2026-11-20T08:15:42Z", got "last week"; the value is dropped and the record kept',
      },
    ]);
    const assets = assetsOf(output);
    expect(assets).toHaveLength(5);
    const dropped = assets[4];
    expect(dropped?.lastSeenAt).toBeUndefined();
    expect(output.held).toEqual([`asset:${dropped?.assetId}`]);
  });

  it("fails a single page of a longer listing", () => {
    // Prepare
    const body = response();
    body.totalCount = 250;

    // Act
    const parsing = () => parse(JSON.stringify(body));

    // Assess
    expect(parsing).toThrow(SourceFormatError);
    expect(parsing).toThrow(
      "results holds 5 of 250 computers: this is one page of the listing; fetch every page (page/page-size) and merge their results[] into one response",
    );
  });

  it("fails an API error body instead of reading it as no computers", () => {
    // Prepare
    const text = JSON.stringify({
      httpStatus: 401,
      errors: [{ code: "INVALID_TOKEN", description: "Unauthorized", id: "0", field: null }],
    });

    // Act
    const parsing = () => parse(text);

    // Assess
    expect(parsing).toThrow('got API error (HTTP 401) "INVALID_TOKEN"');
  });

  it("rejects a duplicate id", () => {
    // Prepare
    const body = response();
    const first = body.results[0];
    if (first === undefined) throw new Error("fixture has no computers");
    body.results.push({ ...first });
    body.totalCount = body.results.length;

    // Act
    const output = parse(JSON.stringify(body));

    // Assess
    expect(output.rejected.at(-1)).toMatchObject({ record: "results[5]", field: "id" });
  });
});
