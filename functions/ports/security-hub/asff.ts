/**
 * A deprov finding as an AWS Security Finding Format (ASFF) `AwsSecurityFinding` for
 * BatchImportFindings, imported through the account's default product (a custom integration).
 * Pure: every length and count limit of the format is applied here, so one odd title or a rule
 * with a long evidence list cannot get a whole batch rejected.
 *
 * The finding's id is the ASFF Id, so a later scan updates the same Security Hub finding; a resolved
 * one is re-sent ARCHIVED with its compliance PASSED.
 */
import type { AwsSecurityFinding, SeverityLabel } from "@aws-sdk/client-securityhub";
import { evidenceText, evidenceValueText } from "../../core/evidence-text.ts";
import type { Severity, Subject } from "../../core/finding.ts";
import type { Instant } from "../../core/model.ts";
import type {
  ReportFinding,
  ResolvedFinding,
  RuleSummary,
  ScanResult,
} from "../../scan/contract/scan-result.ts";
import { ASFF_LIMITS, fieldMap, hasText, truncateText } from "./asff-limits.ts";

export const ASFF_SCHEMA_VERSION = "2018-10-08";
/** deprov checks accounts and assets against SOC 2 / ISO 27001 / NIST access controls. */
export const ASFF_FINDING_TYPE = "Software and Configuration Checks/Industry and Regulatory Standards";
export const ASFF_PRODUCT_NAME = "deprov";

const SEVERITY_LABEL: Record<Severity, SeverityLabel> = {
  critical: "CRITICAL",
  high: "HIGH",
  medium: "MEDIUM",
  low: "LOW",
};

/** What every finding of one export shares. */
export interface AsffContext {
  accountId: string;
  productArn: string;
  scanId: string;
  organization: string;
  /** ISO 8601: the scan's evaluation instant, for findings without lifecycle dates. */
  evaluatedAt: string;
  /** ISO 8601: this export; Security Hub applies an update only when UpdatedAt moves forward. */
  updatedAt: string;
  rules: ReadonlyMap<string, RuleSummary>;
}

export interface AsffContextInput {
  accountId: string;
  region: string;
  result: Pick<ScanResult, "scanId" | "organization" | "evaluatedAt" | "rules">;
  now: Instant;
}

export function asffContext({ accountId, region, result, now }: AsffContextInput): AsffContext {
  return {
    accountId,
    productArn: securityHubProductArn(region, accountId),
    scanId: result.scanId,
    organization: result.organization,
    evaluatedAt: result.evaluatedAt,
    updatedAt: new Date(now).toISOString(),
    rules: new Map(result.rules.map((rule) => [rule.id, rule])),
  };
}

