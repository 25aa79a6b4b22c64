/** Owned resources (scheduled jobs, repositories, datasets, shared drives) as `resourceId,type,owner,schedule`. */
import { writeRecordsFile } from "../file-writer.ts";
import type { GenResource } from "../resource-plan.ts";
import { csvRow } from "../serialization.ts";

export const RESOURCE_COLUMNS = {
  resourceId: "resourceId",
  type: "type",
  ownerId: "owner",
  schedule: "schedule",
};

export function writeResourcesCsv(path: string, resources: readonly GenResource[]): number {
  return writeRecordsFile(
    path,
    "resourceId,type,owner,schedule",
    resources,
    (r) => `\n${csvRow([r.resourceId, r.type, r.owner, r.schedule])}`,
    "",
    "\n",
  );
}
