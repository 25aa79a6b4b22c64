/**
 * Does many small remote things — send an email, create a ticket, import a batch — no faster than
 * the remote system allows and within a time budget. Starts are spaced evenly at `ratePerSecond`
 * (SES's MaxSendRate, a ticket system's limit), at most `concurrency` run at once, and no new one
 * starts after `deadline`: the caller records what was done and lets a retry continue, so a step
 * never runs into its Lambda timeout with work half done and unrecorded.
 */
import type { Clock } from "./clock.ts";

export interface PaceOptions {
  /** Starts per second; `undefined` or non-finite: as fast as `concurrency` allows. */
  ratePerSecond?: number | undefined;
  concurrency: number;
  clock: Clock;
  /** Clock time after which nothing new starts. */
  deadline?: number;
}

export interface PaceOutcome {
  /** Items whose work finished (successfully). */
  done: number;
  /** True when the deadline stopped it before every item started. */
  stoppedAtDeadline: boolean;
}

/**
 * Runs `work` for each item in order. The first error stops new starts; the work already running
 * is awaited (so its results are recorded by the caller's callbacks), then the error is thrown.
 */
export async function pacedForEach<T>(
  items: readonly T[],
  options: PaceOptions,
  work: (item: T, index: number) => Promise<void>,
): Promise<PaceOutcome> {
  const interval =
    options.ratePerSecond !== undefined && Number.isFinite(options.ratePerSecond) && options.ratePerSecond > 0
      ? 1000 / options.ratePerSecond
      : 0;
  const limit = Math.max(1, Math.floor(options.concurrency));
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let done = 0;
  let nextStart = options.clock.now();
  let stoppedAtDeadline = false;

  for (let index = 0; index < items.length && failure === undefined; index++) {
    while (running.size >= limit) await Promise.race(running);
    if (failure !== undefined) break;
    const wait = nextStart - options.clock.now();
    if (wait > 0) await options.clock.sleep(wait);
    if (options.deadline !== undefined && options.clock.now() >= options.deadline) {
      stoppedAtDeadline = true;
      break;
    }
    nextStart = Math.max(nextStart, options.clock.now()) + interval;
    const item = items[index] as T;
    const task: Promise<void> = work(item, index).then(
      () => {
        done++;
        running.delete(task);
      },
      (error: unknown) => {
        failure ??= { error };
        running.delete(task);
      },
    );
    running.add(task);
  }
  await Promise.all(running);
  if (failure !== undefined) throw failure.error;
  return { done, stoppedAtDeadline };
}
