/** The function-URL handler around the decision page: headers, bad requests, and a failure that records nothing. */
import { describe, expect, it } from "vitest";
import { decisionPageHandler, PAGE_HEADERS } from "../../functions/handlers/decide-review-item.ts";
import { linkIdFor, signLink } from "../../functions/reviews/decision-link.ts";
import { CAMPAIGN_DUE, LINK_KEY, reviewFixture } from "../support/review-campaign.ts";

const NOW = Date.parse("2026-12-03T15:00:00Z");
const get = (t: string) => ({ requestContext: { http: { method: "GET" } }, queryStringParameters: { t } });

describe("the decision page handler", () => {
  it("answers with a page that caches nowhere, sends no referrer and runs no script", async () => {
    // Prepare
    const fixture = await reviewFixture();
    const token = signLink(
      { c: "review-test", p: "m1", b: "m1", s: "keep-all", x: CAMPAIGN_DUE, n: linkIdFor(["k"]) },
      LINK_KEY,
    );

    // Act
    const result = await decisionPageHandler(
      () => fixture.deps,
      () => NOW,
    )(get(token));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers).toEqual(PAGE_HEADERS);
    expect(result.headers["Content-Security-Policy"]).toContain("default-src 'none'");
    expect(result.body).toContain('<form method="post">');
    expect(result.body).not.toContain("<script");
  });

  it("refuses an event that is not a function URL request", async () => {
    // Prepare
    const fixture = await reviewFixture();

    // Act
    const result = await decisionPageHandler(
      () => fixture.deps,
      () => NOW,
    )({ hello: "world" });

    // Assess
    expect(result.statusCode).toBe(400);
  });

  it("says nothing was recorded when the store fails, and reports the error", async () => {
    // Prepare
    const fixture = await reviewFixture();
    fixture.reviews.getCampaign = async () => {
      throw new Error("ProvisionedThroughputExceededException");
    };
    const errors: unknown[] = [];
    const token = signLink(
      { c: "review-test", p: "m1", b: "m1", s: "keep-all", x: CAMPAIGN_DUE, n: linkIdFor(["k"]) },
      LINK_KEY,
    );

    // Act
    const result = await decisionPageHandler(
      () => fixture.deps,
      () => NOW,
      (error) => errors.push(error),
    )(get(token));

    // Assess
    expect(result.statusCode).toBe(500);
    expect(result.body).toContain("your decision was not recorded");
    expect(result.body).not.toContain("ProvisionedThroughputExceededException");
    expect(errors).toHaveLength(1);
  });
});
