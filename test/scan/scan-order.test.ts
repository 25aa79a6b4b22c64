/** Scans of one state go forward in time: an instant before the last scan is refused. */
import { describe, expect, it } from "vitest";
import { assertAfterLastScan, ScanBeforeLastScanError } from "../../functions/scan/scan-order.ts";

const LAST = { scanId: "20261207T020000Z-acme", evaluatedAt: Date.parse("2026-12-07T02:00:00Z") };

describe("assertAfterLastScan", () => {
  it("refuses an instant before the last scan, naming both instants and what to do", () => {
    // Act
    const refused = () => assertAfterLastScan(Date.parse("2026-06-01T00:00:00Z"), LAST);

    // Assess
    expect(refused).toThrow(ScanBeforeLastScanError);
    expect(refused).toThrow(
      /2026-06-01T00:00:00\.000Z is before the last scan of this state \(20261207T020000Z-acme, 2026-12-07T02:00:00\.000Z\).*--state DIR/,
    );
  });

  it.each([
    ["the same instant (a night run again)", "2026-12-07T02:00:00Z", undefined],
    ["a later instant", "2026-12-08T02:00:00Z", undefined],
    ["the last scan itself, retried", "2026-06-01T00:00:00Z", LAST.scanId],
  ])("allows %s", (_, instant, scanId) => {
    expect(() => assertAfterLastScan(Date.parse(instant), LAST, scanId)).not.toThrow();
  });

  it("allows any instant on a state with no scan yet", () => {
    expect(() => assertAfterLastScan(0, undefined)).not.toThrow();
  });
});
