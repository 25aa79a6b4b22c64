/**
 * Account exports that write a word where a user never signed in: read as no login (SPEC §3's
 * `neverLoggedIn`), not as a malformed timestamp that would hold the account.
 */
import { describe, expect, it } from "vitest";
import { accounts, parseCsvText } from "../support/parsed-records.ts";

describe("a last login that never happened", () => {
  it("reads Never, Never logged in and Never signed in as no login, without a warning or a hold", () => {
    // Prepare: columns as in Google Workspace's user download
    const text = [
      "Email Address [Required],Status [READ ONLY],Last Sign In [READ ONLY]",
      "ana@northwind.com,Active,Never logged in",
      "ben@northwind.com,Active,never",
      "cy@northwind.com,Active,Never signed in",
      "dee@northwind.com,Active,2026/11/30 08:15:00",
    ].join("\r\n");

    // Act
    const output = parseCsvText(text, "accounts", {
      accountId: "Email Address [Required]",
      lastLoginAt: "Last Sign In [READ ONLY]",
    });

    // Assess
    expect(accounts(output).map((a) => a.lastLoginAt)).toEqual([
      undefined,
      undefined,
      undefined,
      Date.parse("2026-11-30T08:15:00Z"),
    ]);
    expect(output.warnings ?? []).toEqual([]);
    expect(output.held ?? []).toEqual([]);
    expect(output.provides).toContain("lastLoginAt");
  });

  it("still drops a word that is not 'never' with a warning, and holds the account", () => {
    // Act
    const output = parseCsvText("id,lastLogin\nu1,yesterday\n", "accounts", {
      accountId: "id",
      lastLoginAt: "lastLogin",
    });

    // Assess
    expect(output.warnings?.map((w) => w.reason)).toEqual([expect.stringContaining('got "yesterday"')]);
    expect(output.held).toEqual(["account:u1"]);
  });
});
