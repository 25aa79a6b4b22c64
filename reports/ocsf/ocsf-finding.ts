/**
 * One deprov finding as an OCSF 1.3.0 Detection Finding event (class 2004, category 2 Findings),
 * the shape SIEMs and security data lakes ingest. Pure: the finding and a small per-scan context in,
 * a plain object out.
 *
 * Detection Finding defines no `compliance` attribute (only Compliance Finding, class 2003, does),
 * so the control mapping travels in `unmapped.compliance` with the OCSF Compliance object's shape:
 * schema-validating consumers accept the event, and nothing is lost.
 */
import type { Evidence } from "../../functions/core/finding.ts";
import type { Instant } from "../../functions/core/model.ts";
import type {
  ReportFinding,
  ResolvedFinding,
  RuleSummary,
  ScanResult,
} from "../../functions/scan/contract/scan-result.ts";
import {
  DETECTION_FINDING_CLASS,
  FINDINGS_CATEGORY,
  OCSF_ACTIVITY,
  OCSF_FINDING_STATUS,
  OCSF_SCHEMA_VERSION,
  OCSF_SEVERITY,
  type OcsfActivity,
  type OcsfFindingStatus,
  type OcsfSeverity,
  ocsfSeverityOf,
  ocsfTypeUid,
} from "./ocsf-codes.ts";
import { type OcsfCompliance, ocsfCompliance } from "./ocsf-compliance.ts";
import { DEPROV_PRODUCT, type OcsfProduct } from "./ocsf-product.ts";

export interface OcsfDetectionFinding {
  activity_id: number;
  activity_name: string;
  category_uid: number;
  category_name: string;
  class_uid: number;
  class_name: string;
  type_uid: number;
  type_name: string;
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  /** Epoch ms: the scan's evaluation instant (for a resolved finding, when it was resolved). */
  time: Instant;
  message: string;
  metadata: OcsfMetadata;
  finding_info: OcsfFindingInfo;
  resources: OcsfResource[];
  evidences?: OcsfEvidence[];
  unmapped: OcsfUnmapped;
}

export interface OcsfMetadata {
  version: string;
  product: OcsfProduct;
  /** This event: `<scan id>/<finding id>`. */
  uid: string;
}

export interface OcsfFindingInfo {
  /** The deprov finding id: stable across scans, the same as in findings.json and Security Hub. */
  uid: string;
  title: string;
  /** Why the rule matters (the rule catalogue's rationale); absent for a rule the scan does not list. */
  desc?: string | undefined;
  types: string[];
  analytic: { uid: string; name: string; type_id: 1; type: "Rule" };
  created_time: Instant;
  first_seen_time: Instant;
  last_seen_time?: Instant;
}

export interface OcsfResource {
  uid: string;
  name: string;
  /** The deprov subject type: account, asset, person, system or resource. */
  type: string;
  data: { source_id: string };
  /** The person the account, device or resource belongs to (employee id), when correlated. */
  owner?: { uid: string } | undefined;
}

export interface OcsfEvidence {
  name: string;
  data: Evidence;
}

/** What OCSF's Detection Finding has no attribute for. */
export interface OcsfUnmapped {
  compliance: OcsfCompliance;
}

/** What every event of one scan shares; built once per scan. */
export interface OcsfContext {
  scanId: string;
  evaluatedAt: Instant;
  /** Ids first seen in this scan; null when the scan kept no state, so every finding is new. */
  newFindingIds: ReadonlySet<string> | null;
  rules: ReadonlyMap<string, RuleSummary>;
  product: OcsfProduct;
}

export function ocsfContext(result: ScanResult, product: OcsfProduct = DEPROV_PRODUCT): OcsfContext {
  return {
    scanId: result.scanId,
    evaluatedAt: Date.parse(result.evaluatedAt),
    newFindingIds: result.history === undefined ? null : new Set(result.history.newFindingIds),
    rules: new Map(result.rules.map((rule) => [rule.id, rule])),
    product,
  };
}

/** An open or waived finding of this scan: Create when first seen now, else Update. */
export function ocsfDetectionFinding(finding: ReportFinding, context: OcsfContext): OcsfDetectionFinding {
  const activity = ocsfActivityOf(finding, context);
  const status = ocsfStatusOf(finding);
  const severity = OCSF_SEVERITY[finding.severity];
  const firstSeen = finding.firstSeenAt ?? context.evaluatedAt;
  const rule = context.rules.get(finding.rule);
  // Keys in the order ocsf-json-line.ts writes them; a test holds the two outputs equal.
  return {
    ...eventClassification(activity, severity, status),
    time: context.evaluatedAt,
    message: finding.title,
    metadata: metadata(context, finding.id),
    finding_info: {
      uid: finding.id,
      title: finding.title,
      desc: rule?.rationale,
      types: [finding.rule],
      analytic: analytic(finding.rule, rule),
      created_time: firstSeen,
      first_seen_time: firstSeen,
      last_seen_time: finding.lastSeenAt ?? context.evaluatedAt,
    },
    resources: [resource(finding.subject, finding.sourceId, finding.personId)],
    evidences: [{ name: finding.rule, data: finding.evidence }],
    unmapped: { compliance: ocsfCompliance(finding.rule, finding.controls, finding.status !== "resolved") },
  };
}

