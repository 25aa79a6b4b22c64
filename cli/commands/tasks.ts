/**
 * `deprov tasks`: list the remediation tasks deprov keeps in its task store — the tasks themselves
 * for the `local` sink, deprov's record of each issue for Jira, ServiceNow and webhooks — with
 * their findings as of the latest successful scan. The listing reads through a `TaskStore`, so the
 * deployed table can stand in for the local one.
 */
import { resolve } from "node:path";
import { SEVERITY_RANK } from "../../functions/core/finding.ts";
import type { LifecycleFinding } from "../../functions/core/lifecycle/types.ts";
import { compareFindings, compareText } from "../../functions/core/order.ts";
import {
  revocationTaskCampaign,
  revocationTaskEmployee,
} from "../../functions/core/reviews/revocation-tasks.ts";
import { taskSubjectOf } from "../../functions/core/tasks/task-subject.ts";
import { TASK_STATUSES, type TaskStatus } from "../../functions/core/tasks/types.ts";
import type { BlobStore } from "../../functions/ports/blob-store.ts";
import { readFindingsBlob } from "../../functions/ports/result-blob.ts";
import type { ReviewStore } from "../../functions/ports/reviews/review-store.ts";
import type { StateStore } from "../../functions/ports/state-store.ts";
import type { StoredTask, TaskStore } from "../../functions/ports/tasks/task-store.ts";
import { readAllItems } from "../../functions/reviews/campaign-items.ts";
import { oneLine } from "../../reports/email/one-line.ts";
import { itemWhat } from "../../reports/reviews/review-item-text.ts";
import { COMMON_OPTIONS, EXIT, parseCommandArgs, UsageError } from "../args.ts";
import { DEFAULT_STACK, openDeployedState, readStackOutputs } from "../aws/deployed-stack.ts";
import { openLocalState } from "../local/embedded-dynamodb.ts";
import { DEFAULT_STATE_DIR, resolveConfig } from "../resolve-config.ts";
import { terminalText } from "../terminal-text.ts";

export const TASKS_HELP = `Usage: deprov tasks [--status open|closed|all] [--json] [--config FILE] [--state DIR] [--aws [--stack NAME]]

Lists the remediation tasks earlier scans opened — one per leaver, and per system for access
nobody owns and for hygiene — with their findings as of the latest successful scan, and the
tasks closed access reviews opened to revoke access (one per person and campaign, with the
review items to remove). For the local sink the tasks live only here; for Jira, ServiceNow and
webhooks this is deprov's record of each issue, with the issue's key.

  --status STATUS  open (default), closed or all
  --json           print { schemaVersion, scanId, tasks: [{ id, sink, title, personId, sourceId,
                   status, findingIds, externalKey }] }, the shape of tasks.json with a status
                   (a revocation task adds reviewItemIds)
  --config FILE    the config whose tasks.sink the tasks went to (default: the bundled demo org,
                   whose tasks stay local)
  --state DIR      local state folder (default: .deprov/)
  --aws            read the deployed stack's table and bucket instead (AWS credentials from the environment)
  --stack NAME     the deployed CloudFormation stack (default: Deprov)`;

const STATUS_FILTERS = [...TASK_STATUSES, "all"] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number];
const STATUS_ORDER: Record<TaskStatus, number> = { open: 0, closed: 1 };
/** The demo org's tasks, and any config's without a `tasks` section, stay in deprov's own store. */
const DEFAULT_SINK = "local";

export async function tasksCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("tasks", argv, {
    ...COMMON_OPTIONS,
    status: { type: "string" },
    json: { type: "boolean" },
    aws: { type: "boolean" },
    stack: { type: "string" },
  });
  if (values.help) {
    console.log(TASKS_HELP);
    return EXIT.ok;
  }
  const status = parseStatus(values.status);
  // Only a named config is read: the demo org need not be generated to know its sink.
  const sink =
    values.config === undefined
      ? DEFAULT_SINK
      : ((await resolveConfig(values.config, values.state, Date.now(), () => {})).tasks?.sink ??
        DEFAULT_SINK);
  if (values.stack !== undefined && !values.aws) throw new UsageError("--stack goes with --aws");
  const stateDir = values.aws
    ? `the deployed stack ${values.stack ?? DEFAULT_STACK}`
    : resolve(values.state ?? DEFAULT_STATE_DIR);
  const state = values.aws
    ? openDeployedState(await readStackOutputs(values.stack ?? DEFAULT_STACK))
    : await openLocalState(stateDir, { existingOnly: true });
  if (state === undefined) return noState(stateDir, values.json === true);

  let listing: TaskListing;
  try {
    listing = await listTasks(
      { ...state, sink, reviewTaskStore: state.reviews?.taskStore, reviewStore: state.reviews?.store },
      status,
    );
  } finally {
    await state.close();
  }
  if (values.json) {
    console.log(JSON.stringify(tasksJson(listing), null, 2));
    return EXIT.ok;
  }
  if (listing.tasks.length > 0) console.log(tasksListText(listing));
  const scan = listing.scanId === null ? "" : ` (findings as of scan ${listing.scanId})`;
  const count = listing.tasks.length;
  console.log(`${count} ${status === "all" ? "" : `${status} `}${count === 1 ? "task" : "tasks"}${scan}`);
  return EXIT.ok;
}

