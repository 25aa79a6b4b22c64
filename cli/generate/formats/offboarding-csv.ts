/**
 * Offboarding tickets as an ITSM list export: one row per ticket, wall-clock times in the org's
 * zone (as ServiceNow and Jira exports write them). Read through the generic `csv` format.
 */
import { writeRecordsFile } from "../file-writer.ts";
import { csvRow } from "../serialization.ts";
import type { GenTicket } from "../ticket-plan.ts";
import type { ZoneClock } from "../time-format.ts";

export const OFFBOARDING_COLUMNS = {
  ticketId: "Ticket",
  employeeId: "Employee #",
  requestedAt: "Requested At",
  requestedBy: "Requested By",
  approvedBy: "Approved By",
  approvedAt: "Approved At",
  completedAt: "Completed At",
  completedBy: "Completed By",
};

const HEADER = csvRow(Object.values(OFFBOARDING_COLUMNS));

export function writeOffboardingCsv(path: string, tickets: readonly GenTicket[], clock: ZoneClock): number {
  const wall = (ms: number | undefined): string | undefined =>
    ms === undefined ? undefined : clock.wallTime(ms);
  return writeRecordsFile(
    path,
    HEADER,
    tickets,
    (t) =>
      `\n${csvRow([
        t.ticketId,
        t.employeeId,
        wall(t.requestedAt),
        t.requestedBy,
        t.approvedBy,
        wall(t.approvedAt),
        wall(t.completedAt),
        t.completedBy,
      ])}`,
    "",
    "\n",
  );
}
