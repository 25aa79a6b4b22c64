/** Findings as the engine and lifecycle emit them, and the record a sink call leaves behind. */
import { findingId, type Severity, type SubjectType } from "../../../functions/core/finding.ts";
import type { FindingStatus, LifecycleFinding } from "../../../functions/core/lifecycle/types.ts";
import type { TaskAction, TaskRecord } from "../../../functions/core/tasks/types.ts";

export const SCANNED_AT = Date.parse("2026-11-26T09:00:00Z");
const DAY = 86_400_000;

export interface FindingSpec {
  rule: string;
  sourceId: string;
  subjectId: string;
  subjectType?: SubjectType;
  personId?: string | null;
  severity?: Severity;
  status?: FindingStatus;
  title?: string;
  evidence?: LifecycleFinding["evidence"];
}

export function lifecycleFinding(spec: FindingSpec): LifecycleFinding {
  const subject = { type: spec.subjectType ?? "account", id: spec.subjectId };
  return {
    id: findingId(spec.rule, spec.sourceId, subject),
    rule: spec.rule,
    severity: spec.severity ?? "high",
    sourceId: spec.sourceId,
    subject,
    personId: spec.personId ?? null,
    title: spec.title ?? "Enabled account of departed person",
    evidence: spec.evidence ?? {
      accountId: spec.subjectId,
      username: spec.subjectId,
      email: null,
      privileged: false,
      enabled: true,
      matchedBy: "employeeId",
      lastLoginAt: "2026-10-30T17:12:09.000Z",
      hoursOverdue: 52,
    },
    controls: ["SOC2 CC6.2", "NIST AC-2"],
    dependsOn: [spec.sourceId, "hr"],
    status: spec.status ?? "open",
    firstSeenAt: SCANNED_AT - 3 * DAY,
    lastSeenAt: SCANNED_AT,
  };
}

/** The stored record after the sink carried out `action` (what sync-tasks saves). */
export function recordAfter(action: TaskAction, scanId: string, at = SCANNED_AT): TaskRecord {
  if (action.kind === "close") {
    return { ...action.record, status: "closed", closedAt: at, updatedAt: at, scanId };
  }
  const { group } = action;
  const previous = action.kind === "create" ? undefined : action.record;
  return {
    key: group.key,
    status: "open",
    externalId: previous?.externalId ?? `EXT-${group.key}`,
    title: group.title,
    severity: group.severity,
    contentHash: group.contentHash,
    findingIds: group.findingIds,
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
    scanId,
  };
}

/** Applies a plan to the records, as a successful sync would. */
export function applyPlan(
  records: readonly TaskRecord[],
  actions: readonly TaskAction[],
  scanId: string,
): TaskRecord[] {
  const byKey = new Map(records.map((record) => [record.key, record]));
  for (const action of actions) byKey.set(action.key, recordAfter(action, scanId));
  return [...byKey.values()];
}
