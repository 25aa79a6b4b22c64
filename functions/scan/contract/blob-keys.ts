const SNAPSHOTS_PREFIX = "snapshots/";

/**
 * Where a scan's blobs live (S3 keys in AWS, paths under the state folder locally): the one list of
 * keys the steps write and read, and the write scopes the Lambdas are granted on them.
 */
export const blobKeys = {
  /**
   * The export exactly as collected: evidence of what the scan read. Raw HR and credential data,
   * so under `snapshots/`, which expires (the bucket's retention rule); the rest of a scan stays.
   */
  sourceSnapshot: (scanId: string, sourceId: string) => `${SNAPSHOTS_PREFIX}${scanId}/${sourceId}/export`,
  sourceSummary: (scanId: string, sourceId: string) => `scans/${scanId}/sources/${sourceId}/summary.json`,
  partitionFindings: (scanId: string, partition: number, count: number) =>
    `scans/${scanId}/partitions/${partition}-of-${count}.findings.jsonl.gz`,
  partitionMeta: (scanId: string, partition: number, count: number) =>
    `scans/${scanId}/partitions/${partition}-of-${count}.meta.json`,
  /** Everything the report needs besides the findings blob. */
  scanMeta: (scanId: string) => `scans/${scanId}/scan.json`,
  /** Leavers' timelines and the SLA population, for the report. */
  leavers: (scanId: string) => `scans/${scanId}/leavers.json`,
  report: (scanId: string, file: string) => `reports/${scanId}/${file}`,
  /**
   * The scan's result: every open and waived finding (seen or carried), one JSON line each; the
   * baseline of the next scan (functions/ports/result-blob.ts reads and writes it).
   */
  findings: (scanId: string) => `scans/${scanId}/findings.jsonl.gz`,
  /** The finding state transitions the scan persisted, one JSON line each. */
  transitions: (scanId: string) => `scans/${scanId}/transitions.jsonl.gz`,
  /**
   * The remediation-task changes one attempt of a scan made (created, updated, closed, reopened),
   * one line each, keyed by content: a retried step that changes more tasks adds its own blob, one
   * that recomputes the same changes lands on the same key.
   */
  taskChanges: (scanId: string, sha256: string) =>
    `${taskChangesPrefix(scanId)}${sha256.slice(0, 16)}.jsonl.gz`,
  /** What every task-changes blob of a scan's attempts starts with. */
  taskChangesPrefix: (scanId: string) => taskChangesPrefix(scanId),
  /** The night's bulk work, planned into chunks (ADR 0007). */
  digestChunk: (scanId: string, index: number) =>
    `scans/${scanId}/digests/chunk-${chunkNumber(index)}.jsonl.gz`,
  /** What a chunk of manager digests sent, for the audit trail. */
  digestChunkAudit: (scanId: string, index: number) =>
    `scans/${scanId}/digests/chunk-${chunkNumber(index)}.audit.jsonl.gz`,
  taskChunk: (scanId: string, index: number) => `scans/${scanId}/tasks/chunk-${chunkNumber(index)}.jsonl.gz`,
  securityHubChunk: (scanId: string, index: number) =>
    `scans/${scanId}/security-hub/chunk-${chunkNumber(index)}.jsonl.gz`,
} as const;

function taskChangesPrefix(scanId: string): string {
  return `scans/${scanId}/task-changes-`;
}

/** Zero-padded, so a listing of a scan's chunks sorts in plan order. */
function chunkNumber(index: number): string {
  return String(index).padStart(5, "0");
}

export function isSourceSnapshotKey(key: string): boolean {
  return key.startsWith(SNAPSHOTS_PREFIX);
}

/**
 * What each kind of step writes, as key patterns (`*`: any characters, `/` included, as in IAM
 * resource ARNs). Each Lambda's PutObject grant is scoped to the patterns of what it writes, so
 * none can write the config, the exports or another step's results; a test runs the state
 * machine and checks every key each handler writes against its grant.
 */
export const BLOB_WRITE_SCOPES = {
  "source-snapshots": [`${SNAPSHOTS_PREFIX}*/*/export`],
  "source-summaries": ["scans/*/sources/*/summary.json"],
  partitions: ["scans/*/partitions/*"],
  results: [
    "scans/*/findings.jsonl.gz",
    "scans/*/transitions.jsonl.gz",
    "scans/*/scan.json",
    "scans/*/leavers.json",
  ],
  reports: ["reports/*"],
  "task-changes": ["scans/*/task-changes-*.jsonl.gz"],
  /** tasks.json beside the report (functions/scan/tasks-file.ts), written by the task step in AWS. */
  "tasks-file": ["reports/*/tasks.json"],
  /** The night's bulk work, planned into chunks (ADR 0007): manager digests, tasks, Security Hub. */
  "digest-plans": ["scans/*/digests/chunk-*.jsonl.gz"],
  "digest-audits": ["scans/*/digests/chunk-*.audit.jsonl.gz"],
  "task-plans": ["scans/*/tasks/chunk-*.jsonl.gz"],
  "security-hub-plans": ["scans/*/security-hub/chunk-*.jsonl.gz"],
  /** Access-review campaigns (functions/reviews/campaign-items.ts `campaignKeys`). */
  "review-items": ["reviews/*/items/*"],
  "review-tasks": ["reviews/*/tasks.jsonl.gz"],
  "review-reports": ["reviews/*/report.html", "reviews/*/report.csv"],
} as const satisfies Record<string, readonly string[]>;

export type BlobWriteScope = keyof typeof BLOB_WRITE_SCOPES;

/**
 * What a handler that must not read the whole bucket reads besides the config object (the stack
 * adds `CONFIG_KEY`), as key patterns like BLOB_WRITE_SCOPES. The decision page faces the internet:
 * it reads the campaign items its links name, never the snapshots (raw HR exports), scans or reports.
 */
export const BLOB_READ_SCOPES = {
  /** A campaign's item chunks, as StartCampaign writes them. */
  "review-items": BLOB_WRITE_SCOPES["review-items"],
} as const satisfies Record<string, readonly string[]>;

export type BlobReadScope = keyof typeof BLOB_READ_SCOPES;

/** Whether a key matches a pattern of BLOB_WRITE_SCOPES, the way IAM matches a resource ARN. */
export function matchesKeyPattern(key: string, pattern: string): boolean {
  const expression = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${expression}$`, "s").test(key);
}
