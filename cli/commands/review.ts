/**
 * `deprov review start|status|decide|close|advance` (SPEC §7): access-review campaigns, run by
 * statemachines/access-review.asl.json — locally in-process, with the embedded store, files for
 * blobs and the local mail sink. `start` and `close` run the state machine up to `--now`; `advance`
 * runs it up to `--now` without closing (the reminders and escalations due by then go out).
 */
import { join, resolve } from "node:path";
import type { LoadedConfig } from "../../functions/config/load-config.ts";
import { decidersOf, resolveDecider } from "../../functions/core/reviews/decider.ts";
import {
  REVIEW_DECISIONS,
  type ReviewDecisionValue,
  type ReviewItem,
} from "../../functions/core/reviews/types.ts";
import { toIso } from "../../functions/core/time.ts";
import type { Campaign, ReviewerProgress } from "../../functions/ports/reviews/review-store.ts";
import { campaignIdFor } from "../../functions/reviews/campaign-items.ts";
import {
  DecisionRejectedError,
  findItem,
  openCampaign,
  recordDecisions,
  refuseUnknownDecider,
} from "../../functions/reviews/decide.ts";
import { deciderCandidates } from "../../functions/reviews/decider-roster.ts";
import { evidenceState, loadCampaignState } from "../../functions/reviews/publish-campaign-report.ts";
import { reviewPortsOf } from "../../functions/reviews/review-ports.ts";
import { dueInstant, InvalidCampaignInputError } from "../../functions/reviews/steps/start-campaign.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { COMMON_OPTIONS, EXIT, parseCommandArgs, parseNow, UsageError } from "../args.ts";
import { DEFAULT_STACK } from "../aws/deployed-stack.ts";
import { startReviewInAws } from "../aws/review-aws.ts";
import { type LocalState, openLocalState } from "../local/embedded-dynamodb.ts";
import { localDependencies } from "../local/local-dependencies.ts";
import { LocalMailer } from "../local/local-mailer.ts";
import { runLocalReview } from "../local/run-local-review.ts";
import type { RunEvent } from "../local/run-state-machine.ts";
import { DEFAULT_STATE_DIR, resolveConfig } from "../resolve-config.ts";
import { terminalText } from "../terminal-text.ts";

export const REVIEW_HELP = `Usage: deprov review <start|status|decide|close|advance> [options]

Access-review campaigns: each manager certifies (keep / revoke) the accounts, restricted
entitlements and devices of their reports, drawn from the latest successful scan. Runs
statemachines/access-review.asl.json, the same definition as in AWS.

  deprov review start [--name N] [--due DATE] [--by WHO] [--json] [--aws [--stack NAME]]
      create a campaign and email every reviewer their packet; prints the campaign id
      (--aws: start the deployed state machine and follow it until it waits for decisions)
  deprov review status [--campaign ID] [--json]
      per reviewer: items, kept, revoked, pending (default: the latest campaign);
      with --json every item with its itemId, subject and decision
  deprov review decide --campaign ID --item ITEM --decision keep|revoke --by WHO [--reason TEXT]
      record a decision as the item's reviewer (or its escalation target once escalated), named by
      employee id, work email or unique name; the first one for an item stands, the person
      themself cannot decide, and only between the campaign's start and its due date
  deprov review close --campaign ID [--by WHO] [--json]
      send what is due up to --now, close (at --now, or at the due date if that came first):
      revokes become remediation tasks, undecided items are reported (or revoked, with
      reviews.undecidedAsRevoke), the campaign report is written
  deprov review advance --campaign ID
      send the reminders and escalations due by --now (and close once the due date has passed)

All take --config FILE, --state DIR (default .deprov/), --now ISO8601 (default: now) and
--out DIR (emails and the campaign report; default out/).
Exit codes: 0 ok, 2 bad input or a decision refused (closed campaign, unknown item, own access),
4 the state machine failed.`;

const SUBCOMMANDS = ["start", "status", "decide", "close", "advance"] as const;