/** The default product of the account: how an account imports its own findings. */
export function securityHubProductArn(region: string, accountId: string): string {
  return `arn:${partitionOf(region)}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** An open or waived finding of this scan: ACTIVE and FAILED; a waived one SUPPRESSED. */
export function asffFinding(finding: ReportFinding, context: AsffContext): AwsSecurityFinding {
  const resolved = finding.status === "resolved";
  const firstSeen = isoOf(finding.firstSeenAt, context.evaluatedAt);
  const rule = context.rules.get(finding.rule);
  return {
    ...identity(finding.id, finding.rule, context),
    CreatedAt: firstSeen,
    UpdatedAt: context.updatedAt,
    FirstObservedAt: firstSeen,
    LastObservedAt: isoOf(finding.lastSeenAt, context.evaluatedAt),
    ...severityFields(SEVERITY_LABEL[finding.severity], finding.severity),
    // Title must hold text; a rule that emitted none still gets a finding Security Hub accepts.
    Title: truncateText(hasText(finding.title) ? finding.title : finding.rule, ASFF_LIMITS.title),
    Description: truncateText(
      description(finding.title, finding.rule, rule, evidenceLineOf(finding.evidence)),
      ASFF_LIMITS.description,
    ),
    ProductFields: productFields(
      context,
      finding.rule,
      finding.sourceId,
      finding.status ?? "open",
      finding.controls,
    ),
    Resources: [resource(finding.sourceId, finding.subject, finding.personId, evidenceEntries(finding))],
    Compliance: compliance(finding.controls, !resolved),
    Workflow: { Status: resolved ? "RESOLVED" : finding.status === "waived" ? "SUPPRESSED" : "NEW" },
    RecordState: resolved ? "ARCHIVED" : "ACTIVE",
  };
}

/** A finding this scan resolved: ARCHIVED, compliance PASSED, workflow RESOLVED. */
export function asffResolvedFinding(resolved: ResolvedFinding, context: AsffContext): AwsSecurityFinding {
  const rule = context.rules.get(resolved.rule);
  const firstSeen = isoOf(Date.parse(resolved.firstSeenAt), context.evaluatedAt);
  const title = `${rule?.title ?? resolved.rule} (${resolved.sourceId} ${resolved.subject.type} ${resolved.subject.id})`;
  const controls = rule?.controls ?? [];
  return {
    ...identity(resolved.id, resolved.rule, context),
    CreatedAt: firstSeen,
    UpdatedAt: context.updatedAt,
    FirstObservedAt: firstSeen,
    ...severityFields(labelOf(resolved.severity), resolved.severity),
    Title: truncateText(title, ASFF_LIMITS.title),
    Description: truncateText(
      description(title, resolved.rule, rule, `Resolved at ${resolved.resolvedAt}.`),
      ASFF_LIMITS.description,
    ),
    ProductFields: productFields(context, resolved.rule, resolved.sourceId, "resolved", controls),
    Resources: [resource(resolved.sourceId, resolved.subject, resolved.personId, [])],
    Compliance: compliance(controls, false),
    Workflow: { Status: "RESOLVED" },
    RecordState: "ARCHIVED",
  };
}

function identity(id: string, rule: string, context: AsffContext) {
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: truncateText(id, ASFF_LIMITS.id),
    ProductArn: context.productArn,
    ProductName: ASFF_PRODUCT_NAME,
    GeneratorId: truncateText(rule, ASFF_LIMITS.generatorId),
    AwsAccountId: context.accountId,
    Types: [ASFF_FINDING_TYPE],
  };
}

/** Resolved findings carry their severity as text; an unexpected one is reported, not guessed up. */
function labelOf(severity: string): SeverityLabel {
  return Object.hasOwn(SEVERITY_LABEL, severity) ? SEVERITY_LABEL[severity as Severity] : "INFORMATIONAL";
}

/**
 * Severity and Types twice: the top-level fields create the finding, and FindingProviderFields is
 * where Security Hub takes a provider's later changes from (the top-level ones belong to the
 * customer once created).
 */
function severityFields(label: SeverityLabel, original: string) {
  const severity = { Label: label, Original: original };
  return { Severity: severity, FindingProviderFields: { Severity: severity, Types: [ASFF_FINDING_TYPE] } };
}

function description(title: string, ruleId: string, rule: RuleSummary | undefined, detail: string): string {
  const why = rule === undefined ? "" : ` ${rule.rationale}`;
  return `${title}\n\nRule ${ruleId}.${why}\n${detail}`;
}

function evidenceLineOf(evidence: ReportFinding["evidence"]): string {
  const text = evidenceText(evidence);
  return text === "" ? "" : `Evidence: ${text}`;
}

function evidenceEntries(finding: ReportFinding): [string, string][] {
  const entries: [string, string][] = [];
  for (const key in finding.evidence) {
    const value = finding.evidence[key];
    if (value !== undefined) entries.push([key, evidenceValueText(value)]);
  }
  return entries;
}

/** Type Other: the subject is a SaaS account, device or record, not an AWS resource. */
function resource(
  sourceId: string,
  subject: Subject | ResolvedFinding["subject"],
  personId: string | null,
  evidence: [string, string][],
) {
  const fixed: [string, string][] = [
    ["source", sourceId],
    ["subjectType", subject.type],
    ["subjectId", subject.id],
  ];
  if (personId !== null) fixed.push(["personId", personId]);
  return {
    Type: "Other",
    Id: truncateText(`${sourceId}/${subject.type}/${subject.id}`, ASFF_LIMITS.id),
    Details: { Other: fieldMap([...fixed, ...evidence], ASFF_LIMITS.other) },
  };
}

function compliance(controls: readonly string[], failed: boolean) {
  return {
    Status: failed ? "FAILED" : "PASSED",
    RelatedRequirements: controls.slice(0, ASFF_LIMITS.relatedRequirements),
  } as const;
}

function productFields(
  context: AsffContext,
  rule: string,
  sourceId: string,
  status: string,
  controls: readonly string[],
): Record<string, string> {
  return fieldMap(
    [
      ["deprov/ScanId", context.scanId],
      ["deprov/Organization", context.organization],
      ["deprov/Rule", rule],
      ["deprov/Source", sourceId],
      ["deprov/Status", status],
      // Every control, even past the 32 RelatedRequirements can hold.
      ["deprov/Controls", controls.join(", ")],
    ],
    ASFF_LIMITS.productFields,
  );
}

function isoOf(at: Instant | undefined, fallback: string): string {
  return at === undefined || Number.isNaN(at) ? fallback : new Date(at).toISOString();
}
