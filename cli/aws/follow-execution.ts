/**
 * Starts a deployed state machine's execution and follows it state by state through the Step
 * Functions API (GetExecutionHistory, paged), reporting the same events a local run reports, so
 * `--aws` prints the same progress lines and exits with the same codes.
 */
import {
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import type { RunEvent } from "../local/run-state-machine.ts";

export interface FollowOptions {
  stateMachineArn: string;
  input: Record<string, unknown>;
  onEvent?: (event: RunEvent) => void;
  /** Between history polls; default 2 s, or DEPROV_AWS_POLL_MS. */
  pollMs?: number;
  /** Stop following (the execution goes on) once it enters a state of this type, e.g. `Wait`. */
  stopAtStateType?: string;
  client?: SFNClient;
  sleep?: (ms: number) => Promise<void>;
}

export interface FollowedExecution {
  executionArn: string;
  status: "succeeded" | "failed" | "following-stopped";
  output?: unknown;
  error?: { name: string; cause: string };
  history: string[];
}

export interface RunningExecution {
  executionArn: string;
  name: string;
  startedAt: Date | undefined;
}

export async function runningExecutions(
  stateMachineArn: string,
  client = new SFNClient({}),
): Promise<RunningExecution[]> {
  const listed = await client.send(
    new ListExecutionsCommand({ stateMachineArn, statusFilter: "RUNNING", maxResults: 10 }),
  );
  return (listed.executions ?? []).map((e) => ({
    executionArn: e.executionArn ?? "",
    name: e.name ?? "",
    startedAt: e.startDate,
  }));
}

export async function startAndFollow(options: FollowOptions): Promise<FollowedExecution> {
  const client = options.client ?? new SFNClient({});
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = await client.send(
    new StartExecutionCommand({
      stateMachineArn: options.stateMachineArn,
      input: JSON.stringify(options.input),
    }),
  );
  const executionArn = started.executionArn;
  if (!executionArn) throw new Error("Step Functions started no execution (no executionArn returned)");
  const emit = options.onEvent ?? (() => {});
  const history: string[] = [];
  const enteredAt = new Map<string, number>();
  let seen = 0;
  for (;;) {
    const events = await allEvents(client, executionArn);
    for (const event of events.slice(seen)) {
      const outcome = toRunEvent(event, enteredAt);
      if (outcome.entered) history.push(outcome.entered);
      if (outcome.event) emit(outcome.event);
      if (event.type === "ExecutionSucceeded")
        return {
          executionArn,
          status: "succeeded",
          output: parse(event.executionSucceededEventDetails?.output),
          history,
        };
      const failure = executionFailure(event);
      if (failure) return { executionArn, status: "failed", error: failure, history };
      if (
        options.stopAtStateType !== undefined &&
        outcome.event?.type === "state-entered" &&
        outcome.event.stateType === options.stopAtStateType
      )
        return { executionArn, status: "following-stopped", history };
    }
    seen = events.length;
    // The history ends with the execution's own end event: poll until it is there.
    await sleep(options.pollMs ?? Number(process.env.DEPROV_AWS_POLL_MS ?? 2000));
  }
}

async function allEvents(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }),
    );
    for (const event of page.events ?? []) events.push(event);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

/** `TaskStateEntered` → a Task entered, and so on for every state type. */
function toRunEvent(
  event: HistoryEvent,
  enteredAt: Map<string, number>,
): { event?: RunEvent; entered?: string } {
  const type = event.type ?? "";
  const at = event.timestamp?.getTime() ?? 0;
  const kind = /^(\w+?)StateEntered$/.exec(type)?.[1];
  if (kind !== undefined && event.stateEnteredEventDetails?.name) {
    const state = event.stateEnteredEventDetails.name;
    enteredAt.set(state, at);
    return { event: { type: "state-entered", state, stateType: kind }, entered: state };
  }
  const exitedKind = /^(\w+?)StateExited$/.exec(type)?.[1];
  if (exitedKind !== undefined && event.stateExitedEventDetails?.name) {
    const state = event.stateExitedEventDetails.name;
    return {
      event: {
        type: "state-exited",
        state,
        stateType: exitedKind,
        durationMs: at - (enteredAt.get(state) ?? at),
        output: parse(event.stateExitedEventDetails.output),
      },
    };
  }
  return {};
}

function executionFailure(event: HistoryEvent): { name: string; cause: string } | undefined {
  if (event.type === "ExecutionFailed")
    return {
      name: event.executionFailedEventDetails?.error ?? "ExecutionFailed",
      cause: event.executionFailedEventDetails?.cause ?? "",
    };
  if (event.type === "ExecutionTimedOut")
    return {
      name: "States.Timeout",
      cause: event.executionTimedOutEventDetails?.cause ?? "the execution timed out",
    };
  if (event.type === "ExecutionAborted")
    return {
      name: "ExecutionAborted",
      cause: event.executionAbortedEventDetails?.cause ?? "the execution was stopped",
    };
  return undefined;
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