export async function reviewCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    console.log(REVIEW_HELP);
    return sub === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (!(SUBCOMMANDS as readonly string[]).includes(sub))
    throw new UsageError(`deprov review: unknown subcommand "${sub}" (expected ${SUBCOMMANDS.join(", ")})`);
  const { values } = parseCommandArgs(`review ${sub}`, rest, {
    ...COMMON_OPTIONS,
    now: { type: "string" },
    out: { type: "string" },
    json: { type: "boolean" },
    name: { type: "string" },
    due: { type: "string" },
    campaign: { type: "string" },
    item: { type: "string" },
    decision: { type: "string" },
    by: { type: "string" },
    reason: { type: "string" },
    aws: { type: "boolean" },
    stack: { type: "string" },
  });
  if (values.help) {
    console.log(REVIEW_HELP);
    return EXIT.ok;
  }
  const now = parseNow(values.now);
  const json = values.json === true;
  const say = (line: string) => {
    if (!json) process.stderr.write(`${line}\n`);
  };
  if (values.aws) {
    if (sub !== "start")
      throw new UsageError(
        `deprov review ${sub}: --aws goes with start only (decisions in AWS come through the signed links)`,
      );
    return startReviewInAws({
      stack: values.stack ?? DEFAULT_STACK,
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(values.due !== undefined ? { due: values.due } : {}),
      ...(values.by !== undefined ? { by: values.by } : {}),
      ...(values.now !== undefined ? { now } : {}),
      json,
      say,
      onEvent: progress(say),
    });
  }
  const stateDir = resolve(values.state ?? DEFAULT_STATE_DIR);
  const state = await openLocalState(stateDir, { existingOnly: true });
  if (state === undefined)
    throw new UsageError(
      `deprov review: no scan has been recorded in ${stateDir} yet; run deprov scan first`,
    );
  const outDir = resolve(values.out ?? "out");
  const mailer = new LocalMailer(outDir);
  // status reads no config (the demo org is not generated for it); decide reads it to resolve --by.
  let config: Promise<LoadedConfig> | undefined;
  const loadConfig = () => {
    config ??= resolveConfig(values.config, values.state, now, say);
    return config;
  };
  try {
    const deps = localDependencies({ ...baseOptions(state, outDir), config: loadConfig, mailer, log: say });
    switch (sub) {
      case "start":
        return await start(deps, state, await loadConfig(), { ...values, now, json, say });
      case "status":
        return await status(deps, state, values.campaign, now, json);
      case "decide":
        return await decide(deps, values, now, json);
      default:
        await loadConfig();
        return await runToNow(
          deps,
          required("--campaign", values.campaign),
          sub === "close",
          values.by,
          now,
          json,
          say,
        );
    }
  } catch (error) {
    if (error instanceof DecisionRejectedError || error instanceof InvalidCampaignInputError) {
      console.error(`deprov review ${sub}: ${error.message}`);
      return EXIT.badInput;
    }
    throw error;
  } finally {
    await state.close();
  }
}

function baseOptions(state: LocalState, outDir: string) {
  return {
    stateStore: state.stateStore,
    blobStore: state.blobStore,
    taskStore: state.taskStore,
    reviews: state.reviews,
    outDir,
  };
}

interface StartOptions {
  name?: string;
  due?: string;
  by?: string;
  now: number;
  json: boolean;
  say: (line: string) => void;
}

async function start(
  deps: ScanDependencies,
  state: LocalState,
  config: LoadedConfig,
  options: StartOptions,
): Promise<number> {
  const latest = await state.stateStore.latestSuccessfulScan();
  if (!latest) throw new UsageError("deprov review start: no scan has succeeded yet; run deprov scan first");
  dueInstant(options.due, options.now, config.timezone, config.reviews.dueDays);
  const name = options.name ?? `Access review ${new Date(options.now).toISOString().slice(0, 10)}`;
  // Each invocation is its own campaign, even for the same --now and name.
  const campaignId = campaignIdFor(config.organization, name, options.now, String(Date.now()));
  options.say(`deprov review start: ${terminalText(config.organization)}, items from scan ${latest.scanId}`);
  const run = await runLocalReview({
    deps,
    input: {
      campaignId,
      name,
      now: options.now,
      ...(options.due !== undefined ? { due: options.due } : {}),
      ...(options.by !== undefined ? { startedBy: options.by } : {}),
    },
    onEvent: progress(options.say),
  });
  if (run.status === "failed") return failed("start", run.error, options.json);
  const campaign = await openCampaign(deps, campaignId);
  if (options.json) {
    console.log(JSON.stringify({ campaignId }, null, 2));
    return EXIT.ok;
  }
  console.log(
    `Campaign ${campaignId} "${campaign.name}": ${campaign.items} items for ${campaign.reviewers} reviewers, due ${toIso(campaign.dueAt)}`,
  );
  if (campaign.unassignedItems > 0)
    console.log(
      `${campaign.unassignedItems} items have no reviewer: set reviews.fallbackReviewer in the config`,
    );
  if (campaign.skippedSources.length > 0)
    console.log(`Not reviewed (the scan could not read them): ${campaign.skippedSources.join(", ")}`);
  return EXIT.ok;
}

