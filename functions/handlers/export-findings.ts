/** Lambda: ExportFindings. */
import { z } from "zod";
import { exportFindings } from "../scan/steps/export-findings.ts";
import { defineHandler } from "./define-handler.ts";

export const exportFindingsHandler = defineHandler(
  "ExportFindings",
  z.object({ scanId: z.string().min(1) }),
  exportFindings,
);
export const handler = exportFindingsHandler.handler;
