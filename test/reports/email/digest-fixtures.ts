/**
 * A scan of a small org with managers, for the digest tests: `people` holds everyone a finding
 * names plus their managers, as the scan pipeline fills it.
 *
 * - Maria (M0100) manages Dana (E1001, left 2024-03-01: okta ghost account, slack seat, laptop),
 *   Sam (E3001, left 2024-04-30: a nightly job; a waived ghost account) and Lee (E2001, active).
 * - Omar (M0200) manages Kim (E1003, left 2024-05-10: a phone not returned, an account disabled
 *   late) and Noa (E6001, leaving 2024-07-01: not yet departed).
 * - Ravi (E1002, left 2024-05-15) has no manager on record.
 * - Pat (E4001, left 2024-05-01) reports to M0300, who has no email in the roster.
 * - Ana (E5001, left 2024-02-01) reports to M0400; her only finding is waived.
 */
import type { Finding } from "../../../functions/core/finding.ts";
import type { ReportFinding, ScanResult } from "../../../functions/scan/contract/scan-result.ts";
import { makeFinding, makeHistory, makeScanResult, unreturnedDevice, unusedLicense } from "../fixtures.ts";

export const EVALUATED_AT = "2024-06-01T06:00:00.000Z";

function ghostAccount(personId: string, accountId: string, username: string): Finding {
  return makeFinding({
    subject: { type: "account", id: accountId },
    personId,
    title: "Enabled account of departed person",
    evidence: {
      accountId,
      username,
      email: username,
      privileged: false,
      enabled: true,
      matchedBy: "email",
      matchedOn: username,
      personStatus: "terminated",
      terminationDate: "2024-03-01",
      disableDueAt: "2024-03-03T05:00:00.000Z",
      hoursOverdue: 2185,
      lastLoginAt: "2024-03-04T14:22:09.000Z",
      loginAfterTermination: true,
    },
  });
}

function orphanedJob(personId: string, resourceId: string): Finding {
  return makeFinding({
    rule: "orphaned-resource",
    severity: "high",
    sourceId: "jobs",
    subject: { type: "resource", id: resourceId },
    personId,
    title: "Scheduled job owned by departed person",
    evidence: {
      resourceId,
      type: "airflow-dag",
      schedule: "0 2 * * *",
      scheduledJob: true,
      ownerId: personId,
      matchedBy: "employee-id",
      matchedOn: personId,
      personStatus: "terminated",
      terminationDate: "2024-04-30",
      reassignDueAt: "2024-05-02T04:00:00.000Z",
    },
    controls: ["SOC2 CC6.2", "ISO27001 A.5.18"],
  });
}

function lateDisable(personId: string, accountId: string): Finding {
  return makeFinding({
    rule: "late-disable",
    severity: "medium",
    subject: { type: "account", id: accountId },
    personId,
    title: "Account disabled after the offboarding deadline",
    evidence: { hoursLate: 30, disabledAt: "2024-05-13T10:00:00.000Z" },
  });
}

function waived(finding: Finding): ReportFinding {
  return { ...finding, status: "waived" };
}

export const DANA_GHOST = ghostAccount("E1001", "00u1a2b3c4d5e6f7g8h9", "dana.whitfield@acme.com");
export const DANA_SEAT = unusedLicense("E1001", "W012A3CDE", 12.5);
export const DANA_LAPTOP = unreturnedDevice("E1001", "ASSET-00042");
export const SAM_JOB = orphanedJob("E3001", "dag-nightly-revenue-export");
export const SAM_WAIVED_GHOST = ghostAccount("E3001", "00u5sam0000000000001", "sam.ortiz@acme.com");
export const LEE_SEAT = unusedLicense("E2001", "W045B6FGH", 12.5);
export const KIM_PHONE = unreturnedDevice("E1003", "PHONE-00311");
export const KIM_LATE = lateDisable("E1003", "00u3kim0000000000001");
export const NOA_SEAT = unusedLicense("E6001", "W099NOA00", 12.5);
export const RAVI_GHOST = makeFinding({
  severity: "critical",
  subject: { type: "account", id: "00u9z8y7x6w5v4u3t2s1" },
  personId: "E1002",
  title: "Enabled privileged account of departed person",
  evidence: { privileged: true, username: "ravi.menon@acme.com", terminationDate: "2024-05-15" },
});
export const PAT_LAPTOP = unreturnedDevice("E4001", "ASSET-00077");
export const ANA_WAIVED_SEAT = unusedLicense("E5001", "W055ANA00", 12.5);

export function managedOrg(overrides: Partial<ScanResult> = {}): ScanResult {
  return makeScanResult({
    scanId: "20240601T060000Z-7f3a9c1e",
    evaluatedAt: EVALUATED_AT,
    findings: [
      DANA_GHOST,
      DANA_SEAT,
      DANA_LAPTOP,
      SAM_JOB,
      waived(SAM_WAIVED_GHOST),
      LEE_SEAT,
      KIM_PHONE,
      KIM_LATE,
      NOA_SEAT,
      RAVI_GHOST,
      PAT_LAPTOP,
      waived(ANA_WAIVED_SEAT),
    ],
    people: {
      M0100: { name: "Maria Gonzalez", email: "maria.gonzalez@acme.com", department: "Sales" },
      M0200: { name: "Omar Haddad", email: "omar.haddad@acme.com", department: "Support" },
      M0300: { name: "Jo Brandt", department: "Finance" },
      M0400: { name: "Ines Duarte", email: "ines.duarte@acme.com", department: "Legal" },
      E1001: {
        name: "Dana Whitfield",
        email: "dana.whitfield@acme.com",
        department: "Sales",
        managerId: "M0100",
        terminationDate: "2024-03-01",
      },
      E3001: {
        name: "Sam Ortiz",
        email: "sam.ortiz@acme.com",
        department: "Sales",
        managerId: "M0100",
        terminationDate: "2024-04-30",
      },
      E2001: { name: "Lee Park", email: "lee.park@acme.com", department: "Sales", managerId: "M0100" },
      E1003: {
        name: "Kim Lee",
        email: "kim.lee@acme.com",
        department: "Support",
        managerId: "M0200",
        terminationDate: "2024-05-10",
      },
      E6001: {
        name: "Noa Levi",
        email: "noa.levi@acme.com",
        department: "Support",
        managerId: "M0200",
        terminationDate: "2024-07-01",
      },
      E1002: {
        name: "Ravi Menon",
        email: "ravi.menon@acme.com",
        department: "IT",
        terminationDate: "2024-05-15",
      },
      E4001: {
        name: "Pat Quinn",
        email: "pat.quinn@acme.com",
        department: "Finance",
        managerId: "M0300",
        terminationDate: "2024-05-01",
      },
      E5001: {
        name: "Ana Silva",
        email: "ana.silva@acme.com",
        department: "Legal",
        managerId: "M0400",
        terminationDate: "2024-02-01",
      },
    },
    history: makeHistory({ newFindingIds: [DANA_LAPTOP.id, KIM_PHONE.id, RAVI_GHOST.id] }),
    ...overrides,
  });
}
