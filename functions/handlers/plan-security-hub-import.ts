/** Lambda: PlanSecurityHubImport. */
import { z } from "zod";
import { planSecurityHubImport } from "../scan/steps/import-security-hub-findings.ts";
import { defineHandler } from "./define-handler.ts";

export const planSecurityHubImportHandler = defineHandler(
  "PlanSecurityHubImport",
  z.object({ scanId: z.string().min(1) }),
  planSecurityHubImport,
);
export const handler = planSecurityHubImportHandler.handler;
