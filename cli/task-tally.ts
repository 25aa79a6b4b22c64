/**
 * Remediation task counts of a scan per sink, from the task step's results as the state machine
 * reports them: however many task steps ran (a retry, chunks of a large sync), their counts add up.
 */

export const TASK_COUNT_KINDS = ["created", "updated", "closed", "reopened", "unchanged"] as const;

export type TaskCounts = Record<(typeof TASK_COUNT_KINDS)[number], number> & {
  /** Left to another run working on the same task at once. */
  skipped: number;
  /** The changes were planned only (`tasks.dryRun`). */
  dryRun: boolean;
};

/** The task step's result (SyncRemediationTasksOutput), or undefined for any other state's. */
function taskStepCounts(output: unknown): { sink: string; counts: TaskCounts } | undefined {
  if (typeof output !== "object" || output === null) return undefined;
  const result = output as Record<string, unknown>;
  if (typeof result.sink !== "string") return undefined;
  const count = (key: string) => (typeof result[key] === "number" ? (result[key] as number) : undefined);
  const counts = { skipped: count("skipped") ?? 0, dryRun: result.dryRun === true } as TaskCounts;
  for (const kind of TASK_COUNT_KINDS) {
    const value = count(kind);
    if (value === undefined) return undefined;
    counts[kind] = value;
  }
  return { sink: result.sink, counts };
}

export class TaskTally {
  readonly bySink = new Map<string, TaskCounts>();

  /** Adds a state's output if it is the task step's; says whether it was. */
  add(output: unknown): boolean {
    const step = taskStepCounts(output);
    if (step === undefined) return false;
    const total = this.bySink.get(step.sink);
    if (total === undefined) {
      this.bySink.set(step.sink, { ...step.counts });
      return true;
    }
    for (const kind of TASK_COUNT_KINDS) total[kind] += step.counts[kind];
    total.skipped += step.counts.skipped;
    total.dryRun ||= step.counts.dryRun;
    return true;
  }

  toJson(): Record<string, TaskCounts> {
    return Object.fromEntries(this.bySink);
  }
}

/** `3 created, 1 updated, 0 closed, 0 reopened, 12 unchanged` (+ skipped, dry run when so). */
export function taskCountsText(counts: TaskCounts): string {
  const parts = TASK_COUNT_KINDS.map((kind) => `${counts[kind]} ${kind}`);
  if (counts.skipped > 0) parts.push(`${counts.skipped} left to another run`);
  return `${parts.join(", ")}${counts.dryRun ? " (dry run: planned, nothing sent or stored)" : ""}`;
}
