/**
 * The remediation tasks after a scan, summarised for report.html: how many are open, where, for
 * how long, and which have waited longest. Counts and a capped list: a large org has thousands of
 * tasks; tasks.json and `deprov tasks` list them all.
 */
import { SEVERITY_RANK } from "../functions/core/finding.ts";
import type { Instant } from "../functions/core/model.ts";
import { compareText } from "../functions/core/order.ts";
import type { TaskState } from "../functions/core/tasks/tasks-after-sync.ts";
import type {
  GroupCount,
  OpenTaskSummary,
  RemediationSummary,
  ReportFinding,
} from "../functions/scan/contract/scan-result.ts";
import { AGE_BUCKETS, ageBucketIndex } from "./finding-age.ts";
import { zeroCounts } from "./report-summary.ts";

export interface RemediationInput {
  /** Every task after the sync (`tasksAfterSync`). */
  tasks: readonly TaskState[];
  /** The scan's findings: where each task's findings are. */
  findings: readonly ReportFinding[];
  /** The scan's evaluation instant, which the sync dates its changes with. */
  evaluatedAt: Instant;
  sink: string;
  dryRun: boolean;
}

/** The longest-open tasks listed by default. */
export const DEFAULT_OLDEST_TASKS = 20;

export function summariseRemediation(
  input: RemediationInput,
  oldestShown: number = DEFAULT_OLDEST_TASKS,
): RemediationSummary {
  const sourceOf = new Map(input.findings.map((finding) => [finding.id, finding.sourceId]));
  const bySeverity = zeroCounts();
  const bySystem = new Map<string, GroupCount>();
  const byAge = AGE_BUCKETS.map((key) => ({ key, total: 0, bySeverity: zeroCounts() }));
  const open: TaskState[] = [];
  let openedByScan = 0;
  let closedByScan = 0;
  for (const task of input.tasks) {
    if (task.status === "closed") {
      if (task.closedAt === input.evaluatedAt) closedByScan++;
      continue;
    }
    open.push(task);
    bySeverity[task.severity]++;
    if (task.openedAt === input.evaluatedAt) openedByScan++;
    const age = byAge[ageBucketIndex(task.openedAt, input.evaluatedAt)];
    if (age !== undefined) {
      age.total++;
      age.bySeverity[task.severity]++;
    }
    const systems = new Set<string>();
    for (const id of task.findingIds) {
      const source = sourceOf.get(id);
      if (source !== undefined) systems.add(source);
    }
    for (const system of systems) countInto(bySystem, system, task);
  }
  return {
    sink: input.sink,
    dryRun: input.dryRun,
    open: open.length,
    openedByScan,
    closedByScan,
    bySeverity,
    bySystem: [...bySystem.values()].sort((a, b) => b.total - a.total || compareText(a.key, b.key)),
    byAge,
    oldest: open.sort(byAgeThenSeverity).slice(0, oldestShown).map(openTaskSummary),
  };
}

function countInto(groups: Map<string, GroupCount>, key: string, task: TaskState): void {
  let group = groups.get(key);
  if (group === undefined) {
    group = { key, total: 0, bySeverity: zeroCounts() };
    groups.set(key, group);
  }
  group.total++;
  group.bySeverity[task.severity]++;
}

function openTaskSummary(task: TaskState): OpenTaskSummary {
  return {
    key: task.key,
    title: task.title,
    severity: task.severity,
    openedAt: new Date(task.openedAt).toISOString(),
    findings: task.findingIds.length,
    ...(task.externalId === undefined ? {} : { externalId: task.externalId }),
    ...(task.url === undefined ? {} : { url: task.url }),
  };
}

/** Oldest first; among tasks opened together, the most severe, then by key. */
function byAgeThenSeverity(a: TaskState, b: TaskState): number {
  return (
    a.openedAt - b.openedAt ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.key, b.key)
  );
}