async function status(
  deps: ScanDependencies,
  state: LocalState,
  campaignId: string | undefined,
  now: number,
  json: boolean,
): Promise<number> {
  const campaign =
    campaignId === undefined
      ? (await state.reviews.store.listCampaigns()).at(-1)
      : await openCampaign(deps, campaignId);
  if (!campaign) {
    if (json) console.log(JSON.stringify({ campaign: null }, null, 2));
    else console.log("No campaign yet: start one with deprov review start.");
    return EXIT.ok;
  }
  const reviewers = await state.reviews.store.listReviewers(campaign.campaignId);
  if (json) {
    const cs = await loadCampaignState(deps, campaign);
    const items = cs.items.map((item) => {
      const decision = cs.decisions.get(item.itemId);
      const evidence = cs.evidence.get(item.itemId);
      return {
        itemId: item.itemId,
        kind: item.kind,
        reviewerId: item.reviewerId,
        personId: item.person.employeeId,
        subject: item.subject,
        decision: decision?.decision ?? null,
        decidedBy: decision?.by ?? null,
        decidedAt: decision ? toIso(decision.at) : null,
        reason: decision?.reason ?? null,
        ...(decision?.decision === "revoke" && campaign.status === "closed"
          ? {
              evidence: evidence
                ? { goneAt: toIso(evidence.goneAt), how: evidence.how, scanId: evidence.scanId }
                : evidenceState(cs, item.itemId, now),
            }
          : {}),
      };
    });
    console.log(
      JSON.stringify({ ...campaignJson(campaign), reviewers: reviewers.map(reviewerJson), items }, null, 2),
    );
    return EXIT.ok;
  }
  console.log(
    `Campaign ${campaign.campaignId} "${campaign.name}" (${campaign.status}), started ${toIso(campaign.startedAt)}, due ${toIso(campaign.dueAt)}` +
      (campaign.closedAt !== undefined ? `, closed ${toIso(campaign.closedAt)}` : ""),
  );
  console.log(reviewerTable(reviewers));
  const totals = totalsOf(reviewers);
  console.log(
    `${totals.items} items: ${totals.kept} kept, ${totals.revoked} revoked, ${totals.pending} pending`,
  );
  if (campaign.evidence && campaign.status === "closed")
    console.log(
      `Revocations: ${campaign.evidence.confirmed} confirmed gone, ${campaign.evidence.pending} still present (${campaign.evidence.overdue} past due)` +
        (campaign.evidence.lastScanId
          ? `, as of scan ${campaign.evidence.lastScanId}`
          : ", not checked by a scan yet"),
    );
  return EXIT.ok;
}

