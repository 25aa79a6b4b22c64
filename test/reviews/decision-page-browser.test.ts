/**
 * The decision page in a real browser with JavaScript off (Debian's Chromium through
 * playwright-core), served by the function-URL handler behind a loopback server: the form works
 * without script, a link works once, and forged, expired and post-close links get a clear page.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decisionPageHandler } from "../../functions/handlers/decide-review-item.ts";
import { type LinkClaims, linkIdFor, signLink } from "../../functions/reviews/decision-link.ts";
import { CAMPAIGN_DUE, LINK_KEY, type ReviewFixture, reviewFixture } from "../support/review-campaign.ts";

const CHROMIUM = "/usr/bin/chromium";
let now = Date.parse("2026-12-03T15:00:00Z");
let fixture: ReviewFixture;
let server: Server;
let base: string;
let context: BrowserContext | undefined;
let workDir: string;

/** Function URL events (payload 2.0) from plain HTTP, as AWS builds them. */
function startServer(): Promise<string> {
  const handle = decisionPageHandler(
    () => fixture.deps,
    () => now,
  );
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const url = new URL(request.url ?? "/", "http://localhost");
      const result = await handle({
        requestContext: { http: { method: request.method ?? "GET" } },
        queryStringParameters: Object.fromEntries(url.searchParams),
        body: Buffer.concat(chunks).toString("base64"),
        isBase64Encoded: true,
      });
      response.writeHead(result.statusCode, result.headers).end(result.body);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

function link(claims: Partial<LinkClaims>, key = LINK_KEY): string {
  const full: LinkClaims = {
    c: "review-test",
    p: "m1",
    b: "m1",
    s: "item",
    x: CAMPAIGN_DUE,
    n: "",
    ...claims,
  };
  full.n = linkIdFor([full.c, full.p, full.b, full.s, full.i ?? ""]);
  return `${base}/?t=${signLink(full, key)}`;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run apt-get install -y chromium`);
  workDir = await mkdtemp(join(tmpdir(), "deprov-decision-browser-"));
  context = await chromium.launchPersistentContext(join(workDir, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    javaScriptEnabled: false,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
  base = await startServer();
});

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

beforeEach(async () => {
  fixture = await reviewFixture();
  now = Date.parse("2026-12-03T15:00:00Z");
});

async function open(url: string) {
  if (!context) throw new Error("no browser");
  const page = await context.newPage();
  const response = await page.goto(url);
  return { page, status: response?.status() };
}

describe("the decision page, without JavaScript", () => {
  it("shows an item, records a revoke with its reason, and escapes roster text", async () => {
    // Prepare
    const item = fixture.items[0];
    if (!item) throw new Error("no item");
    const { page, status } = await open(link({ i: item.itemId }));

    // Act
    expect(status).toBe(200);
    expect(await page.locator("h1").textContent()).toBe("Keep or revoke this access?");
    expect(await page.locator("td").first().textContent()).toBe("<script>alert(1)</script> Eve (e1)");
    expect(await page.locator("main script").count()).toBe(0);
    await page.check('input[value="revoke"]');
    await page.fill("#reason", "left the finance team");
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);

    // Assess
    expect(await page.locator("h1").textContent()).toBe("Decision recorded");
    expect(await page.locator("p").textContent()).toContain("1 item revoked");
    expect(await fixture.reviews.getDecision("review-test", item.itemId)).toMatchObject({
      decision: "revoke",
      by: "m1",
      reason: "left the finance team",
      via: "link",
      at: now,
    });
    await page.close();
  });

  it("lets a link work once", async () => {
    // Prepare
    const url = link({ s: "keep-all" });
    const first = await open(url);
    expect(await first.page.locator("h1").textContent()).toBe("Keep all 3 undecided items?");
    await Promise.all([first.page.waitForNavigation(), first.page.click("button[type=submit]")]);
    expect(await first.page.locator("p").textContent()).toContain("3 items kept");

    // Act
    const again = await open(url);

    // Assess
    expect(again.status).toBe(409);
    expect(await again.page.locator("h1").textContent()).toBe("Link already used");
    expect((await fixture.reviews.getReviewer("review-test", "m1"))?.kept).toBe(3);
    await first.page.close();
    await again.page.close();
  });

  it("refuses a forged link, an expired link and a link after the campaign closed", async () => {
    // Prepare
    const item = fixture.items[2];
    if (!item) throw new Error("no item");

    // Act
    const forged = await open(link({ i: item.itemId }, "a key deprov never had"));
    now = CAMPAIGN_DUE + 1;
    const expired = await open(link({ i: item.itemId }));
    now = Date.parse("2026-12-04T10:00:00Z");
    await fixture.reviews.updateCampaign("review-test", { status: "closed", closedAt: now - 1000 });
    const afterClose = await open(link({ i: item.itemId }));

    // Assess
    expect([forged.status, expired.status, afterClose.status]).toEqual([403, 410, 410]);
    expect(await forged.page.locator("h1").textContent()).toBe("Link not valid");
    expect(await expired.page.locator("h1").textContent()).toBe("Link expired");
    expect(await afterClose.page.locator("h1").textContent()).toBe("Campaign closed");
    expect(await fixture.reviews.listDecisions("review-test")).toEqual([]);
    for (const page of [forged.page, expired.page, afterClose.page]) await page.close();
  });

  it("refuses a POST that arrives after the campaign closed, and audits it", async () => {
    // Prepare
    const item = fixture.items[2];
    if (!item) throw new Error("no item");
    const { page } = await open(link({ i: item.itemId }));
    await page.check('input[value="keep"]');
    await fixture.reviews.updateCampaign("review-test", { status: "closed", closedAt: now });

    // Act
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);

    // Assess
    expect(await page.locator("h1").textContent()).toBe("Campaign closed");
    expect(await fixture.reviews.listDecisions("review-test")).toEqual([]);
    const audit = await fixture.state.listAudit({ from: now - 86_400_000, to: now + 86_400_000 });
    expect(audit.map((entry) => entry.kind)).toEqual(["review.decision-rejected"]);
    await page.close();
  });
});
