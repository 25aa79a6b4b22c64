/**
 * A finding's control references (`SOC2 CC6.2`, `ISO27001 A.5.18`, `NIST AC-2`) as an OCSF
 * Compliance object: the standards they belong to, the requirements themselves, and the deprov
 * rule as the control that checked them.
 */
import { OCSF_COMPLIANCE_STATUS, type OcsfComplianceStatus } from "./ocsf-codes.ts";

export interface OcsfCompliance {
  /** The deprov rule that evaluated the requirements. */
  control: string;
  /** e.g. `["SOC2", "ISO27001", "NIST"]`, in first-mention order. */
  standards: string[];
  /** The control references as the rule catalogue writes them. */
  requirements: string[];
  status_id: number;
  status: string;
}

/** The standard is the reference's first word: `ISO27001 A.5.18` → `ISO27001`. */
export function standardOf(control: string): string {
  const space = control.indexOf(" ");
  return space === -1 ? control : control.slice(0, space);
}

/**
 * Findings of one rule share one `controls` array, so the object is built once per rule and
 * status and shared by every line (JSON.stringify writes a shared object each time it meets it).
 */
const cache = new WeakMap<readonly string[], Map<string, OcsfCompliance>>();

export function ocsfCompliance(rule: string, controls: readonly string[], failed: boolean): OcsfCompliance {
  let byKey = cache.get(controls);
  if (byKey === undefined) {
    byKey = new Map();
    cache.set(controls, byKey);
  }
  const key = `${failed ? "fail" : "pass"}\u0000${rule}`;
  let compliance = byKey.get(key);
  if (compliance === undefined) {
    compliance = build(rule, controls, failed ? OCSF_COMPLIANCE_STATUS.fail : OCSF_COMPLIANCE_STATUS.pass);
    byKey.set(key, compliance);
  }
  return compliance;
}

function build(rule: string, controls: readonly string[], status: OcsfComplianceStatus): OcsfCompliance {
  const standards = [...new Set(controls.map(standardOf))];
  return { control: rule, standards, requirements: [...controls], status_id: status.id, status: status.name };
}
