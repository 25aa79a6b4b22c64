/**
 * `deprov waive FINDING_ID --reason TEXT --until DATE --by WHO`: record an approved exception
 * with an expiry. The waiver and an audit entry are written now; the next scan marks the finding
 * waived, and reopens it once the waiver has expired.
 */
import { resolve } from "node:path";
import type { Waiver } from "../../functions/core/lifecycle/types.ts";
import type { Instant } from "../../functions/core/model.ts";
import { startOfNextDay } from "../../functions/core/time.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import type { BlobStore } from "../../functions/ports/blob-store.ts";
import { readBaseline } from "../../functions/ports/result-blob.ts";
import { auditEntryId, type LatestSuccess, type StateStore } from "../../functions/ports/state-store.ts";
import { COMMON_OPTIONS, EXIT, parseCommandArgs, parseNow, UsageError } from "../args.ts";
import { openLocalState } from "../local/embedded-dynamodb.ts";
import { DEFAULT_STATE_DIR } from "../resolve-config.ts";

export const WAIVE_HELP = `Usage: deprov waive FINDING_ID --reason TEXT --until DATE --by WHO [--now ISO8601] [--state DIR]

Records an exception (waiver) for a finding of an earlier scan. From the next scan on the
finding is reported as waived instead of open; once the waiver expires it is reopened.
Waiving again replaces the earlier waiver. Every waiver is written to the audit trail.

  --reason TEXT  why the finding is accepted (required)
  --until DATE   last day the waiver applies, YYYY-MM-DD in the org's time zone (through the
                 end of that day), or an ISO 8601 instant with offset; must be after --now
  --by WHO       who approved it (required)
  --now ISO8601  when the waiver is recorded, e.g. 2026-11-26T09:00:00Z (default: now); as
                 with deprov scan, for replaying or testing a night
  --state DIR    local state folder (default: .deprov/)`;

/** Used when no scan recorded the org's zone; a plain date then ends at midnight UTC. */
const FALLBACK_ZONE = "UTC";

export interface WaiveOptions {
  /** The clock; injectable for tests. */
  now?: () => Instant;
}

export async function waiveCommand(argv: string[], options: WaiveOptions = {}): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "waive",
    argv,
    {
      ...COMMON_OPTIONS,
      reason: { type: "string" },
      until: { type: "string" },
      by: { type: "string" },
      now: { type: "string" },
    },
    true,
  );
  if (values.help) {
    console.log(WAIVE_HELP);
    return EXIT.ok;
  }
  const findingId = singleFindingId(positionals);
  const reason = required("--reason", values.reason);
  const approvedBy = required("--by", values.by);
  const untilText = required("--until", values.until);
  // The same --now as the other lifecycle commands (SPEC §1): a night replayed with
  // `deprov scan --now` can be waived at that night, and --until is checked against it.
  const now = values.now !== undefined ? parseNow(values.now) : (options.now ?? Date.now)();

  const stateDir = resolve(values.state ?? DEFAULT_STATE_DIR);
  const state = await openLocalState(stateDir, { existingOnly: true });
  if (state === undefined) {
    throw new UsageError(`deprov waive: no scan has been recorded in ${stateDir} yet; run deprov scan first`);
  }
  try {
    const latest = await state.stateStore.latestSuccessfulScan();
    const zone = latest?.timezone ?? FALLBACK_ZONE;
    const until = parseUntil(untilText, zone, now);
    if (!(await findingExists(state.stateStore, state.blobStore, latest, findingId))) {
      throw new UsageError(
        `deprov waive: finding "${findingId}" is not in the latest scan${latest ? ` (${latest.scanId})` : ""} ` +
          `nor in the state store of ${stateDir}; list ids with deprov findings --status all`,
      );
    }
    const waiver: Waiver = { findingId, reason, approvedBy, until, untilText, createdAt: now };
    await state.stateStore.putWaiver(waiver);
    await state.stateStore.appendAudit([
      {
        id: auditEntryId("waiver.created", findingId, String(now)),
        at: now,
        kind: "waiver.created",
        actor: `user:${approvedBy}`,
        subject: findingId,
        detail: { reason, until: new Date(until).toISOString(), untilText, zone },
      },
    ]);
    console.log(
      `Waived ${findingId} until ${new Date(until).toISOString()} (${untilText}, ${zone}). ` +
        "The next scan reports it as waived.",
    );
    return EXIT.ok;
  } finally {
    await state.close();
  }
}

function singleFindingId(positionals: readonly string[]): string {
  const [id, ...extra] = positionals;
  if (id === undefined || extra.length > 0) {
    throw new UsageError(
      `deprov waive: expected exactly one FINDING_ID, got ${positionals.length} (see deprov waive --help)`,
    );
  }
  return id;
}

function required(option: string, value: string | undefined): string {
  const trimmed = value?.trim() ?? "";
  if (trimmed.length === 0)
    throw new UsageError(`deprov waive: ${option} is required (see deprov waive --help)`);
  return trimmed;
}

/** A date runs through the end of that day in the org's zone; an instant must carry its offset. */
export function parseUntil(text: string, zone: string, now: Instant): Instant {
  const time = timeParserFor(zone);
  let until: Instant | undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const date = time.date(text);
    until = date === undefined ? undefined : startOfNextDay(date, zone);
  } else if (/(Z|z|[+-]\d{2}:?\d{2})$/.test(text)) {
    until = time.instant(text);
  }
  if (until === undefined) {
    throw new UsageError(
      `--until: expected a date YYYY-MM-DD or an ISO 8601 instant with offset such as 2027-03-31T17:00:00Z, got "${text}"`,
    );
  }
  if (until <= now) {
    throw new UsageError(
      `--until: "${text}" has already passed (now is ${new Date(now).toISOString()}); a waiver must end in the future`,
    );
  }
  return until;
}

async function findingExists(
  stateStore: StateStore,
  blobStore: BlobStore,
  latest: LatestSuccess | undefined,
  findingId: string,
): Promise<boolean> {
  if ((await stateStore.getStoredFinding(findingId)) !== undefined) return true;
  if (latest === undefined) return false;
  const baseline = await readBaseline(blobStore, latest.resultKey);
  return baseline?.has(findingId) ?? false;
}
