import { describe, expect, it } from "vitest";
import { decodeBasicHtmlEntities } from "../../functions/sources/html-entities.ts";

describe("decodeBasicHtmlEntities", () => {
  it.each([
    ["Dell &amp; Co", "Dell & Co"],
    ["&lt;b&gt;", "<b>"],
    ["14&quot; screen", '14" screen'],
    ["O&#039;Brien", "O'Brien"],
    ["O&#39;Brien", "O'Brien"],
    ["O&apos;Brien", "O'Brien"],
    ["&amp;lt;", "&lt;"],
    ["R&D", "R&D"],
    ["&copy; &nbsp;", "&copy; &nbsp;"],
    ["plain", "plain"],
  ])("decodes %j as %j", (text, expected) => {
    // Prepare, Act
    const decoded = decodeBasicHtmlEntities(text);

    // Assess
    expect(decoded).toBe(expected);
  });
});
