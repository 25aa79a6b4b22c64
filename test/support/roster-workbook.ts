/** The columns of test/fixtures/workbooks/roster.xlsx, as a roster source names them. */
export const ROSTER_WORKBOOK_COLUMNS = {
  employeeId: "Employee ID",
  name: "Full Name",
  email: "Work Email",
  status: "Status",
  hireDate: "Hire Date",
  terminationDate: "Termination Date",
  terminatedAt: "Terminated At",
  department: "Department",
  managerId: "Manager ID",
};
