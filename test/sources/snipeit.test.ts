import { describe, expect, it } from "vitest";
import type { Asset } from "../../functions/core/model.ts";
import { SourceFormatError } from "../../functions/sources/parser.ts";
import { parseSnipeIt } from "../../functions/sources/snipeit.ts";
import { apiParseInput, at, fixtureJson, fixtureText } from "./api-source-input.ts";

const FIXTURE = "snipeit-hardware.json";

interface HardwareResponse {
  total: number;
  rows: Record<string, unknown>[];
}

function assetsOf(output: ReturnType<typeof parseSnipeIt>): Asset[] {
  if (output.records.kind !== "assets") throw new Error(`expected assets, got ${output.records.kind}`);
  return output.records.records;
}

function byTag(assets: Asset[], tag: string): Asset | undefined {
  return assets.find((asset) => asset.assetId === tag);
}

function response(): HardwareResponse {
  return fixtureJson(FIXTURE) as HardwareResponse;
}

/** The fixture with `edit` applied to row `index`, re-serialised as the API would send it. */
function withRow(index: number, edit: (row: Record<string, unknown>) => void): string {
  const body = response();
  const row = body.rows[index];
  if (row === undefined) throw new Error(`no row ${index} in ${FIXTURE}`);
  edit(row);
  return JSON.stringify(body);
}

function holderOf(row: Record<string, unknown>): Record<string, unknown> {
  return row.assigned_to as Record<string, unknown>;
}

function parse(text: string): ReturnType<typeof parseSnipeIt> {
  return parseSnipeIt(apiParseInput("snipeit", text));
}

