/** A Map item's reference to a chunk of bulk work (functions/scan/work-chunks.ts). */
import { z } from "zod";

export const chunkRefSchema = z.object({
  index: z.number().int().nonnegative(),
  key: z.string().min(1),
  items: z.number().int().nonnegative(),
});
