/** Counts items a store wrote, per scan: the benchmark reports "DynamoDB items written per scan". */
const NO_SCAN = "";

export class ItemCounter {
  private readonly byScan = new Map<string, number>();
  private total = 0;

  add(scanId: string | undefined, items: number): void {
    const key = scanId ?? NO_SCAN;
    this.byScan.set(key, (this.byScan.get(key) ?? 0) + items);
    this.total += items;
  }

  /** Items written for `scanId`, or by every call when it is omitted. */
  get(scanId?: string): number {
    return scanId === undefined ? this.total : (this.byScan.get(scanId) ?? 0);
  }
}