export interface TaskListingSource {
  taskStore: TaskStore;
  /** Access reviews' revocation tasks (their own partition), listed beside the scans'. */
  reviewTaskStore?: TaskStore | undefined;
  /** The campaigns whose items say what a revocation task asks to remove; without it, item ids only. */
  reviewStore?: Pick<ReviewStore, "getCampaign"> | undefined;
  /** Where the latest successful scan's findings are found; without them tasks list finding ids only. */
  stateStore?: Pick<StateStore, "latestSuccessfulScan">;
  blobStore?: BlobStore;
  /** The sink the tasks went to (config `tasks.sink`). */
  sink: string;
}

export interface ListedTask {
  task: StoredTask;
  personId: string | null;
  sourceId: string | null;
  /** The task's findings still in the latest scan (open or waived), by id; resolved ones are absent. */
  findings: ReadonlyMap<string, LifecycleFinding>;
  /** A revocation task's review items (the access to remove); it has no findings. */
  reviewItemIds?: readonly string[];
  /** What each of those items is ("okta account ada@acme.com (admin)"), where its campaign says. */
  reviewItemTexts?: ReadonlyMap<string, string>;
}

export interface TaskListing {
  sink: string;
  /** The latest successful scan, whose findings are shown; null before the first. */
  scanId: string | null;
  /** Open first, most severe first, then by key. */
  tasks: ListedTask[];
}

/** The tasks with `status` and their findings. */
export async function listTasks(source: TaskListingSource, status: StatusFilter): Promise<TaskListing> {
  const [stored, revocations, latest] = await Promise.all([
    source.taskStore.listTasks(),
    source.reviewTaskStore?.listTasks() ?? [],
    latestFindings(source),
  ]);
  const wanted = (task: StoredTask) => status === "all" || task.status === status;
  const revocationKeys = new Set(revocations.map((task) => task.key));
  const itemTexts = await reviewItemTexts(source, revocations.filter(wanted));
  const tasks = [...stored, ...revocations]
    .filter(wanted)
    .sort(compareTasks)
    .map((task): ListedTask => {
      if (revocationKeys.has(task.key)) {
        const personId = revocationTaskEmployee(task.key) ?? null;
        // A revocation task's findingIds are the review items it asks to remove.
        return {
          task,
          personId,
          sourceId: null,
          findings: new Map(),
          reviewItemIds: task.findingIds,
          reviewItemTexts: itemTexts,
        };
      }
      const subject = taskSubjectOf(task.key);
      const findings = new Map<string, LifecycleFinding>();
      for (const id of task.findingIds) {
        const finding = latest.byId.get(id);
        if (finding !== undefined) findings.set(id, finding);
      }
      return { task, personId: subject?.personId ?? null, sourceId: subject?.sourceId ?? null, findings };
    });
  return { sink: source.sink, scanId: latest.scanId, tasks };
}

/**
 * What the listed revocation tasks' items are, from their campaigns' item blobs: an item id alone
 * tells whoever removes the access nothing. A campaign that cannot be read leaves its items as ids.
 */
async function reviewItemTexts(
  source: TaskListingSource,
  revocations: readonly StoredTask[],
): Promise<ReadonlyMap<string, string>> {
  const texts = new Map<string, string>();
  const { reviewStore, blobStore } = source;
  if (reviewStore === undefined || blobStore === undefined) return texts;
  const wanted = new Set(revocations.flatMap((task) => task.findingIds));
  const campaignIds = new Set(revocations.flatMap((task) => revocationTaskCampaign(task.key) ?? []));
  for (const campaignId of campaignIds) {
    try {
      const campaign = await reviewStore.getCampaign(campaignId);
      if (campaign === undefined) continue;
      for (const item of await readAllItems(blobStore, campaign)) {
        if (wanted.has(item.itemId)) texts.set(item.itemId, itemWhat(item));
      }
    } catch {
      // The task still lists its item ids.
    }
  }
  return texts;
}

