import { describe, expect, it } from "vitest";
import { html, joinHtml, SafeHtml } from "../../functions/shared/html.ts";

describe("html template tag", () => {
  it("escapes interpolated strings and numbers", () => {
    // Prepare
    const name = `<b>"Tom" & 'Jerry'</b>`;

    // Act
    const out = html`<td title="${name}">${name} ${42}</td>`;

    // Assess
    expect(out.value).toBe(
      '<td title="&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;">&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt; 42</td>',
    );
  });

  it("inserts nested templates as markup, without escaping them twice", () => {
    // Act
    const out = html`<p>${html`<b>${"a&b"}</b>`}</p>`;

    // Assess
    expect(out.value).toBe("<p><b>a&amp;b</b></p>");
  });

  it("renders arrays item by item and skips null, undefined and false", () => {
    // Act
    const out = html`<ul>${["<x>", html`<li>y</li>`]}${null}${undefined}${false}</ul>`;

    // Assess
    expect(out.value).toBe("<ul>&lt;x&gt;<li>y</li></ul>");
  });

  it("joins fragments with a separator and escapes plain strings among them", () => {
    // Act
    const out = joinHtml([html`<i>a</i>`, "<b>"], "<br>");

    // Assess
    expect(out).toBeInstanceOf(SafeHtml);
    expect(out.value).toBe("<i>a</i><br>&lt;b&gt;");
  });
});
