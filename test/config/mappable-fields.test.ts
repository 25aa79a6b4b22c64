/** The fields a source's `columns` may map, as the config checks them and as the parsers map them. */
import { describe, expect, it } from "vitest";
import { closestField, MAPPABLE_FIELDS } from "../../functions/config/mappable-fields.ts";
import { SOURCE_KINDS } from "../../functions/core/model.ts";
import { tabularFieldNames } from "../../functions/sources/tabular-fields.ts";

describe("MAPPABLE_FIELDS", () => {
  it.each(SOURCE_KINDS)("lists the fields the parsers map for %s records", (kind) => {
    expect([...MAPPABLE_FIELDS[kind]].sort()).toEqual(tabularFieldNames(kind).sort());
  });
});

describe("closestField", () => {
  it.each([
    ["employeId", "employeeId"],
    ["employee_id", "employeeId"],
    ["Termination Date", "terminationDate"],
    ["lastlogin", "lastLoginAt"],
  ])("reads %j as %j", (key, meant) => {
    expect(closestField(key, [...MAPPABLE_FIELDS.roster, ...MAPPABLE_FIELDS.accounts])).toBe(meant);
  });

  it("suggests nothing for a key far from every field", () => {
    expect(closestField("favouriteColour", MAPPABLE_FIELDS.roster)).toBeUndefined();
  });
});
