/** Lambda: ImportSecurityHubFindings (one Map iteration per chunk of changed findings). */
import { z } from "zod";
import { importSecurityHubFindings } from "../scan/steps/import-security-hub-findings.ts";
import { chunkRefSchema } from "./chunk-ref-schema.ts";
import { defineHandler } from "./define-handler.ts";

export const importSecurityHubFindingsHandler = defineHandler(
  "ImportSecurityHubFindings",
  z.object({ scanId: z.string().min(1), chunk: chunkRefSchema }),
  importSecurityHubFindings,
);
export const handler = importSecurityHubFindingsHandler.handler;
