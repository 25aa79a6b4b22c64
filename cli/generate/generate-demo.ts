/** The bundled demo org (work in progress: the seeded generator until the curated cases land). */
import type { Instant } from "../../functions/core/model.ts";
import { type GenerateSummary, generateOrg } from "./generate-org.ts";

export interface GenerateDemoOptions {
  outDir: string;
  now: Instant;
}

export async function generateDemo(options: GenerateDemoOptions): Promise<GenerateSummary> {
  return generateOrg({ people: 280, seed: 2026, outDir: options.outDir, now: options.now, organization: "Northwind Analytics" });
}
