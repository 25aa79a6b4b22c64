import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../functions/shared/escape.ts";

describe("escapeHtml", () => {
  it("escapes the five HTML-special characters", () => {
    // Prepare
    const text = `<a href="x" title='y'>Tom & Jerry</a>`;

    // Act
    const escaped = escapeHtml(text);

    // Assess
    expect(escaped).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
  });

  it("neutralises script and attribute-breakout payloads", () => {
    // Act
    const script = escapeHtml("<script>alert(1)</script>");
    const breakout = escapeHtml(`"><img src=x onerror=alert(1)>`);

    // Assess
    expect(script).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(breakout).toBe("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  });

  it("escapes an existing entity again, so text shows exactly as written", () => {
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
  });

  it("returns text without special characters unchanged", () => {
    expect(escapeHtml("dana.whitfield@acme.com — Zoë")).toBe("dana.whitfield@acme.com — Zoë");
  });
});
