/**
 * What the same run would cost on AWS, from what the local run measured: Step Functions Standard
 * bills state transitions; Lambda bills requests and GB-seconds at the function's memory size.
 * Published us-east-1 prices (arm64); an estimate, not a bill.
 */
import { HANDLER_CATALOGUE } from "../functions/handlers/catalogue.ts";
import type { TaskRun } from "./local/run-state-machine.ts";

export const PRICES = {
  stepFunctionsPerTransition: 0.025 / 1000,
  lambdaPerGbSecondArm: 0.0000133334,
  lambdaPerRequest: 0.2 / 1_000_000,
} as const;

export interface CostEstimate {
  transitions: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  usd: number;
}

export function estimateRunCost(transitions: number, tasks: readonly TaskRun[]): CostEstimate {
  const memoryByPlaceholder = new Map(HANDLER_CATALOGUE.map((h) => [h.placeholder, h.memoryMb]));
  let gbSeconds = 0;
  for (const task of tasks) {
    const memoryMb = memoryByPlaceholder.get(task.placeholder) ?? 1024;
    // Lambda bills each invocation in 1 ms steps.
    gbSeconds += (Math.ceil(task.workMs ?? task.durationMs) / 1000) * (memoryMb / 1024);
  }
  const usd =
    transitions * PRICES.stepFunctionsPerTransition +
    gbSeconds * PRICES.lambdaPerGbSecondArm +
    tasks.length * PRICES.lambdaPerRequest;
  return { transitions, lambdaInvocations: tasks.length, lambdaGbSeconds: Number(gbSeconds.toFixed(3)), usd };
}

export function formatUsd(usd: number): string {
  return usd < 0.01 ? `$${usd.toFixed(5)}` : `$${usd.toFixed(2)}`;
}
