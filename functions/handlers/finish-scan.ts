/** Lambda: FinishScan. */
import { z } from "zod";
import { finishScan } from "../scan/steps/finish-scan.ts";
import type { PersistFindingsOutput } from "../scan/steps/persist-findings.ts";
import { defineHandler } from "./define-handler.ts";

export const finishScanHandler = defineHandler(
  "FinishScan",
  z.object({
    scanId: z.string().min(1),
    persisted: z.custom<PersistFindingsOutput>(
      (v) => typeof v === "object" && v !== null && "resultKey" in v,
    ),
    published: z.array(z.unknown()),
    execution: z.string().min(1).optional(),
  }),
  finishScan,
);
export const handler = finishScanHandler.handler;
