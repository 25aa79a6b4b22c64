/** Lambda: PublishReport. */
import { z } from "zod";
import { publishReport } from "../scan/steps/publish-report.ts";
import { defineHandler } from "./define-handler.ts";

export const publishReportHandler = defineHandler(
  "PublishReport",
  z.object({ scanId: z.string().min(1) }),
  publishReport,
);
export const handler = publishReportHandler.handler;
