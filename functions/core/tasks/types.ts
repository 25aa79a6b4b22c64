/**
 * Remediation tasks (SPEC §6): open findings grouped so a person gets one task per leaver or
 * system rather than one per row, and the stored record of each task between scans.
 */
import type { Severity } from "../finding.ts";
import type { Instant } from "../model.ts";

/** What a task needs to know about a person (a subset of the scan result's person summary). */
export interface TaskPerson {
  name?: string;
  email?: string;
  department?: string;
  managerId?: string;
  /** `YYYY-MM-DD`, last day of employment: present means the person left (or is leaving). */
  terminationDate?: string;
}

/**
 * `leaver`: everything one departed person left behind. `ownership`: a system's accounts nobody
 * owns and its missing admin. `hygiene`: the rest of a system's findings (dormant accounts, stale
 * credentials, retained access of current staff, stale data).
 */
export type TaskGroupKind = "leaver" | "ownership" | "hygiene";

/** A task's description, structured so each sink can render it its own way (text, Jira ADF). */
export interface TaskBody {
  /** Who or what the task is about and what to do, one line each. */
  facts: string[];
  /** One line per listed open finding, most severe first. */
  findings: string[];
  /** Open findings left out of `findings` to keep the task readable (the least severe ones). */
  omitted: number;
}

export interface TaskGroup {
  /**
   * Stable across scans: `leaver:<employeeId>`, `system:<sourceId>`, `system:<sourceId>:hygiene`;
   * `review:<campaignId>:<employeeId>` for access an access review revoked.
   */
  key: string;
  kind: TaskGroupKind | "access-review";
  title: string;
  body: TaskBody;
  /** The highest severity among the group's open findings. */
  severity: Severity;
  /** Sorted. */
  findingIds: string[];
  /** Changes exactly when the set of open findings or one of their severities changes. */
  contentHash: string;
}

export const TASK_STATUSES = ["open", "closed"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** What deprov remembers about a task it opened in a sink. */
export interface TaskRecord {
  key: string;
  status: TaskStatus;
  /**
   * The sink's id (Jira issue key, ServiceNow sys_id, the key itself locally). Absent while the
   * first creation is in flight: the next run creates it again, and the sink finds the issue a
   * crashed run may already have opened instead of opening a second one.
   */
  externalId?: string;
  url?: string;
  title: string;
  severity: Severity;
  contentHash: string;
  /** Sorted; the open findings the sink was last told about. */
  findingIds: string[];
  createdAt: Instant;
  updatedAt: Instant;
  closedAt?: Instant;
  /** The scan that last changed the record. */
  scanId: string;
  /**
   * What that scan did to it: a retried sync skips what an earlier attempt already did, and the
   * audit trail lists each change from the records themselves.
   */
  lastChange?: TaskActionKind;
}

export type TaskAction =
  | { kind: "create"; key: string; group: TaskGroup; record?: TaskRecord }
  | {
      kind: "update";
      key: string;
      group: TaskGroup;
      record: TaskRecord;
      /** Finding ids newly open in the task, and ids no longer open. */
      added: string[];
      removed: string[];
    }
  | { kind: "close"; key: string; record: TaskRecord; comment: string }
  | { kind: "reopen"; key: string; group: TaskGroup; record: TaskRecord };

export type TaskActionKind = TaskAction["kind"];

export interface TaskPlan {
  /** Sorted by key. */
  actions: TaskAction[];
  /** Open tasks whose findings did not change. */
  unchanged: number;
}
