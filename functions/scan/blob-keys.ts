/** Where a scan's blobs live (S3 keys in AWS, paths under the state folder locally). */
export const blobKeys = {
  /** The export exactly as collected: evidence of what the scan read. */
  sourceSnapshot: (scanId: string, sourceId: string) => `scans/${scanId}/sources/${sourceId}/export`,
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
} as const;
