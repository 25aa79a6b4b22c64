/**
 * `deprov review start --aws`: starts the deployed access-review state machine and follows it
 * through the campaign's start and the packets, until it settles into waiting for decisions (a
 * campaign runs for weeks: the execution goes on in AWS and closes itself on the due date).
 */
import { campaignIdFor } from "../../functions/reviews/campaign-items.ts";
import { EXIT } from "../args.ts";
import type { RunEvent } from "../local/run-state-machine.ts";
import { readStackOutputs } from "./deployed-stack.ts";
import { startAndFollow } from "./follow-execution.ts";

export interface AwsReviewStartOptions {
  stack: string;
  name?: string;
  due?: string;
  by?: string;
  now?: number;
  json: boolean;
  say: (line: string) => void;
  onEvent: (event: RunEvent) => void;
  pollMs?: number;
}

export async function startReviewInAws(options: AwsReviewStartOptions): Promise<number> {
  const outputs = await readStackOutputs(options.stack);
  const at = options.now ?? Date.now();
  const name = options.name ?? `Access review ${new Date(at).toISOString().slice(0, 10)}`;
  // The organization is in the deployed config; a random part keeps two starts apart.
  const campaignId = campaignIdFor("", name, at, crypto.randomUUID());
  options.say(`deprov review start --aws: starting ${outputs.reviewStateMachineArn}`);
  const run = await startAndFollow({
    stateMachineArn: outputs.reviewStateMachineArn,
    input: {
      trigger: "cli",
      campaignId,
      name,
      ...(options.now !== undefined ? { now: new Date(options.now).toISOString() } : {}),
      ...(options.due !== undefined ? { due: options.due } : {}),
      ...(options.by !== undefined ? { startedBy: options.by } : {}),
    },
    onEvent: options.onEvent,
    stopAtStateType: "Wait",
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
  });
  if (run.status === "failed") {
    if (options.json)
      console.log(
        JSON.stringify({ status: "failed", error: run.error, executionArn: run.executionArn }, null, 2),
      );
    else
      console.error(
        `deprov review start --aws: FAILED: ${run.error?.name ?? "error"}: ${run.error?.cause ?? ""}`,
      );
    return EXIT.failed;
  }
  if (options.json) {
    console.log(JSON.stringify({ campaignId }, null, 2));
    return EXIT.ok;
  }
  console.log(
    run.status === "following-stopped"
      ? `Campaign ${campaignId} started in AWS and is waiting for decisions (execution ${run.executionArn})`
      : `Campaign ${campaignId}: execution ${run.executionArn} finished`,
  );
  return EXIT.ok;
}
