/** Lambda: RemediationTasks. */
import { z } from "zod";
import { syncRemediationTasksStep } from "../scan/steps/sync-remediation-tasks.ts";
import { defineHandler } from "./define-handler.ts";

export const syncRemediationTasksHandler = defineHandler(
  "SyncRemediationTasks",
  z.object({ scanId: z.string().min(1) }),
  syncRemediationTasksStep,
);
export const handler = syncRemediationTasksHandler.handler;