async function decide(
  deps: ScanDependencies,
  values: { campaign?: string; item?: string; decision?: string; by?: string; reason?: string },
  now: number,
  json: boolean,
): Promise<number> {
  const campaignId = required("--campaign", values.campaign);
  const itemId = required("--item", values.item);
  const by = required("--by", values.by);
  const decision = values.decision as ReviewDecisionValue;
  if (!(REVIEW_DECISIONS as readonly string[]).includes(values.decision ?? ""))
    throw new UsageError(`--decision: expected keep or revoke, got "${values.decision ?? ""}"`);
  const campaign = await openCampaign(deps, campaignId);
  const item = campaign.status === "open" ? await findItem(deps, campaign, itemId) : undefined;
  // A closed campaign refuses whoever asks; an open one takes `--by` only as one roster person.
  const decider = item === undefined ? { by } : await resolveDeciderFor(deps, campaignId, item, by, now);
  const [result] = await recordDecisions(deps, {
    campaignId,
    items: item ? [item] : [],
    requestedItemIds: [itemId],
    decision,
    ...decider,
    ...(values.reason !== undefined ? { reason: values.reason } : {}),
    at: now,
    via: "cli",
  });
  if (!result) throw new Error("no decision result");
  if (json) {
    console.log(
      JSON.stringify(
        {
          campaignId,
          itemId,
          status: result.outcome,
          decision: result.decision,
          by: result.by,
          at: toIso(result.at),
        },
        null,
        2,
      ),
    );
  } else if (result.outcome === "conflict") {
    console.error(
      `Item ${itemId} was already decided: ${result.decision} by ${result.by} at ${toIso(result.at)}; the first decision stands.`,
    );
  } else {
    console.log(
      `${result.outcome === "recorded" ? "Recorded" : "Already recorded"}: ${itemId} ${result.decision} by ${result.by}`,
    );
  }
  return result.outcome === "conflict" ? EXIT.badInput : EXIT.ok;
}

/** `--by` as the id recordDecisions checks, with what the roster says about when they left. */
async function resolveDeciderFor(
  deps: ScanDependencies,
  campaignId: string,
  item: ReviewItem,
  by: string,
  now: number,
): Promise<{ by: string; byEmail?: string; byLeftAt?: number }> {
  const config = await deps.loadConfig();
  const packet = await reviewPortsOf(deps).store.getReviewer(campaignId, item.reviewerId);
  // Without the roster nobody can be told apart from the item's person: refuse rather than guess.
  const people = await deciderCandidates(deps, config, packet === undefined ? [] : [packet]).catch(
    (error: unknown) => {
      throw new UsageError(
        `--by is resolved on the latest scan's roster, which could not be read with this config (${error instanceof Error ? error.message : String(error)}); give the --config the scan ran with`,
      );
    },
  );
  const lookup = resolveDecider(by, people, config.emailDomains);
  if (lookup.found === undefined) {
    const why =
      lookup.why === "no-one"
        ? `"${by}" is no one on the roster`
        : `"${by}" names more than one person on the roster`;
    return refuseUnknownDecider(
      deps,
      { campaignId, itemId: item.itemId, at: now, via: "cli" },
      why,
      decidersOf(packet ?? { reviewerId: item.reviewerId }, item, now),
    );
  }
  const { employeeId, email, leftAt } = lookup.found;
  return {
    by: employeeId,
    ...(email !== undefined ? { byEmail: email } : {}),
    ...(leftAt !== undefined ? { byLeftAt: leftAt } : {}),
  };
}

async function runToNow(
  deps: ScanDependencies,
  campaignId: string,
  close: boolean,
  by: string | undefined,
  now: number,
  json: boolean,
  say: (line: string) => void,
): Promise<number> {
  const before = await openCampaign(deps, campaignId);
  // advance as close: a closed campaign has nothing left to send, and its totals are not news.
  if (before.status === "closed")
    throw new DecisionRejectedError(
      `campaign ${campaignId} is already closed (${toIso(before.closedAt ?? now)})`,
      "closed",
    );
  const run = await runLocalReview({
    deps,
    input: { campaignId, now, close, ...(by !== undefined ? { closedBy: by } : {}) },
    onEvent: progress(say),
  });
  if (run.status === "failed") return failed(close ? "close" : "advance", run.error, json);
  const campaign = await openCampaign(deps, campaignId);
  if (json) {
    console.log(JSON.stringify(campaignJson(campaign), null, 2));
    return EXIT.ok;
  }
  if (campaign.status === "closed" && campaign.close) {
    const c = campaign.close;
    console.log(
      `Campaign ${campaignId} closed ${toIso(campaign.closedAt ?? now)}: ${c.kept} kept, ${c.revoked} revoked, ${c.undecided} undecided` +
        (c.undecidedRevoked > 0 ? ` (treated as revoked)` : ""),
    );
    console.log(
      `Remediation tasks (${c.tasks.sink}): ${c.tasks.created} opened, ${c.tasks.existing} already open`,
    );
    // The output folder's copy is the file to open; the key names the state folder's evidence copy.
    const folder = deps.outputDir === undefined ? undefined : join(deps.outputDir, "reviews", campaignId);
    console.log(
      folder === undefined
        ? `Campaign report: ${c.reportKey}`
        : `Campaign report: ${join(folder, "report.html")} and report.csv (kept in the state as ${c.reportKey})`,
    );
  } else {
    console.log(
      `Campaign ${campaignId} is open; checked up to ${toIso(campaign.lastCheckedAt ?? now)}, due ${toIso(campaign.dueAt)}`,
    );
  }
  return EXIT.ok;
}

