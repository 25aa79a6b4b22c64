/**
 * The `aws-iam-credential-report` format: the decoded CSV of IAM GetCredentialReport, one row per
 * IAM user plus the `<root_account>` row. AWS writes `N/A` (does not apply), `no_information`
 * (never used since tracking began) and `not_supported` (root has no such setting) where a value is
 * absent. Enabled = a console password or any active access key / certificate (SPEC §2).
 */
import type { Account, AccountField, Credential, RejectedRecord } from "../core/model.ts";
import { csvLine, readCsvTable } from "./csv-table.ts";
import { NO_CREDENTIALS, NO_GROUPS } from "./empty-lists.ts";
import { FieldReader } from "./field-reader.ts";
import { ownString } from "./flat-strings.ts";
import type { SourceParser } from "./parser.ts";
import { SourceFormatError } from "./parser.ts";

/** The report's columns, exactly as AWS names them (documented order; we look them up by name). */
export const CREDENTIAL_REPORT_COLUMNS = [
  "user",
  "arn",
  "user_creation_time",
  "password_enabled",
  "password_last_used",
  "password_last_changed",
  "password_next_rotation",
  "mfa_active",
  "access_key_1_active",
  "access_key_1_last_rotated",
  "access_key_1_last_used_date",
  "access_key_1_last_used_region",
  "access_key_1_last_used_service",
  "access_key_2_active",
  "access_key_2_last_rotated",
  "access_key_2_last_used_date",
  "access_key_2_last_used_region",
  "access_key_2_last_used_service",
  "cert_1_active",
  "cert_1_last_rotated",
  "cert_2_active",
  "cert_2_last_rotated",
] as const;

/** The columns the mapping reads; the others (ARN, MFA, regions, …) are checked present but not read. */
const READ_COLUMNS = [
  "user",
  "user_creation_time",
  "password_enabled",
  "password_last_used",
  "access_key_1_active",
  "access_key_1_last_rotated",
  "access_key_1_last_used_date",
  "access_key_2_active",
  "access_key_2_last_rotated",
  "access_key_2_last_used_date",
  "cert_1_active",
  "cert_2_active",
] as const satisfies readonly (typeof CREDENTIAL_REPORT_COLUMNS)[number][];

const ROOT_USER = "<root_account>";

/** The report has no disable time and no groups; privileged comes from the source's `privileged` list. */
const PROVIDES: ReadonlySet<AccountField> = new Set<AccountField>([
  "lastLoginAt",
  "createdAt",
  "credentials",
]);

const ACCESS_KEYS = [1, 2].map((n) => ({
  id: `access_key_${n}`,
  active: `access_key_${n}_active`,
  lastRotated: `access_key_${n}_last_rotated`,
  lastUsed: `access_key_${n}_last_used_date`,
}));

export const parseAwsIamCredentialReport: SourceParser = (input) => {
  const { file } = input;
  const table = readCsvTable(input.text, file);
  const columnIndexes = reportColumnIndexes(table.header, file);
  const reader = new FieldReader(
    READ_COLUMNS.map((name) => ({ field: name, column: name })),
    input.time,
    csvLine,
  );
  const values: (string | undefined)[] = new Array(columnIndexes.length).fill(undefined);
  const records: Account[] = [];
  const rejected: RejectedRecord[] = [];
  const firstSeen = new Map<string, number>();

  const visitRow = (row: readonly (string | undefined)[], line: number): void => {
    for (let slot = 0; slot < row.length; slot++) values[slot] = reportValue(row[slot]);
    reader.start(values, line);
    const account = buildAccount(reader, input.source.id);
    if (account !== undefined) {
      const first = firstSeen.get(account.accountId);
      if (first === undefined) {
        firstSeen.set(account.accountId, line);
        records.push(account);
        return;
      }
      reader.reject(
        "user",
        `duplicate ${JSON.stringify(account.accountId)}: first seen at ${csvLine(first)}`,
      );
    }
    if (reader.rejection !== undefined) rejected.push(reader.rejection);
  };
  table.forEachRow(columnIndexes, visitRow, rejected);
  return { records: { kind: "accounts", records }, rejected, provides: PROVIDES };
};

/** Header positions of READ_COLUMNS, after checking that every report column is there. */
function reportColumnIndexes(header: readonly string[], file: string): Int32Array {
  const missing = CREDENTIAL_REPORT_COLUMNS.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    throw new SourceFormatError(
      file,
      `line 1: not an IAM credential report: the header lacks ${missing.join(", ")} (expected the CSV that GetCredentialReport returns, base64-decoded)`,
    );
  }
  return Int32Array.from(READ_COLUMNS, (name) => header.indexOf(name));
}

/** AWS's markers for "no value" become absent; everything else is passed on as written. */
function reportValue(text: string | undefined): string | undefined {
  if (
    text === undefined ||
    text === "" ||
    text === "N/A" ||
    text === "no_information" ||
    text === "not_supported"
  ) {
    return undefined;
  }
  return text;
}

function buildAccount(r: FieldReader, sourceId: string): Account | undefined {
  const text = r.text("user");
  if (text === undefined) return r.missing("user", "an IAM user name");
  // The report is mostly markers and dates: a copy of the name lets the whole text go.
  const user = ownString(text);
  let credentials = NO_CREDENTIALS;
  let anyKeyActive = false;
  for (const key of ACCESS_KEYS) {
    const active = r.boolean(key.active) ?? false;
    const createdAt = r.instant(key.lastRotated);
    // Both key slots are always in the report; a slot that never held a key is inactive and never rotated.
    if (!active && createdAt === undefined) continue;
    const credential: Credential = { id: key.id, active, createdAt, lastUsedAt: r.instant(key.lastUsed) };
    if (credentials === NO_CREDENTIALS) credentials = [credential];
    else credentials.push(credential);
    anyKeyActive ||= active;
  }
  const passwordEnabled = r.boolean("password_enabled") ?? false;
  const certificate1Active = r.boolean("cert_1_active") ?? false;
  const certificate2Active = r.boolean("cert_2_active") ?? false;
  const account: Account = {
    sourceId,
    accountId: user,
    username: user,
    email: undefined,
    employeeId: undefined,
    displayName: undefined,
    enabled: passwordEnabled || anyKeyActive || certificate1Active || certificate2Active,
    privileged: false,
    createdAt: r.instant("user_creation_time"),
    lastLoginAt: r.instant("password_last_used"),
    disabledAt: undefined,
    deleteAfter: undefined,
    groups: NO_GROUPS,
    monthlyCost: undefined,
    credentials,
    isRoot: user === ROOT_USER,
  };
  return r.failed ? undefined : account;
}
