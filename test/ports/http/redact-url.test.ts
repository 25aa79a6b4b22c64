import { describe, expect, it } from "vitest";
import { hasUserinfo, redactUrl, scrubSecrets } from "../../../functions/ports/http/redact-url.ts";
import { checkRequestUrl, httpLoopbackAllowed } from "../../../functions/ports/http/url-policy.ts";
import { isLoopbackHost } from "../../../functions/shared/loopback-host.ts";

describe("redactUrl", () => {
  it.each([
    ["https://svc:s3cret@acme.okta.com/api/v1/users", "https://acme.okta.com/api/v1/users"],
    [
      "https://graph.microsoft.com/v1.0/users?$top=120&$skiptoken=RFNwdAIAAQAAAB",
      "https://graph.microsoft.com/v1.0/users?%24top=120&%24skiptoken=REDACTED",
    ],
    [
      "https://hooks.example.com/in?sig=abc&access_token=xyz",
      "https://hooks.example.com/in?sig=REDACTED&access_token=REDACTED",
    ],
    [
      "https://acme.okta.com/api/v1/users?limit=200&after=00u1",
      "https://acme.okta.com/api/v1/users?limit=200&after=00u1",
    ],
    ["https://acme.example.com/#access_token=abc", "https://acme.example.com/"],
  ])("shows %s as %s", (url, expected) => {
    // Act
    const shown = redactUrl(url);

    // Assess
    expect(shown).toBe(expected);
  });

  it("does not echo text that is not a URL", () => {
    // Act
    const shown = redactUrl("s3cret-not-a-url");

    // Assess
    expect(shown).toBe("(an invalid URL)");
  });

  it("tells a URL with userinfo", () => {
    // Assess
    expect(hasUserinfo("https://user@host.example")).toBe(true);
    expect(hasUserinfo("https://host.example/a@b")).toBe(false);
  });
});

describe("scrubSecrets", () => {
  it("replaces every occurrence of each secret, but not short strings", () => {
    // Act
    const text = scrubSecrets("token abcdef12 and abcdef12 again; id 42", ["abcdef12", "42"]);

    // Assess
    expect(text).toBe("token [REDACTED] and [REDACTED] again; id 42");
  });

  it("replaces a secret echoed percent-encoded, form-encoded or JSON-escaped", () => {
    // Prepare
    const secret = 'Q8x~entra+SECRET/DDDD.9 "x"';
    const echoes = [
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ client_secret: secret }).toString(),
      new URLSearchParams({ client_secret: secret })
        .toString()
        .replaceAll(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
      JSON.stringify({ client_secret: secret }),
      JSON.stringify({ client_secret: secret }).replaceAll("/", "\\/"),
    ];

    // Act
    const text = scrubSecrets(echoes.join(" | "), [secret]);

    // Assess
    expect(text).not.toMatch(/Q8x|entra|SECRET|DDDD/);
    expect(text.split("[REDACTED]")).toHaveLength(echoes.length + 1);
  });
});

describe("checkRequestUrl", () => {
  it.each(["localhost", "127.0.0.1", "127.9.9.9", "[::1]", "api.localhost"])("%s is loopback", (host) => {
    // Assess
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(["10.0.0.1", "example.com", "localhost.example.com", "[::2]"])("%s is not loopback", (host) => {
    // Assess
    expect(isLoopbackHost(host)).toBe(false);
  });

  it("takes https, and http to loopback only when allowed", () => {
    // Assess
    expect(checkRequestUrl("https://acme.okta.com", false).host).toBe("acme.okta.com");
    expect(checkRequestUrl("http://127.0.0.1:8080/scim", true).port).toBe("8080");
    expect(() => checkRequestUrl("http://127.0.0.1:8080/scim", false)).toThrow(
      /DEPROV_ALLOW_HTTP_LOOPBACK=1/,
    );
    expect(() => checkRequestUrl("ftp://acme.example.com", true)).toThrow("expected an https URL");
  });

  it("allows plain http to loopback only when the environment says DEPROV_ALLOW_HTTP_LOOPBACK=1", () => {
    // Assess
    expect(httpLoopbackAllowed({})).toBe(false);
    expect(httpLoopbackAllowed({ DEPROV_ALLOW_HTTP_LOOPBACK: "true" })).toBe(false);
    expect(httpLoopbackAllowed({ DEPROV_ALLOW_HTTP_LOOPBACK: "1" })).toBe(true);
  });
});
