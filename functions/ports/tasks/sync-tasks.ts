/**
 * One scan's remediation-task sync: group the open findings, plan against the stored task
 * records, carry out each action in the sink, and save each record only after its sink call
 * succeeded. Re-running (a retry, a duplicate schedule) never duplicates a task:
 * - a run first claims the task with a conditional write, so two runs never call the sink for the
 *   same task at once (the loser skips it);
 * - a crash between the sink call and the save leaves no record, and the next run's `create`
 *   finds the issue by its label or correlation id instead of opening another.
 */
import type { LifecycleFinding } from "../../core/lifecycle/types.ts";
import type { Instant } from "../../core/model.ts";
import { groupFindings } from "../../core/tasks/group-findings.ts";
import { planTaskChanges } from "../../core/tasks/plan-task-changes.ts";
import type { TaskAction, TaskActionKind, TaskPerson, TaskPlan, TaskRecord } from "../../core/tasks/types.ts";
import { type Clock, systemClock } from "../clock.ts";
import { pacedForEach } from "../paced.ts";
import { DryRunSink } from "./dry-run-sink.ts";
import type { CreatedTask, PlannedRequest, TaskSink } from "./task-sink.ts";
import { type StoredTask, type TaskStore, TaskVersionConflictError } from "./task-store.ts";

export interface SyncRemediationTasksInput {
  scanId: string;
  /** The scan's evaluation instant: recorded on the task records. */
  now: Instant;
  /** The scan's findings with their lifecycle; only open ones become tasks. */
  findings: Iterable<LifecycleFinding>;
  /** People referenced by findings, by employee id. */
  people: Readonly<Record<string, TaskPerson>>;
  store: TaskStore;
  /**
   * The store's tasks, if the caller started listing them already (`store.listTasks()`): the
   * query then runs while the findings are loaded and grouped.
   */
  storedTasks?: Promise<readonly StoredTask[]>;
  sink: TaskSink;
  /** Record what would be sent; write nothing, to the sink or the store. */
  dryRun: boolean;
  /** Real time for claims: the evaluation instant may be pinned in the past (`--now`). */
  clock?: () => Instant;
  /** How long a claim keeps other runs off a task: longer than a sink call with all its retries. */
  claimMs?: number;
  /** Tasks worked on at once. */
  concurrency?: number;
  maxListedFindings?: number;
}

export type SyncOutcome = "applied" | "planned" | "skipped" | "failed";

export interface SyncedTask {
  kind: TaskActionKind;
  key: string;
  title: string;
  outcome: SyncOutcome;
  /** The task's open findings after the change; for a close, those it had (now resolved or waived). */
  findingIds: readonly string[];
  externalId?: string;
  url?: string;
  /** Dry run: what the sink would have sent. */
  requests?: PlannedRequest[];
  /** Skipped or failed: why. */
  reason?: string;
  /** Applied by an earlier attempt of this scan's step (a retry), not again now. */
  earlierAttempt?: true;
}

export interface SyncRemediationTasksResult {
  /** Applied (or, in a dry run, planned) actions of each kind. */
  created: number;
  updated: number;
  closed: number;
  reopened: number;
  /** Open tasks whose findings did not change. */
  unchanged: number;
  /** Left to another run working on the same task. */
  skipped: number;
  failed: number;
  dryRun: boolean;
  /** Sorted by key. */
  actions: SyncedTask[];
}

/** Thrown after every action was tried, when some failed; carries what was done. */
export class TaskSyncError extends Error {
  constructor(readonly result: SyncRemediationTasksResult) {
    const failures = result.actions.filter((action) => action.outcome === "failed");
    const total = result.actions.length;
    super(
      `remediation tasks: ${failures.length} of ${total} task changes failed: ` +
        failures
          .slice(0, 3)
          .map((action) => `${action.kind} ${action.key}: ${action.reason}`)
          .join("; "),
    );
    this.name = "TaskSyncError";
  }
}

const DEFAULT_CLAIM_MS = 15 * 60_000;
const DEFAULT_CONCURRENCY = 4;
/** Tasks kept only in the state store have no outside system to spare: go wider. */
const LOCAL_SINK_CONCURRENCY = 32;
const MAX_STORED_FINDING_IDS = 2_000;