/** The event's class, activity, severity and status: the fields every Detection Finding starts with. */
export function eventClassification(
  activity: OcsfActivity,
  severity: OcsfSeverity,
  status: OcsfFindingStatus,
) {
  return {
    activity_id: activity.id,
    activity_name: activity.name,
    category_uid: FINDINGS_CATEGORY.uid,
    category_name: FINDINGS_CATEGORY.name,
    class_uid: DETECTION_FINDING_CLASS.uid,
    class_name: DETECTION_FINDING_CLASS.name,
    type_uid: ocsfTypeUid(DETECTION_FINDING_CLASS.uid, activity.id),
    type_name: typeName(activity),
    severity_id: severity.id,
    severity: severity.name,
    status_id: status.id,
    status: status.name,
  };
}

/** Create when the scan saw the finding for the first time (or kept no state), Update when seen before. */
export function ocsfActivityOf(finding: ReportFinding, context: OcsfContext): OcsfActivity {
  if (finding.status === "resolved") return OCSF_ACTIVITY.close;
  return context.newFindingIds === null || context.newFindingIds.has(finding.id)
    ? OCSF_ACTIVITY.create
    : OCSF_ACTIVITY.update;
}

/** Open → New (reopened ones too: nobody has triaged them since), waived → Suppressed. */
export function ocsfStatusOf(finding: ReportFinding): OcsfFindingStatus {
  if (finding.status === "resolved") return OCSF_FINDING_STATUS.resolved;
  return finding.status === "waived" ? OCSF_FINDING_STATUS.suppressed : OCSF_FINDING_STATUS.new;
}

/** A finding this scan resolved: activity Close, status Resolved, its controls now passing. */
export function ocsfResolvedFinding(resolved: ResolvedFinding, context: OcsfContext): OcsfDetectionFinding {
  const activity = OCSF_ACTIVITY.close;
  const status = OCSF_FINDING_STATUS.resolved;
  const severity = ocsfSeverityOf(resolved.severity);
  const rule = context.rules.get(resolved.rule);
  const firstSeen = instantOr(resolved.firstSeenAt, context.evaluatedAt);
  // The finding's own title is not kept once resolved; the rule and subject name it instead.
  const title = `${rule?.title ?? resolved.rule} (${resolved.sourceId} ${resolved.subject.type} ${resolved.subject.id})`;
  return {
    ...eventClassification(activity, severity, status),
    time: instantOr(resolved.resolvedAt, context.evaluatedAt),
    message: title,
    metadata: metadata(context, resolved.id),
    finding_info: {
      uid: resolved.id,
      title,
      desc: rule?.rationale,
      types: [resolved.rule],
      analytic: analytic(resolved.rule, rule),
      created_time: firstSeen,
      first_seen_time: firstSeen,
    },
    resources: [resource(resolved.subject, resolved.sourceId, resolved.personId)],
    unmapped: { compliance: ocsfCompliance(resolved.rule, rule?.controls ?? NO_CONTROLS, false) },
  };
}

const NO_CONTROLS: readonly string[] = [];

export function typeName(activity: OcsfActivity): string {
  return `${DETECTION_FINDING_CLASS.name}: ${activity.name}`;
}

function metadata(context: OcsfContext, findingId: string): OcsfMetadata {
  return {
    version: OCSF_SCHEMA_VERSION,
    product: context.product,
    uid: `${context.scanId}/${findingId}`,
  };
}

function analytic(ruleId: string, rule: RuleSummary | undefined): OcsfFindingInfo["analytic"] {
  return { uid: ruleId, name: rule?.title ?? ruleId, type_id: 1, type: "Rule" };
}

function resource(
  subject: { type: string; id: string },
  sourceId: string,
  personId: string | null,
): OcsfResource {
  return {
    uid: subject.id,
    name: subject.id,
    type: subject.type,
    data: { source_id: sourceId },
    // A person subject is the person; for anything else the correlated person is its owner.
    owner: personId === null || subject.type === "person" ? undefined : { uid: personId },
  };
}

function instantOr(iso: string, fallback: Instant): Instant {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? fallback : at;
}
