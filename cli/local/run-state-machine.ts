/**
 * Runs an ASL definition in-process with aws-local-stepfunctions: each Task's Lambda placeholder
 * is served by the in-process handler of that name. Reports every state as it runs, counts state
 * transitions (what Step Functions bills) and Task durations (what Lambda bills).
 */
import "./promise-with-resolvers.ts";
import { randomUUID } from "node:crypto";
import { type RunOptions, StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";
import { type AslMachine, taskStates, withLocalArns } from "./asl-definition.ts";

type LocalHandlers = NonNullable<NonNullable<RunOptions["overrides"]>["taskResourceLocalHandlers"]>;
type JsonValue = Awaited<ReturnType<LocalHandlers[string]>>;

export type LocalHandler = (input: unknown) => Promise<unknown>;

export type RunEvent =
  | { type: "state-entered"; state: string; stateType: string }
  | { type: "state-exited"; state: string; stateType: string; durationMs: number; output: unknown }
  | { type: "state-retried"; state: string; attempt: number }
  | { type: "state-caught"; state: string; error: string; cause: string }
  | { type: "state-failed"; state: string; error: string; cause: string };

export interface TaskRun {
  state: string;
  placeholder: string;
  /** Wall time of the handler call, including any wait for the local one-at-a-time gate. */
  durationMs: number;
  /** The step's own measure of its work, when its result reports `durationMs`. */
  workMs?: number;
  failed: boolean;
}

export interface LocalRunOptions {
  definition: AslMachine;
  /** Handler per placeholder name, e.g. `StartScanFunctionArn`. */
  handlers: Readonly<Record<string, LocalHandler>>;
  input: Record<string, unknown>;
  onEvent?: (event: RunEvent) => void;
  /** Milliseconds between retries (instead of the definition's backoff), e.g. 0 in tests. */
  retryIntervalMs?: number;
  /** Wait states to cut short, by name, in milliseconds (the access review's Wait: the check step decides by its instant). */
  waitTimeOverrides?: Record<string, number>;
  /**
   * The definition is known valid — the shipped one is checked by the tests: skip the
   * interpreter's validation, which compiles a JSON schema (about 0.25 s) on every run.
   */
  prevalidated?: boolean;
}

export interface LocalRunResult {
  status: "succeeded" | "failed";
  output?: unknown;
  error?: { name: string; cause: string };
  /** States entered, including Map iterations and Parallel branches: Step Functions' billed transitions. */
  transitions: number;
  tasks: TaskRun[];
  /** State names in the order they were entered (execution history, for tests). */
  history: string[];
}

/** What the interpreter checks in a definition before running it (ARNs and JSONPaths included). */
export const ASL_VALIDATION = { checkArn: true, checkPaths: true } as const;

export async function runStateMachineLocally(options: LocalRunOptions): Promise<LocalRunResult> {
  const tasks: TaskRun[] = [];
  // A failed Parallel branch ends the execution while its other branches' Lambdas still run (as
  // in AWS): the run returns only once they are done, so no handler outlives the stores it uses.
  const inFlight = new Set<Promise<unknown>>();
  const localHandlers: LocalHandlers = {};
  const retryIntervals: Record<string, number> = {};
  for (const { stateName, placeholder } of taskStates(options.definition)) {
    const handler = options.handlers[placeholder];
    if (!handler) throw new Error(`no local handler for \${${placeholder}} (state ${stateName})`);
    const run = async (input: unknown) => {
      const started = performance.now();
      try {
        const result = await handler(input);
        const workMs = (result as { durationMs?: unknown } | null)?.durationMs;
        tasks.push({
          state: stateName,
          placeholder,
          durationMs: performance.now() - started,
          ...(typeof workMs === "number" ? { workMs } : {}),
          failed: false,
        });
        return result as JsonValue;
      } catch (error) {
        tasks.push({ state: stateName, placeholder, durationMs: performance.now() - started, failed: true });
        throw error;
      }
    };
    localHandlers[stateName] = (input) => track(inFlight, run(input));
    if (options.retryIntervalMs !== undefined) retryIntervals[stateName] = options.retryIntervalMs;
  }

  const machine = new StateMachine(withLocalArns(options.definition) as unknown as StateMachineDefinition, {
    validationOptions: options.prevalidated ? { noValidate: true } : ASL_VALIDATION,
  });
  const startTime = new Date().toISOString();
  // Unique per run, as Step Functions' execution names are: the execution holds the scan lock.
  const name = `local-${startTime.replace(/[-:.]/g, "")}-${randomUUID().slice(0, 8)}`;
  const execution = machine.run(options.input as JsonValue, {
    overrides: {
      taskResourceLocalHandlers: localHandlers,
      retryIntervalOverrides: retryIntervals,
      ...(options.waitTimeOverrides ? { waitTimeOverrides: options.waitTimeOverrides } : {}),
    },
    // The context object Step Functions provides ($$.Execution…), as a local execution.
    context: {
      Execution: {
        Id: `arn:aws:states:us-east-1:000000000000:execution:deprov-local:${name}`,
        Name: name,
        StartTime: startTime,
        Input: options.input as JsonValue,
      },
    },
  });

  const history: string[] = [];
  let transitions = 0;
  const entered = new Map<string, number>();
  const emit = options.onEvent ?? (() => {});
  const consumeEvents = (async () => {
    for await (const event of execution.eventLogs) {
      const e = event as unknown as {
        type: string;
        state?: { name: string; type: string; output?: unknown };
        retry?: { attempt: number };
        Error?: string;
        Cause?: unknown;
      };
      const state = e.state;
      if (!state) continue;
      if (e.type === "StateEntered") {
        transitions++;
        history.push(state.name);
        entered.set(state.name, performance.now());
        emit({ type: "state-entered", state: state.name, stateType: state.type });
      } else if (e.type === "StateExited") {
        const since = entered.get(state.name) ?? performance.now();
        emit({
          type: "state-exited",
          state: state.name,
          stateType: state.type,
          durationMs: performance.now() - since,
          output: state.output,
        });
      } else if (e.type === "StateRetried") {
        emit({ type: "state-retried", state: state.name, attempt: e.retry?.attempt ?? 0 });
      } else if (e.type === "StateCaught") {
        emit({
          type: "state-caught",
          state: state.name,
          error: e.Error ?? "error",
          cause: causeText(e.Cause),
        });
      } else if (e.type === "StateFailed") {
        emit({
          type: "state-failed",
          state: state.name,
          error: e.Error ?? "error",
          cause: causeText(e.Cause),
        });
      }
    }
  })();

  try {
    const output = await execution.result;
    await consumeEvents;
    return { status: "succeeded", output, transitions, tasks, history };
  } catch (error) {
    await consumeEvents.catch(() => {});
    await Promise.allSettled(inFlight);
    return { status: "failed", error: executionError(error), transitions, tasks, history };
  }
}

function track<T>(inFlight: Set<Promise<unknown>>, work: Promise<T>): Promise<T> {
  inFlight.add(work);
  work.then(
    () => inFlight.delete(work),
    () => inFlight.delete(work),
  );
  return work;
}

function executionError(error: unknown): { name: string; cause: string } {
  // The interpreter wraps the state's error: the Fail state's Error/Cause is in `cause`.
  const inner = (error as { cause?: { name?: string; message?: string } } | undefined)?.cause;
  if (inner?.name) return { name: inner.name, cause: inner.message ?? "" };
  return {
    name: error instanceof Error ? error.name : "Error",
    cause: error instanceof Error ? error.message : String(error),
  };
}

function causeText(cause: unknown): string {
  if (typeof cause === "string") return cause;
  if (cause instanceof Error) return cause.message;
  return JSON.stringify(cause) ?? "";
}
