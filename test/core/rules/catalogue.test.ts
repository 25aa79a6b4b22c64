import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../../functions/core/rules/registry.ts";

const CATALOGUE = readFileSync(new URL("../../../docs/RULES.md", import.meta.url), "utf8");

/** `## \`rule-id\`` headings split the catalogue into one section per rule. */
function sections(markdown: string): Map<string, string> {
  const result = new Map<string, string>();
  const parts = markdown.split(/^## `([a-z0-9-]+)`\s*$/m);
  for (let i = 1; i + 1 < parts.length; i += 2) result.set(parts[i] ?? "", parts[i + 1] ?? "");
  return result;
}

/** "NIST AC-2" must not be satisfied by "NIST AC-2(3)". */
function mentions(text: string, control: string): boolean {
  const escaped = control.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`${escaped}(?![\\w(.-])`).test(text);
}

describe("docs/RULES.md", () => {
  const bySection = sections(CATALOGUE);

  it("has one section per registered rule, in registry order, and no others", () => {
    // Act / Assess
    expect([...bySection.keys()]).toEqual(ALL_RULES.map((r) => r.id));
  });

  it.each(ALL_RULES.map((rule) => [rule.id, rule] as const))("lists every control of %s", (_id, rule) => {
    // Prepare
    const section = bySection.get(rule.id) ?? "";

    // Act
    const missing = rule.controls.filter((control) => !mentions(section, control));

    // Assess
    expect(missing).toEqual([]);
  });

  it.each(ALL_RULES.map((rule) => [rule.id, rule] as const))("names the title of %s", (_id, rule) => {
    // Act / Assess
    expect(bySection.get(rule.id)).toContain(`**${rule.title}**`);
  });
});
