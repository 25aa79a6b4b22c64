/**
 * The OCSF 1.3.0 enumerations a deprov finding maps onto (Findings category, Detection Finding
 * class), with the captions OCSF defines for each id so consumers that read either one agree.
 */
import type { Severity } from "../../functions/core/finding.ts";

export const OCSF_SCHEMA_VERSION = "1.3.0";

export const FINDINGS_CATEGORY = { uid: 2, name: "Findings" } as const;
export const DETECTION_FINDING_CLASS = { uid: 2004, name: "Detection Finding" } as const;

export const OCSF_ACTIVITY = {
  create: { id: 1, name: "Create" },
  update: { id: 2, name: "Update" },
  close: { id: 3, name: "Close" },
} as const;
export type OcsfActivity = (typeof OCSF_ACTIVITY)[keyof typeof OCSF_ACTIVITY];

/** Finding status (the triage lifecycle), not an activity's success/failure. */
export const OCSF_FINDING_STATUS = {
  new: { id: 1, name: "New" },
  suppressed: { id: 3, name: "Suppressed" },
  resolved: { id: 4, name: "Resolved" },
} as const;
export type OcsfFindingStatus = (typeof OCSF_FINDING_STATUS)[keyof typeof OCSF_FINDING_STATUS];

export interface OcsfSeverity {
  id: number;
  name: string;
}

/** OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical, 6 Fatal; 0 Unknown. */
export const OCSF_SEVERITY: Record<Severity, OcsfSeverity> = {
  low: { id: 2, name: "Low" },
  medium: { id: 3, name: "Medium" },
  high: { id: 4, name: "High" },
  critical: { id: 5, name: "Critical" },
};

const UNKNOWN_SEVERITY: OcsfSeverity = { id: 0, name: "Unknown" };

/** Resolved findings carry their severity as plain text; anything unexpected maps to Unknown, not to a guess. */
export function ocsfSeverityOf(severity: string): OcsfSeverity {
  return Object.hasOwn(OCSF_SEVERITY, severity) ? OCSF_SEVERITY[severity as Severity] : UNKNOWN_SEVERITY;
}

/** OCSF compliance status_id of the evaluated control: 1 Pass, 3 Fail. */
export const OCSF_COMPLIANCE_STATUS = {
  pass: { id: 1, name: "Pass" },
  fail: { id: 3, name: "Fail" },
} as const;
export type OcsfComplianceStatus = (typeof OCSF_COMPLIANCE_STATUS)[keyof typeof OCSF_COMPLIANCE_STATUS];

/** type_uid = class_uid * 100 + activity_id (OCSF's rule for every event class). */
export function ocsfTypeUid(classUid: number, activityId: number): number {
  return classUid * 100 + activityId;
}