describe("parseSnipeIt", () => {
  describe("a GET /api/v1/hardware response", () => {
    it("maps a laptop checked out to a user with an employee number", () => {
      // Prepare
      const text = fixtureText(FIXTURE);

      // Act
      const output = parse(text);

      // Assess: last_checkout is wall-clock time in the org zone (EST in January)
      expect(byTag(assetsOf(output), "LT-0101")).toEqual({
        sourceId: "snipeit",
        assetId: "LT-0101",
        serial: "5CG1234XYZ",
        type: "Laptops",
        assignedTo: "E1001",
        assignedAt: at("2024-01-15T15:22:01Z"),
        status: "deployed",
      });
      expect(assetsOf(output)).toHaveLength(8);
      expect(output.rejected).toEqual([]);
    });

    it("falls back to the holder's email when the employee number is null", () => {
      // Prepare
      const text = fixtureText(FIXTURE);

      // Act
      const macbook = byTag(assetsOf(parse(text)), "LT-0102");

      // Assess: 01:30 on the day clocks spring forward is still EST
      expect(macbook).toMatchObject({
        assignedTo: "bruno.costa@acme.com",
        assignedAt: at("2024-03-10T06:30:00Z"),
      });
    });

    it("falls back to the username when there is neither employee number nor email", () => {
      // Prepare
      const text = fixtureText(FIXTURE);

      // Act
      const phone = byTag(assetsOf(parse(text)), "PH-0108");

      // Assess: Snipe-IT writes a null serial as ""
      expect(phone).toMatchObject({ assignedTo: "dmitri.ivanov", type: "Mobile Phones" });
      expect(phone?.serial).toBeUndefined();
    });

    it.each([
      ["a location", "MON-0103"],
      ["another asset", "DOCK-0106"],
    ])("gives no holder to an asset checked out to %s", (_holder, tag) => {
      // Prepare
      const text = fixtureText(FIXTURE);

      // Act
      const asset = byTag(assetsOf(parse(text)), tag);

      // Assess
      expect(asset?.assignedTo).toBeUndefined();
      expect(asset?.assignedAt).toBeUndefined();
      expect(asset?.status).toBe("deployed");
    });

    it("gives an unassigned asset no assignment date, although last_checkout outlives the check-in", () => {
      // Prepare
      const text = fixtureText(FIXTURE);

      // Act
      const spare = byTag(assetsOf(parse(text)), "LT-0104");

      // Assess
      expect(spare).toEqual({
        sourceId: "snipeit",
        assetId: "LT-0104",
        serial: "5CG9876ABC",
        type: "Laptops",
        status: "deployable",
      });
    });

    it("decodes the HTML entities Snipe-IT writes into API strings", () => {
      // Prepare
      const text = fixtureText(FIXTURE);

      // Act
      const laptop = byTag(assetsOf(parse(text)), "LT-0105");

      // Assess
      expect(laptop).toMatchObject({
        type: "Laptops & Tablets",
        assignedTo: "siobhan.o'brien@acme.com",
      });
    });

    it("decodes an escaped asset tag, serial, employee number and status", () => {
      // Prepare
      const text = withRow(0, (row) => {
        row.asset_tag = "R&amp;D-0101";
        row.serial = "&lt;none&gt;";
        holderOf(row).employee_number = "E&#039;1001";
        row.status_label = {
          id: 9,
          name: "Out for &quot;Repair&quot;",
          status_type: "undeployable",
          status_meta: "",
        };
      });

      // Act
      const asset = assetsOf(parse(text))[0];

      // Assess
      expect(asset).toMatchObject({
        assetId: "R&D-0101",
        serial: "<none>",
        assignedTo: "E'1001",
        status: 'Out for "Repair"',
      });
    });

    it("reads the status of a lost device from its status_meta", () => {
      // Prepare
      const text = fixtureText(FIXTURE);

      // Act
      const lost = byTag(assetsOf(parse(text)), "LT-0107");

      // Assess
      expect(lost).toMatchObject({ status: "archived" });
      expect(lost?.assignedTo).toBeUndefined();
    });

    it("reads the newer `status` key when `status_label` is gone, and tolerates no category", () => {
      // Prepare
      const text = withRow(0, (row) => {
        row.status = row.status_label;
        delete row.status_label;
        row.category = null;
      });

      // Act
      const asset = assetsOf(parse(text))[0];

      // Assess
      expect(asset?.status).toBe("deployed");
      expect(asset?.type).toBeUndefined();
    });

    it("leaves assignedAt absent when a user holds the asset but last_checkout is null", () => {
      // Prepare
      const text = withRow(0, (row) => {
        row.last_checkout = null;
      });

      // Act
      const asset = assetsOf(parse(text))[0];

      // Assess
      expect(asset?.assignedTo).toBe("E1001");
      expect(asset?.assignedAt).toBeUndefined();
    });

    it("provides no account fields", () => {
      // Prepare
      const text = fixtureText(FIXTURE);

      // Act
      const output = parse(text);

      // Assess
      expect(output.provides.size).toBe(0);
    });

    it("accepts merged pages whose rows exceed total, and an empty inventory", () => {
      // Prepare
      const body = response();
      body.total = 3;

      // Act
      const merged = parse(JSON.stringify(body));
      const empty = parse(JSON.stringify({ total: 0, rows: [] }));

      // Assess
      expect(assetsOf(merged)).toHaveLength(8);
      expect(assetsOf(empty)).toEqual([]);
    });
  });

  describe("rejected records", () => {
    it.each<[string, (row: Record<string, unknown>) => void, string, string]>([
      [
        "an empty asset tag",
        (row) => {
          row.asset_tag = "";
        },
        "asset_tag",
        'expected a non-empty string, got ""',
      ],
      [
        "a missing asset tag",
        (row) => {
          delete row.asset_tag;
        },
        "asset_tag",
        "expected a non-empty string, got nothing",
      ],
      [
        "a holder of an unknown type",
        (row) => {
          holderOf(row).type = "department";
        },
        "assigned_to.type",
        'expected one of user, location, asset, got "department"',
      ],
      [
        "a holder without a type",
        (row) => {
          delete holderOf(row).type;
        },
        "assigned_to.type",
        "expected one of user, location, asset, got nothing",
      ],
      [
        "a user holder with no employee number, email or username",
        (row) => {
          Object.assign(holderOf(row), { employee_number: null, email: null, username: "" });
        },
        "assigned_to",
        "expected a user holder with an employee_number, email or username, got none of them",
      ],
      [
        "a holder that is not an object",
        (row) => {
          row.assigned_to = 21;
        },
        "assigned_to",
        "expected an object or null, got number 21",
      ],
      [
        "a category that is not an object",
        (row) => {
          row.category = "Laptops";
        },
        "category",
        'expected an object or null, got "Laptops"',
      ],
    ])("rejects %s", (_case, edit, field, reason) => {
      // Prepare
      const text = withRow(0, edit);

      // Act
      const output = parse(text);

      // Assess
      expect(output.rejected).toEqual([{ record: "rows[0]", field, reason }]);
      expect(assetsOf(output)).toHaveLength(7);
    });

    it.each<[string, (row: Record<string, unknown>) => void, string, string]>([
      [
        "a last_checkout datetime that is not a date and time",
        (row) => {
          row.last_checkout = { datetime: "15/01/2024 10:22", formatted: "15/01/2024 10:22AM" };
        },
        "last_checkout.datetime",
        'expected a date and time like "2024-01-15 10:22:01", got "15/01/2024 10:22"',
      ],
      [
        "a last_checkout time out of range",
        (row) => {
          row.last_checkout = { datetime: "2024-01-15 24:10:00", formatted: "2024-01-15 12:10AM" };
        },
        "last_checkout.datetime",
        'expected a date and time like "2024-01-15 10:22:01", got "2024-01-15 24:10:00"',
      ],
      [
        "a last_checkout on a day that does not exist",
        (row) => {
          row.last_checkout = { datetime: "2023-02-29 10:00:00", formatted: "2023-02-29 10:00AM" };
        },
        "last_checkout.datetime",
        'expected a date and time like "2024-01-15 10:22:01", got "2023-02-29 10:00:00"',
      ],
    ])("drops %s with a warning, keeps the record and holds its findings", (_case, edit, field, reason) => {
      // Prepare
      const text = withRow(0, edit);

      // Act
      const output = parse(text);

      // Assess
      expect(output.rejected).toEqual([]);
      expect(output.warnings).toEqual([
        { record: "rows[0]", field, reason: `${reason}; the value is dropped and the record kept` },
      ]);
      expect(assetsOf(output)).toHaveLength(8);
      expect(output.held).toHaveLength(1);
    });

    it("rejects a row that is not an asset object and a duplicate asset tag", () => {
      // Prepare
      const body = response();
      const rows: unknown[] = body.rows;
      rows.push(null, body.rows[2]);
      body.total = rows.length;

      // Act
      const output = parse(JSON.stringify(body));

      // Assess
      expect(output.rejected).toEqual([
        { record: "rows[8]", field: "(record)", reason: "expected an asset object, got null" },
        {
          record: "rows[9]",
          field: "asset_tag",
          reason: 'expected a unique id, got "MON-0103" which is also at rows[2]',
        },
      ]);
    });
  });

  describe("an export without the assigned_to key", () => {
    const NO_HOLDER_KEY =
      'expected the holder (an object, or null for an asset nobody holds), got nothing: Snipe-IT writes "assigned_to" on every asset, and without it whether anyone holds this one is unknown';

    it("rejects a row without the key and holds its asset, while a null holder stays a device in stock", () => {
      // Prepare: LT-0104 is in stock ("assigned_to": null); LT-0101 lost the key on its way.
      const text = withRow(0, (row) => {
        delete row.assigned_to;
      });

      // Act
      const output = parse(text);

      // Assess
      expect(output.rejected).toEqual([{ record: "rows[0]", field: "assigned_to", reason: NO_HOLDER_KEY }]);
      expect(output.held).toEqual(["asset:LT-0101"]);
      expect(byTag(assetsOf(output), "LT-0101")).toBeUndefined();
      expect(byTag(assetsOf(output), "LT-0104")).toMatchObject({
        assignedTo: undefined,
        status: "deployable",
      });
      expect(output.warnings).toEqual([
        {
          record: "rows[0]",
          field: "assigned_to",
          reason:
            'no "assigned_to" key in 1 of 8 rows: Snipe-IT writes it on every asset (null for one nobody holds), so who holds these devices is unknown; they are rejected and their findings stay open (export the rows as GET /api/v1/hardware returns them)',
        },
      ]);
    });

    it("rejects every row of an export without it, counted in one warning, instead of reading every device as returned", () => {
      // Prepare: a script that kept only some of each row's keys.
      const body = response();
      for (const row of body.rows) delete row.assigned_to;

      // Act
      const output = parse(JSON.stringify(body));

      // Assess
      expect(assetsOf(output)).toEqual([]);
      expect(output.rejected).toHaveLength(8);
      expect(output.rejected.every((r) => r.field === "assigned_to" && r.reason === NO_HOLDER_KEY)).toBe(
        true,
      );
      expect(output.held).toHaveLength(8);
      expect(output.warnings).toEqual([
        expect.objectContaining({
          record: "rows[0], rows[1], rows[2], rows[3], rows[4], … (8 records)",
          field: "assigned_to",
          reason: expect.stringMatching(/^no "assigned_to" key in 8 of 8 rows: /),
        }),
      ]);
    });
  });

  describe("files that cannot be used at all", () => {
    const file = "/org/sources/snipeit.json";

    it.each<[string, unknown, string]>([
      ["a JSON array", [], "expected a GET /api/v1/hardware response object, got an array"],
      [
        "an API error",
        { status: "error", messages: "Unauthorized.", payload: null },
        "expected a GET /api/v1/hardware response, got API error: Unauthorized.",
      ],
      ["a response without rows", { total: 0 }, 'field "rows": expected an array of assets, got nothing'],
      ["a response without total", { rows: [] }, 'field "total": expected the number of assets, got nothing'],
      [
        "one page of a longer listing",
        { total: 1234, rows: [] },
        "rows holds 0 of 1234 assets: this is one page of the listing; fetch every page (limit/offset) and merge their rows[] into one response",
      ],
    ])("fails on %s", (_case, body, detail) => {
      // Prepare
      const text = JSON.stringify(body);

      // Act
      const act = () => parse(text);

      // Assess
      expect(act).toThrow(SourceFormatError);
      expect(act).toThrow(`${file}: ${detail}`);
    });

    it("fails on text that is not JSON", () => {
      // Prepare
      const text = '{"total": 1, "rows": [';

      // Act
      const act = () => parse(text);

      // Assess
      expect(act).toThrow(
        /^\/org\/sources\/snipeit\.json: not valid JSON: Unexpected end of JSON input at line 1, column 23$/,
      );
    });
  });
});
