/** `deprov review` as a user runs it, against a local state folder seeded by `deprov scan`: the SPEC §7 shapes and exit codes. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { main } from "../../cli/main.ts";

const NOW = "2026-11-26T12:00:00Z";
const root = mkdtempSync(join(tmpdir(), "deprov-review-cli-"));
const org = join(root, "org");
const state = join(root, "state");
const out = join(root, "out");
let stdout: string[] = [];
let stderr: string[] = [];

beforeAll(async () => {
  await generateDemo({ outDir: org, now: Date.parse(NOW) });
  vi.spyOn(process.stderr, "write").mockImplementation((text: string | Uint8Array) => {
    stderr.push(String(text));
    return true;
  });
  vi.spyOn(console, "log").mockImplementation((text: unknown) => void stdout.push(String(text)));
  vi.spyOn(console, "error").mockImplementation((text: unknown) => void stderr.push(String(text)));
  const scanned = await main([
    "scan",
    "--config",
    join(org, "deprov.config.json"),
    "--state",
    state,
    "--out",
    out,
    "--now",
    NOW,
    "--json",
  ]);
  expect(scanned).toBe(0);
});

beforeEach(() => {
  stdout = [];
  stderr = [];
});

afterAll(() => {
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

const review = (sub: string, now: string, ...extra: string[]) =>
  main([
    "review",
    sub,
    "--config",
    join(org, "deprov.config.json"),
    "--state",
    state,
    "--out",
    out,
    "--now",
    now,
    ...extra,
  ]);
const json = () => JSON.parse(stdout.join("\n"));

interface StatusItem {
  itemId: string;
  kind: string;
  personId: string;
  reviewerId: string;
  subject: { type: string; sourceId: string; id: string };
  decision: string | null;
}

describe("deprov review", () => {
  it("starts, lists, decides and closes a campaign with the SPEC §7 shapes and exit codes", async () => {
    // Act: start
    expect(
      await review("start", "2026-11-27T09:00:00Z", "--name", "Annual 2026", "--due", "2026-12-18", "--json"),
    ).toBe(0);
    const started = json();

    // Assess: exactly {"campaignId": …}, and the packets in the output folder
    expect(Object.keys(started)).toEqual(["campaignId"]);
    expect(readdirSync(join(out, "emails")).some((name) => name.includes("review-packet"))).toBe(true);

    // Act: status --json
    stdout = [];
    expect(await review("status", "2026-11-28T09:00:00Z", "--campaign", started.campaignId, "--json")).toBe(
      0,
    );
    const status = json() as {
      status: string;
      reviewers: { reviewerId: string; items: number; pending: number }[];
      items: StatusItem[];
    };

    // Assess
    expect(status.status).toBe("open");
    expect(status.items.length).toBe(status.reviewers.reduce((sum, r) => sum + r.items, 0));
    const item = status.items.find((i) => i.kind === "account");
    if (!item) throw new Error("no account item");
    expect(item).toMatchObject({ decision: null, subject: { type: "account" } });

    // Act: decisions — one recorded, one conflicting, one by the person themself
    stdout = [];
    const decided = await review(
      "decide",
      "2026-11-29T09:00:00Z",
      "--campaign",
      started.campaignId,
      "--item",
      item.itemId,
      "--decision",
      "revoke",
      "--by",
      item.reviewerId,
      "--reason",
      "no longer in sales",
    );
    const conflicting = await review(
      "decide",
      "2026-11-29T10:00:00Z",
      "--campaign",
      started.campaignId,
      "--item",
      item.itemId,
      "--decision",
      "keep",
      "--by",
      item.reviewerId,
    );
    const own = status.items.find((i) => i.itemId !== item.itemId);
    const self = await review(
      "decide",
      "2026-11-29T10:00:00Z",
      "--campaign",
      started.campaignId,
      "--item",
      own?.itemId ?? "",
      "--decision",
      "keep",
      "--by",
      own?.personId ?? "",
    );
    const unknown = await review(
      "decide",
      "2026-11-29T10:00:00Z",
      "--campaign",
      started.campaignId,
      "--item",
      "account:nope",
      "--decision",
      "keep",
      "--by",
      "x",
    );

    // Assess
    expect([decided, conflicting, self, unknown]).toEqual([0, 2, 2, 2]);
    expect(stderr.join("\n")).toContain("the first decision stands");
    expect(stderr.join("\n")).toContain("cannot certify their own access");

    // Act: close
    stdout = [];
    expect(
      await review(
        "close",
        "2026-12-19T12:00:00Z",
        "--campaign",
        started.campaignId,
        "--by",
        "ada",
        "--json",
      ),
    ).toBe(0);
    const closed = json();

    // Assess
    expect(closed).toMatchObject({
      status: "closed",
      close: { revoked: 1, tasks: { created: 1, sink: "local" } },
    });
    expect(existsSync(join(out, "reviews", started.campaignId, "report.html"))).toBe(true);
    expect(existsSync(join(out, "reviews", started.campaignId, "report.csv"))).toBe(true);

    // Act: a late decision
    const late = await review(
      "decide",
      "2026-12-20T09:00:00Z",
      "--campaign",
      started.campaignId,
      "--item",
      own?.itemId ?? "",
      "--decision",
      "keep",
      "--by",
      item.reviewerId,
    );

    // Assess: the run reached the due date (the end of 2026-12-18 in New York) first, and closed there
    expect(late).toBe(2);
    expect(stderr.join("\n")).toMatch(/closed on 2026-12-19T05:00:00.000Z; decisions are no longer accepted/);

    // Act: advance and close once it is closed
    stdout = [];
    const advanced = await review("advance", "2026-12-20T10:00:00Z", "--campaign", started.campaignId);
    const closedAgain = await review("close", "2026-12-20T10:00:00Z", "--campaign", started.campaignId);

    // Assess: both refused alike, and nothing claims tasks were opened
    expect([advanced, closedAgain]).toEqual([2, 2]);
    expect(stderr.join("\n").match(/is already closed/g)).toHaveLength(2);
    expect(stdout.join("\n")).not.toContain("Remediation tasks");
  });

  it("takes a decision only from the item's reviewer, resolved on the roster, within the campaign", async () => {
    // Prepare: a campaign of its own, and the roster the demo scan read
    expect(
      await review("start", "2026-11-28T09:00:00Z", "--name", "Reviewers", "--due", "2026-12-18", "--json"),
    ).toBe(0);
    const { campaignId } = json();
    stdout = [];
    await review("status", "2026-11-28T09:00:00Z", "--campaign", campaignId, "--json");
    const items = (json() as { items: StatusItem[] }).items;
    const roster = rosterOf(join(org, "hr-roster.csv"));
    const domains = (
      JSON.parse(readFileSync(join(org, "deprov.config.json"), "utf8")) as { emailDomains: string[] }
    ).emailDomains;
    const item = items.find((i) => roster.get(i.personId)?.email && roster.get(i.reviewerId)?.email);
    if (!item) throw new Error("no item with a subject and a reviewer on the roster");
    const subjectEmail = roster.get(item.personId)?.email ?? "";
    const reviewerEmail = roster.get(item.reviewerId)?.email ?? "";
    const otherReviewer = items.find(
      (i) => i.reviewerId !== item.reviewerId && i.reviewerId !== item.personId,
    );
    const leaver = [...roster.values()].find(
      (p) => p.terminationDate !== "" && p.terminationDate < "2026-11-01" && p.id !== item.personId,
    );
    const decide = (now: string, by: string) =>
      review(
        "decide",
        now,
        "--campaign",
        campaignId,
        "--item",
        item.itemId,
        "--decision",
        "revoke",
        "--by",
        by,
      );
    const atOtherDomain = (address: string) =>
      address
        .replace(/@.*$/, `@${domains.find((d) => !address.endsWith(`@${d}`)) ?? domains[0]}`)
        .toUpperCase();

    // Act: the person under another org domain, a login, another manager, a leaver, outside the window
    const refused = [
      await decide("2026-11-29T09:00:00Z", atOtherDomain(subjectEmail)),
      await decide("2026-11-29T09:00:00Z", "no-such-login"),
      await decide("2026-11-29T09:00:00Z", otherReviewer?.reviewerId ?? ""),
      await decide("2026-11-29T09:00:00Z", leaver?.id ?? ""),
      await decide("2026-11-28T08:00:00Z", item.reviewerId),
      await decide("2026-12-19T12:00:00Z", item.reviewerId),
    ];
    const errors = stderr.join("\n");
    stdout = [];
    const accepted = await decide("2026-11-29T09:00:00Z", atOtherDomain(reviewerEmail));

    // Assess
    expect(domains.length).toBeGreaterThan(1);
    expect(refused).toEqual([2, 2, 2, 2, 2, 2]);
    expect(errors).toContain(`${item.personId} cannot certify their own access`);
    expect(errors).toContain('"no-such-login" is no one on the roster');
    expect(errors).toContain(
      `${otherReviewer?.reviewerId} is not the reviewer of item ${item.itemId}; it is decided by ${item.reviewerId}`,
    );
    expect(errors).toContain(`${leaver?.id} had left by`);
    expect(errors.match(/is outside it/g)).toHaveLength(2);
    expect(accepted).toBe(0);
    expect(stdout.join("\n")).toContain(`Recorded: ${item.itemId} revoke by ${item.reviewerId}`);
  });

  it("refuses to start without a successful scan, naming the state folder", async () => {
    // Act
    const code = await main(["review", "start", "--state", join(root, "empty"), "--now", NOW]);

    // Assess
    expect(code).toBe(2);
    expect(stderr.join("\n")).toContain("no scan has been recorded");
  });
});

/** The demo roster's people by employee id (the demo's CSV quotes nothing). */
function rosterOf(path: string): Map<string, { id: string; email: string; terminationDate: string }> {
  const [header, ...rows] = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const columns = (header ?? "").split(",");
  const at = (name: string) => columns.indexOf(name);
  const people = new Map<string, { id: string; email: string; terminationDate: string }>();
  for (const row of rows) {
    const cells = row.split(",");
    const id = cells[at("Employee #")] ?? "";
    people.set(id, {
      id,
      email: cells[at("Work Email")] ?? "",
      terminationDate: cells[at("Termination Date")] ?? "",
    });
  }
  return people;
}
