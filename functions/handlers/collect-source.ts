/** Lambda: CollectSource (one Map iteration per source). */
import { z } from "zod";
import { collectSourceStep } from "../scan/steps/collect-source.ts";
import { defineHandler } from "./define-handler.ts";

export const collectSourceHandler = defineHandler(
  "CollectSource",
  z.object({ scanId: z.string().min(1), sourceId: z.string().min(1) }),
  collectSourceStep,
);
export const handler = collectSourceHandler.handler;
