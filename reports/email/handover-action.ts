/**
 * For a manager, a finding in plain words: what the item is, and what to do about it. A
 * manager knows the work, not our rule ids.
 */

import { evidenceValueText } from "../../functions/core/evidence-text.ts";
import type { EvidenceValue } from "../../functions/core/finding.ts";
import type { ReportFinding } from "../../functions/scan/contract/scan-result.ts";
import { formatMoney } from "../format.ts";

/** What to do about the item, in one or two short sentences. */
export function handoverAction(finding: ReportFinding, currency?: string): string {
  const { evidence } = finding;
  switch (finding.rule) {
    case "ghost-account":
      return evidence.privileged === true
        ? "Still enabled, with admin rights. Save what you need from it, then have IT disable it today."
        : "Still enabled. Save what you need from it, then have IT disable it.";
    case "overdue-deletion":
      return "Disabled, but past its deletion date. Confirm nothing in it is still needed, then have it deleted.";
    case "unused-license": {
      const cost = evidence.monthlyCost;
      const perMonth =
        typeof cost === "number" && cost > 0 ? ` (${formatMoney(cost, currency)} a month)` : "";
      return `Paid seat still assigned${perMonth}. Release it, or reassign it to someone who needs it.`;
    }
    case "stale-credential":
      return "Has an active access key or token nobody uses. Have it revoked.";
    case "orphaned-resource": {
      if (evidence.scheduledJob === true) {
        const schedule = textOf(evidence.schedule);
        return `Scheduled job${schedule ? ` (${schedule})` : ""} still runs as them. Assign a new owner, or have it stopped.`;
      }
      return "Still owned by them. Assign a new owner, or have it retired.";
    }
    case "unreturned-device": {
      const days = evidence.daysOverdue;
      const overdue = typeof days === "number" && days > 0 ? `, ${days} days past the return date` : "";
      return `Not returned${overdue}. Arrange for it to be returned.`;
    }
    case "undocumented-offboarding": {
      const missing = textOf(evidence.missing);
      return `The offboarding record is incomplete${missing ? ` (missing: ${missing})` : ""}. Approve or complete it.`;
    }
    default:
      return finding.title;
  }
}

/** The item as the system names it: the id, and a friendlier name or detail when the evidence has one. */
export function handoverItemDetail(finding: ReportFinding): string {
  const { evidence, subject } = finding;
  const details: string[] = [];
  const add = (value: EvidenceValue | undefined): void => {
    const text = textOf(value);
    if (text && text !== subject.id && !details.includes(text)) details.push(text);
  };
  switch (subject.type) {
    case "account":
      add(evidence.username);
      add(evidence.email);
      break;
    case "asset":
      add(evidence.type);
      if (textOf(evidence.serial)) add(`serial ${textOf(evidence.serial)}`);
      break;
    case "resource":
      add(evidence.type);
      break;
    case "person":
      add(textOf(evidence.ticketId) ? `ticket ${textOf(evidence.ticketId)}` : "no offboarding ticket found");
      break;
    default:
      break;
  }
  return details.join(", ");
}

function textOf(value: EvidenceValue | undefined): string {
  if (value === undefined || value === null) return "";
  return evidenceValueText(value);
}
