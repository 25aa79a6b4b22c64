import { describe, expect, it } from "vitest";
import {
  type LinkClaims,
  linkIdFor,
  linkUrl,
  signLink,
  verifyLink,
} from "../../functions/reviews/decision-link.ts";

const KEY = "k".repeat(32);
const NOW = Date.parse("2026-12-02T10:00:00Z");
const claims: LinkClaims = {
  c: "review-1",
  p: "m1",
  b: "m1",
  s: "item",
  i: "account:abc",
  x: NOW + 1000,
  n: linkIdFor(["x"]),
};

describe("decision links", () => {
  it("verifies a link it signed and returns its claims", () => {
    // Act
    const check = verifyLink(signLink(claims, KEY), KEY, NOW);

    // Assess
    expect(check).toEqual({ ok: true, claims });
  });

  it("refuses a link signed with another key, or with changed claims", () => {
    // Prepare
    const token = signLink(claims, KEY);
    const [, signature] = token.split(".");
    const tampered = `${Buffer.from(JSON.stringify({ ...claims, s: "revoke-all", i: undefined })).toString("base64url")}.${signature}`;

    // Act + Assess
    expect(verifyLink(signLink(claims, "another key"), KEY, NOW)).toEqual({ ok: false, reason: "forged" });
    expect(verifyLink(tampered, KEY, NOW)).toEqual({ ok: false, reason: "forged" });
    expect(verifyLink(`${token}x`, KEY, NOW).ok).toBe(false);
  });

  it("refuses an expired link and a malformed token", () => {
    // Act + Assess
    expect(verifyLink(signLink(claims, KEY), KEY, NOW + 1000)).toMatchObject({
      ok: false,
      reason: "expired",
    });
    expect(verifyLink("not-a-token", KEY, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyLink("a.b.c", KEY, NOW)).toEqual({ ok: false, reason: "malformed" });
  });

  it("puts the token in the query of the decision URL, and derives stable link ids", () => {
    // Assess
    expect(linkUrl("https://x.lambda-url.us-east-1.on.aws/", "abc.def")).toBe(
      "https://x.lambda-url.us-east-1.on.aws/?t=abc.def",
    );
    expect(linkIdFor(["a", "b"])).toBe(linkIdFor(["a", "b"]));
    expect(linkIdFor(["a", "b"])).not.toBe(linkIdFor(["ab", ""]));
  });
});
