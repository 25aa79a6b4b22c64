/**
 * Access reviews, locally: runs statemachines/access-review.asl.json in-process with the same
 * handlers as in AWS. The Wait is skipped (the check step decides by the instant the Wait waited
 * for) and the run stops at `runUntil` — the command's `--now` — to be resumed by a later command:
 * `deprov review close` runs the checks up to its instant (sending the reminders and escalations
 * due by then) and closes.
 */
import { join } from "node:path";
import { ACCESS_REVIEW_HANDLERS } from "../../functions/handlers/catalogue.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { readAslDefinition } from "./asl-definition.ts";
import { asLambda } from "./run-local-scan.ts";
import { type LocalRunResult, type RunEvent, runStateMachineLocally } from "./run-state-machine.ts";

export const ACCESS_REVIEW_ASL = join(
  import.meta.dirname,
  "..",
  "..",
  "statemachines",
  "access-review.asl.json",
);

export interface LocalReviewInput {
  campaignId?: string;
  name?: string;
  due?: string;
  /** The campaign's evaluation instant when it starts. */
  now: number;
  /** Close at `now` (`deprov review close`). */
  close?: boolean;
  startedBy?: string;
  closedBy?: string;
}

export interface LocalReviewOptions {
  deps: ScanDependencies;
  /** `blobs`: each invocation starts with nothing in memory, as a Lambda does (see runLocalScan). */
  handOff?: "memory" | "blobs";
  input: LocalReviewInput;
  onEvent?: (event: RunEvent) => void;
  retryIntervalMs?: number;
}

export async function runLocalReview(options: LocalReviewOptions): Promise<LocalRunResult> {
  const { deps, input } = options;
  const now = new Date(input.now).toISOString();
  return runStateMachineLocally({
    definition: readAslDefinition(ACCESS_REVIEW_ASL),
    handlers: Object.fromEntries(
      ACCESS_REVIEW_HANDLERS.map((spec) => [
        spec.placeholder,
        options.handOff === "blobs" ? asLambda(spec.handler, deps) : spec.handler.withDependencies(deps),
      ]),
    ),
    input: {
      trigger: "cli",
      now,
      runUntil: now,
      ...(input.campaignId !== undefined ? { campaignId: input.campaignId } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.due !== undefined ? { due: input.due } : {}),
      ...(input.startedBy !== undefined ? { startedBy: input.startedBy } : {}),
      ...(input.close ? { closeAt: now } : {}),
      ...(input.closedBy !== undefined ? { closedBy: input.closedBy } : {}),
    },
    waitTimeOverrides: { WaitForNextCheck: 0 },
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.retryIntervalMs !== undefined ? { retryIntervalMs: options.retryIntervalMs } : {}),
  });
}