async function latestFindings(
  source: TaskListingSource,
): Promise<{ scanId: string | null; byId: ReadonlyMap<string, LifecycleFinding> }> {
  const latest = await source.stateStore?.latestSuccessfulScan();
  if (latest === undefined || source.blobStore === undefined) return { scanId: null, byId: new Map() };
  const findings = await readFindingsBlob(source.blobStore, latest.resultKey);
  if (findings === undefined) {
    throw new UsageError(
      `the result of scan ${latest.scanId} (${latest.resultKey}) is missing from the state folder`,
    );
  }
  return { scanId: latest.scanId, byId: new Map(findings.map((finding) => [finding.id, finding])) };
}

/** SPEC §6: tasks.json's shape, with each task's status instead of this scan's change. */
export function tasksJson(listing: TaskListing) {
  return {
    schemaVersion: 1,
    scanId: listing.scanId,
    tasks: listing.tasks.map(({ task, personId, sourceId, reviewItemIds }) => ({
      id: task.key,
      sink: listing.sink,
      title: task.title,
      personId,
      sourceId,
      status: task.status,
      findingIds: reviewItemIds === undefined ? task.findingIds : [],
      ...(reviewItemIds === undefined ? {} : { reviewItemIds }),
      externalKey: task.externalId ?? null,
      ...(task.url === undefined ? {} : { url: task.url }),
    })),
  };
}

/** A table of the tasks, then each task's findings: severity, rule, where, and the finding id. */
export function tasksListText(listing: TaskListing): string {
  const header = ["id", "status", "severity", "findings", "externalKey", "title"];
  const rows = listing.tasks.map(({ task }) => [
    shown(task.key),
    task.status,
    task.severity,
    String(task.findingIds.length),
    shown(task.externalId ?? "-"),
    shown(task.title),
  ]);
  const blocks = listing.tasks.map(({ task, findings, reviewItemIds, reviewItemTexts }) => {
    const lines = [`${shown(task.key)} — ${shown(task.title)}`];
    if (task.url !== undefined) lines.push(`  ${shown(task.url)}`);
    if (reviewItemIds !== undefined) {
      for (const id of reviewItemIds) {
        const what = reviewItemTexts?.get(id);
        lines.push(
          what === undefined
            ? `  - access to remove: review item ${shown(id)}`
            : `  - access to remove: ${shown(what)} (review item ${shown(id)})`,
        );
      }
      return lines.join("\n");
    }
    for (const finding of [...findings.values()].sort(compareFindings)) {
      const waived = finding.status === "waived" ? " · waived" : "";
      lines.push(
        `  - [${finding.severity}] ${finding.rule} · ${finding.sourceId} · ${finding.subject.type} ${shown(finding.subject.id)}${waived} · ${finding.id}`,
      );
    }
    for (const id of task.findingIds) if (!findings.has(id)) lines.push(`  - ${id} (no longer open)`);
    return lines.join("\n");
  });
  return `${table(header, rows)}\n\n${blocks.join("\n\n")}\n`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  // A loop, not Math.max(...rows): a large org lists more rows than a call can take arguments.
  const widths = header.map((h) => h.length);
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] ?? 0, (row[i] ?? "").length);
  }
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function compareTasks(a: StoredTask, b: StoredTask): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.key, b.key)
  );
}

function parseStatus(value: string | undefined): StatusFilter {
  if (value === undefined) return "open";
  if ((STATUS_FILTERS as readonly string[]).includes(value)) return value as StatusFilter;
  throw new UsageError(`--status: expected one of ${STATUS_FILTERS.join(", ")}, got "${value}"`);
}

function noState(stateDir: string, json: boolean): number {
  if (json) console.log(JSON.stringify({ schemaVersion: 1, scanId: null, tasks: [] }, null, 2));
  else console.log(`No tasks: no scan has been recorded in ${stateDir} yet (run deprov scan first).`);
  return EXIT.ok;
}

/** Source text (roster names in titles, keys a sink chose) as one inert line for the terminal. */
function shown(text: string): string {
  return oneLine(terminalText(text));
}