export async function syncRemediationTasks(
  input: SyncRemediationTasksInput,
): Promise<SyncRemediationTasksResult> {
  const listed = input.storedTasks ?? input.store.listTasks();
  // Grouping throws only on a bug; the listing's own failure is reported by the await below.
  listed.catch(() => {});
  const findings = [...input.findings];
  const stored = await listed;
  const plan = planRemediationTasks({ ...input, findings, stored });
  const applied = await applyTaskActions({
    ...input,
    actions: plan.actions,
    current: new Map(stored.map((task) => [task.key, task])),
  });
  const result = summarize(applied.actions, plan.unchanged, input.dryRun);
  if (result.failed > 0) throw new TaskSyncError(result);
  return result;
}

export interface PlanRemediationTasksInput {
  scanId: string;
  findings: readonly LifecycleFinding[];
  people: Readonly<Record<string, TaskPerson>>;
  /** Every task the store holds. */
  stored: readonly StoredTask[];
  maxListedFindings?: number;
}

/** Groups the open findings into tasks and decides what each stored or new task needs: pure. */
export function planRemediationTasks(input: PlanRemediationTasksInput): TaskPlan {
  const groups = groupFindings(input.findings, input.people, { maxListedFindings: input.maxListedFindings });
  return planTaskChanges({
    scanId: input.scanId,
    groups,
    records: input.stored.map(recordOf),
    findingStatus: new Map(input.findings.filter((f) => f.status === "waived").map((f) => [f.id, f.status])),
  });
}

export interface ApplyTaskActionsInput {
  scanId: string;
  /** The scan's evaluation instant: recorded on the task records. */
  now: Instant;
  actions: readonly TaskAction[];
  /** The stored records of the actions' tasks, read just before: a retry sees what an earlier attempt saved. */
  current: ReadonlyMap<string, StoredTask>;
  store: TaskStore;
  sink: TaskSink;
  dryRun: boolean;
  /** Real time for claims: the evaluation instant may be pinned in the past (`--now`). */
  clock?: () => Instant;
  claimMs?: number;
  /** Tasks worked on at once. */
  concurrency?: number;
  /** Paces the sink calls to the sink's rate, and stops starting them at `deadline`. */
  pace?: { ratePerSecond?: number | undefined; clock: Clock; deadline?: number };
}

export interface AppliedTaskActions {
  /** Sorted by key. */
  actions: SyncedTask[];
  /** The pace's deadline came before every action started: the rest is for a retry. */
  stoppedAtDeadline: boolean;
}

/** Carries out planned actions in the sink and the store; an action this scan already carried out is not repeated. */
export async function applyTaskActions(input: ApplyTaskActionsInput): Promise<AppliedTaskActions> {
  const done: SyncedTask[] = [];
  const todo: TaskAction[] = [];
  for (const action of input.actions) {
    const current = input.current.get(action.key);
    if (!input.dryRun && doneByThisScan(action, current, input.scanId)) {
      done.push({ ...describe(action, "applied"), ...linkOf(current), earlierAttempt: true });
    } else todo.push(action);
  }
  // New tasks of a store-only sink are written in batches: a first scan may open thousands.
  const batchable = (action: TaskAction) =>
    !input.sink.external && action.kind === "create" && !input.current.has(action.key);
  const created = input.dryRun ? [] : await createInBatch(todo.filter(batchable), input);
  const rest = input.dryRun ? todo : todo.filter((action) => !batchable(action));
  if (input.dryRun) {
    return {
      actions: sortedByKey([...done, ...(await previewAll(rest, input.sink))]),
      stoppedAtDeadline: false,
    };
  }
  const applied: SyncedTask[] = [];
  const concurrency =
    input.concurrency ?? (input.sink.external ? DEFAULT_CONCURRENCY : LOCAL_SINK_CONCURRENCY);
  const paced = await pacedForEach(
    rest,
    {
      ratePerSecond: input.sink.external ? input.pace?.ratePerSecond : undefined,
      concurrency,
      clock: input.pace?.clock ?? systemClock,
      ...(input.pace?.deadline !== undefined ? { deadline: input.pace.deadline } : {}),
    },
    async (action) => {
      applied.push(await applyAction(action, input.current.get(action.key), input));
    },
  );
  return {
    actions: sortedByKey([...done, ...created, ...applied]),
    stoppedAtDeadline: paced.stoppedAtDeadline,
  };
}

