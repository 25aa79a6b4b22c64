/**
 * The HR roster as an HRIS report export: human column headers, capitalised values, dates as
 * `YYYY-MM-DD`. Read through the generic `csv` format; `columns` maps canonical fields to headers.
 */

import { writeRecordsFile } from "../file-writer.ts";
import type { GenPerson, Population } from "../population.ts";
import { csvRow } from "../serialization.ts";

export const ROSTER_COLUMNS = {
  employeeId: "Employee #",
  name: "Full Name",
  email: "Work Email",
  status: "Status",
  workerType: "Worker Type",
  department: "Department",
  title: "Title",
  managerId: "Manager #",
  hireDate: "Hire Date",
  terminationDate: "Termination Date",
  terminatedAt: "Terminated At",
  previousDepartment: "Previous Department",
  roleChangedAt: "Role Changed At",
};

const HEADER = csvRow(Object.values(ROSTER_COLUMNS));

const STATUS_WORDS = { active: "Active", terminated: "Terminated", leave: "Leave" } as const;
const WORKER_TYPE_WORDS = { employee: "Employee", contractor: "Contractor" } as const;

/** Writes the roster; returns its size in bytes. */
export function writeRosterCsv(path: string, population: Population, primaryDomain: string): number {
  const { clock } = population;
  const row = (p: GenPerson): string =>
    csvRow([
      p.employeeId,
      `${p.firstName} ${p.lastName}`,
      `${p.local}@${primaryDomain}`,
      STATUS_WORDS[p.status],
      WORKER_TYPE_WORDS[p.workerType],
      p.department,
      p.title,
      p.managerId,
      p.hireDate,
      p.terminationDate,
      p.terminatedAt === undefined ? undefined : clock.isoWithOffset(p.terminatedAt),
      p.previousDepartment,
      p.roleChangedAt === undefined ? undefined : clock.date(p.roleChangedAt),
    ]);
  return writeRecordsFile(path, HEADER, population.people, (p) => `\n${row(p)}`, "", "\n");
}
