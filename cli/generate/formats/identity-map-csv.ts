/** The identity map (SPEC §2): manual correlations `source,accountId,employeeId`. */
import type { IdentityMapEntry } from "../account-plan.ts";
import { writeRecordsFile } from "../file-writer.ts";
import { csvRow } from "../serialization.ts";

export function writeIdentityMapCsv(path: string, entries: readonly IdentityMapEntry[]): number {
  return writeRecordsFile(
    path,
    "source,accountId,employeeId",
    entries,
    (e) => `\n${csvRow([e.source, e.accountId, e.employeeId])}`,
    "",
    "\n",
  );
}