/** The record shows this scan already did exactly this (an earlier attempt of a retried step). */
function doneByThisScan(action: TaskAction, current: StoredTask | undefined, scanId: string): boolean {
  return (
    current !== undefined && current.scanId === scanId && current.lastChange === action.kind && !current.claim
  );
}

function sortedByKey(actions: SyncedTask[]): SyncedTask[] {
  return actions.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function createInBatch(
  actions: readonly TaskAction[],
  input: ApplyTaskActionsInput,
): Promise<SyncedTask[]> {
  if (actions.length === 0) return [];
  const records: TaskRecord[] = [];
  for (const action of actions) records.push(recordAfter(action, await callSink(input.sink, action), input));
  await input.store.createTasks(records);
  return actions.map((action, i) => ({ ...describe(action, "applied"), ...linkOf(records[i]) }));
}

/** Dry run: the plan through a recording sink, one call after another (nothing leaves the process). */
async function previewAll(actions: readonly TaskAction[], sink: TaskSink): Promise<SyncedTask[]> {
  const dryRun = new DryRunSink(sink);
  const synced: SyncedTask[] = [];
  for (const action of actions) {
    const created = await callSink(dryRun, action);
    const requests = dryRun.recorded.at(-1)?.requests ?? [];
    const link = created ?? (action.kind === "create" ? undefined : action.record);
    synced.push({ ...describe(action, "planned"), ...linkOf(link), requests });
  }
  return synced;
}

async function applyAction(
  action: TaskAction,
  current: StoredTask | undefined,
  input: ApplyTaskActionsInput,
): Promise<SyncedTask> {
  try {
    return input.sink.external
      ? await applyClaimed(action, current, input)
      : await applyUnclaimed(action, current, input);
  } catch (error) {
    return { ...describe(action, "failed"), reason: error instanceof Error ? error.message : String(error) };
  }
}

/** An outside system: claim the task, call the sink, save (which drops the claim). */
async function applyClaimed(
  action: TaskAction,
  current: StoredTask | undefined,
  input: ApplyTaskActionsInput,
): Promise<SyncedTask> {
  const clock = input.clock ?? Date.now;
  const held = current?.claim;
  if (held !== undefined && held.scanId !== input.scanId && held.until > clock()) {
    return { ...describe(action, "skipped"), reason: `scan ${held.scanId} is working on it` };
  }
  const base = current === undefined ? pendingRecord(action, input) : recordOf(current);
  const claim = {
    scanId: input.scanId,
    action: action.kind,
    until: clock() + (input.claimMs ?? DEFAULT_CLAIM_MS),
  };
  let claimed: StoredTask;
  try {
    claimed = await input.store.putTask({ ...base, claim }, current?.version ?? 0);
  } catch (error) {
    if (error instanceof TaskVersionConflictError) return skippedForAnotherRun(action);
    throw error;
  }
  try {
    return await callAndSave(action, claimed.version, input);
  } catch (error) {
    await releaseClaim(input.store, claimed);
    throw error;
  }
}

/** Tasks that live only in the store: the conditional save alone keeps two runs apart. */
async function applyUnclaimed(
  action: TaskAction,
  current: StoredTask | undefined,
  input: ApplyTaskActionsInput,
): Promise<SyncedTask> {
  try {
    return await callAndSave(action, current?.version ?? 0, input);
  } catch (error) {
    if (error instanceof TaskVersionConflictError) return skippedForAnotherRun(action);
    throw error;
  }
}

function skippedForAnotherRun(action: TaskAction): SyncedTask {
  return { ...describe(action, "skipped"), reason: "another run changed it since this run read it" };
}

async function callAndSave(
  action: TaskAction,
  version: number,
  input: ApplyTaskActionsInput,
): Promise<SyncedTask> {
  const created = await callSink(input.sink, action);
  const record = recordAfter(action, created, input);
  await input.store.putTask(record, version);
  return { ...describe(action, "applied"), ...linkOf(record) };
}

function callSink(sink: TaskSink, action: TaskAction): Promise<CreatedTask | undefined> {
  switch (action.kind) {
    case "create":
      return sink.create(action.group);
    case "update":
      return sink.update(externalIdOf(action.record), action.group).then(() => undefined);
    case "close":
      return sink.close(externalIdOf(action.record), action.comment).then(() => undefined);
    case "reopen":
      return sink.reopen(externalIdOf(action.record), action.group).then(() => undefined);
  }
}

/** The record once the sink carried out `action`. */
function recordAfter(
  action: TaskAction,
  created: CreatedTask | undefined,
  input: Pick<ApplyTaskActionsInput, "now" | "scanId">,
): TaskRecord {
  const changed = { updatedAt: input.now, scanId: input.scanId, lastChange: action.kind };
  if (action.kind === "close") return { ...action.record, ...changed, status: "closed", closedAt: input.now };
  const { group } = action;
  const content = {
    title: group.title,
    severity: group.severity,
    contentHash: group.contentHash,
    // A DynamoDB item holds at most 400 KB: a hygiene task of a large org can list tens of
    // thousands of findings. The content hash still covers all of them; comments list the first.
    findingIds: group.findingIds.slice(0, MAX_STORED_FINDING_IDS),
  };
  if (action.kind === "create") {
    return {
      key: group.key,
      status: "open",
      externalId: created?.externalId ?? group.key,
      ...(created?.url === undefined ? {} : { url: created.url }),
      ...content,
      createdAt: input.now,
      ...changed,
    };
  }
  const { closedAt: _closedAt, ...open } = action.record;
  return { ...open, ...content, ...changed, status: "open" };
}

/** What a claim on a task that does not exist yet writes: no external id until the sink confirms one. */
function pendingRecord(action: TaskAction, input: Pick<ApplyTaskActionsInput, "now" | "scanId">): TaskRecord {
  const title = action.kind === "close" ? action.record.title : action.group.title;
  const severity = action.kind === "close" ? action.record.severity : action.group.severity;
  return {
    key: action.key,
    status: "open",
    title,
    severity,
    contentHash: "",
    findingIds: [],
    createdAt: input.now,
    updatedAt: input.now,
    scanId: input.scanId,
  };
}

/** Lets other runs at the task at once after a failed sink call, instead of after the claim expires. */
async function releaseClaim(store: TaskStore, claimed: StoredTask): Promise<void> {
  try {
    await store.putTask(recordOf(claimed), claimed.version);
  } catch {
    // The sink call's error is the one to report; an unreleased claim only expires later.
  }
}

function recordOf(task: StoredTask): TaskRecord {
  const { version: _version, claim: _claim, ...record } = task;
  return record;
}

function externalIdOf(record: TaskRecord): string {
  if (record.externalId === undefined) throw new Error(`task ${record.key}: no external id to act on`);
  return record.externalId;
}

function describe(action: TaskAction, outcome: SyncOutcome): SyncedTask {
  const { title, findingIds } = action.kind === "close" ? action.record : action.group;
  return { kind: action.kind, key: action.key, title, outcome, findingIds };
}

function linkOf(
  link: { externalId?: string; url?: string } | undefined,
): Pick<SyncedTask, "externalId" | "url"> {
  return {
    ...(link?.externalId === undefined ? {} : { externalId: link.externalId }),
    ...(link?.url === undefined ? {} : { url: link.url }),
  };
}

function summarize(actions: SyncedTask[], unchanged: number, dryRun: boolean): SyncRemediationTasksResult {
  const done = (kind: TaskActionKind) =>
    actions.filter(
      (action) => action.kind === kind && (action.outcome === "applied" || action.outcome === "planned"),
    ).length;
  return {
    created: done("create"),
    updated: done("update"),
    closed: done("close"),
    reopened: done("reopen"),
    unchanged,
    skipped: actions.filter((action) => action.outcome === "skipped").length,
    failed: actions.filter((action) => action.outcome === "failed").length,
    dryRun,
    actions,
  };
}
