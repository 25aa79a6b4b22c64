import { describe, expect, it } from "vitest";
import {
  HR_STATUS_WORDS,
  normalizeStatusWord,
  statusWordLookup,
} from "../../functions/sources/hr-status-words.ts";

describe("HR status words", () => {
  it.each([
    ["Active", "active"],
    ["Inactive", "terminated"],
    ["Terminated", "terminated"],
    ["Withdrawn", "terminated"],
    ["Leave of Absence", "leave"],
    ["LOA", "leave"],
    ["On Leave", "leave"],
    ["Paid Leave", "leave"],
    ["Pre-hire", "active"],
    ["Pre-Hire", "active"],
    ["Retired", "terminated"],
    ["Deceased", "terminated"],
    ["Suspended", "leave"],
    ["Garden leave", "terminated"],
    ["Employed", "active"],
    ["Hired", "active"],
    ["onboarding", "active"],
    ["leave", "leave"],
    ["inactive", "terminated"],
    ["Active - Payroll Eligible", "active"],
    ["Active - No Payroll", "active"],
    ["Suspended - Payroll Eligible", "leave"],
    ["Inactive - Payroll Eligible", "terminated"],
    ["Inactive - No Payroll", "terminated"],
    ["Active Assignment", "active"],
    ["Suspend Assignment", "leave"],
    ["Terminate Assignment", "terminated"],
  ])("understands %s as %s", (word, status) => {
    expect(statusWordLookup(undefined)(word)).toBe(status);
  });

  it("ignores case, surrounding spaces and inner punctuation", () => {
    // Act
    const lookup = statusWordLookup(undefined);

    // Assess
    expect(lookup("  LEAVE_OF-ABSENCE. ")).toBe("leave");
    expect(lookup("pre  hire")).toBe("active");
    expect(normalizeStatusWord(" On-Leave (Paid) ")).toBe("on leave paid");
  });

  it("lets a source's statusValues map its own words, and override built-in ones", () => {
    // Act
    const lookup = statusWordLookup({ Alumni: "terminated", Sabbatical: "active", Furlough: "terminated" });

    // Assess
    expect(lookup("alumni")).toBe("terminated");
    expect(lookup("SABBATICAL")).toBe("active");
    expect(lookup("furlough")).toBe("terminated");
    expect(lookup("Active")).toBe("active");
  });

  it("does not know a word nobody mapped", () => {
    expect(statusWordLookup(undefined)("Sabbatical 2")).toBeUndefined();
  });

  it("keeps its table normalized, so every built-in word can match", () => {
    for (const word of HR_STATUS_WORDS.keys()) expect(normalizeStatusWord(word)).toBe(word);
  });
});
