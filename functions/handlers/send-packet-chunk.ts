/** Lambda: SendPacketChunk (access review: one chunk of reviewers' packets). */
import { z } from "zod";
import { sendPacketChunk } from "../reviews/steps/send-packet-chunk.ts";
import { defineHandler } from "./define-handler.ts";

export const sendPacketChunkHandler = defineHandler(
  "SendPacketChunk",
  z.object({ campaignId: z.string().min(1), chunk: z.number().int().nonnegative() }),
  sendPacketChunk,
);
export const handler = sendPacketChunkHandler.handler;
