/** Lambda: ReconcilePartition (one Map iteration per partition). */
import { z } from "zod";
import { reconcilePartition } from "../scan/steps/reconcile-partition.ts";
import { defineHandler } from "./define-handler.ts";

export const reconcilePartitionHandler = defineHandler(
  "ReconcilePartition",
  z
    .object({
      scanId: z.string().min(1),
      partition: z.number().int().nonnegative(),
      partitionCount: z.number().int().positive(),
    })
    .refine((p) => p.partition < p.partitionCount, { message: "partition must be below partitionCount" }),
  reconcilePartition,
);
export const handler = reconcilePartitionHandler.handler;
