/** Lambda: PersistFindings. */
import { z } from "zod";
import { persistFindings } from "../scan/steps/persist-findings.ts";
import { defineHandler } from "./define-handler.ts";

const partitionResult = z.object({
  partition: z.number().int().nonnegative(),
  partitionCount: z.number().int().positive(),
  findings: z.number().int().nonnegative(),
  ruleErrors: z.number().int().nonnegative(),
  findingsKey: z.string().min(1),
  metaKey: z.string().min(1),
});

export const persistFindingsHandler = defineHandler(
  "PersistFindings",
  z.object({ scanId: z.string().min(1), partitions: z.array(partitionResult).min(1) }),
  persistFindings,
);
export const handler = persistFindingsHandler.handler;