function campaignJson(campaign: Campaign) {
  return {
    campaignId: campaign.campaignId,
    name: campaign.name,
    status: campaign.status,
    organization: campaign.organization,
    scanId: campaign.scanId,
    startedAt: toIso(campaign.startedAt),
    dueAt: toIso(campaign.dueAt),
    closedAt: campaign.closedAt === undefined ? null : toIso(campaign.closedAt),
    items: campaign.items,
    unassignedItems: campaign.unassignedItems,
    skippedSources: campaign.skippedSources,
    close: campaign.close ?? null,
    evidence: campaign.evidence ?? null,
  };
}

function reviewerJson(r: ReviewerProgress) {
  return {
    reviewerId: r.reviewerId,
    name: r.name ?? null,
    route: r.route,
    items: r.items,
    kept: r.kept,
    revoked: r.revoked,
    pending: r.items - r.kept - r.revoked,
    remindersSent: r.remindersSent,
    escalatedTo: r.escalatedAt === undefined ? null : (r.escalation?.reviewerId ?? null),
  };
}

function totalsOf(reviewers: readonly ReviewerProgress[]) {
  const totals = { items: 0, kept: 0, revoked: 0, pending: 0 };
  for (const r of reviewers) {
    totals.items += r.items;
    totals.kept += r.kept;
    totals.revoked += r.revoked;
    totals.pending += r.items - r.kept - r.revoked;
  }
  return totals;
}

function reviewerTable(reviewers: readonly ReviewerProgress[]): string {
  const header = ["reviewer", "name", "items", "kept", "revoked", "pending", "reminders", "escalated"];
  const rows = reviewers.map((r) => [
    r.reviewerId,
    r.name ?? "-",
    String(r.items),
    String(r.kept),
    String(r.revoked),
    String(r.items - r.kept - r.revoked),
    String(r.remindersSent),
    r.escalatedAt === undefined ? "-" : (r.escalation?.reviewerId ?? "-"),
  ]);
  const widths = header.map((h) => h.length);
  for (const row of rows)
    for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] ?? 0, (row[i] ?? "").length);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function progress(say: (line: string) => void): (event: RunEvent) => void {
  return (event) => {
    if (event.type === "state-retried") say(`  ${event.state}: retrying (attempt ${event.attempt})`);
    if (event.type !== "state-exited" || event.stateType !== "Task") return;
    const output = (event.output ?? {}) as Record<string, unknown>;
    const detail = (() => {
      const key = { StartCampaign: "campaign", CheckCampaign: "check", CloseCampaign: "closed" }[event.state];
      const step = ((key === undefined ? undefined : output[key]) ?? {}) as Record<string, unknown>;
      if (event.state === "StartCampaign") return `${step.items} items, ${step.reviewers} reviewers`;
      if (event.state === "CheckCampaign")
        return `at ${step.at}: ${step.reminders} reminders, ${step.escalations} escalations, then ${step.action}`;
      if (event.state === "CloseCampaign")
        return `${step.kept} kept, ${step.revoked} revoked, ${step.undecided} undecided`;
      return "";
    })();
    say(`  ${event.state.padEnd(16)} ${detail} (${Math.round(event.durationMs)} ms)`);
  };
}

function failed(sub: string, error: { name: string; cause: string } | undefined, json: boolean): number {
  if (json) console.log(JSON.stringify({ status: "failed", error }, null, 2));
  else console.error(`deprov review ${sub}: FAILED: ${error?.name ?? "error"}: ${error?.cause ?? ""}`);
  return EXIT.failed;
}

function required(option: string, value: string | undefined): string {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") throw new UsageError(`deprov review: ${option} is required (see deprov review --help)`);
  return trimmed;
}
