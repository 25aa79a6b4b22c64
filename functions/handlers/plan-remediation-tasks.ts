/** Lambda: PlanRemediationTasks. */
import { z } from "zod";
import { planRemediationTasksStep } from "../scan/steps/plan-remediation-tasks.ts";
import { defineHandler } from "./define-handler.ts";

export const planRemediationTasksHandler = defineHandler(
  "PlanRemediationTasks",
  z.object({ scanId: z.string().min(1) }),
  planRemediationTasksStep,
);
export const handler = planRemediationTasksHandler.handler;
