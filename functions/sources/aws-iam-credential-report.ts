/**
 * The `aws-iam-credential-report` format: the decoded CSV of IAM GetCredentialReport, one row per
 * IAM user plus the `<root_account>` row. AWS writes `N/A` (does not apply), `no_information`
 * (never used since tracking began) and `not_supported` (root has no such setting) where a value is
 * absent. Enabled = a console password or any active access key / certificate (SPEC §2).
 *
 * Reports from before AWS added key usage (and the example the IAM User Guide still shows) have
 * 16 columns, without the `access_key_N_last_used_*` ones. They are read too: key usage is then
 * unknown, so the source does not provide `credentials` and stale-credential says "not evaluated"
 * rather than calling every key unused.
 */
import { subjectKey } from "../core/held-subjects.ts";
import type { Account, AccountField, Credential, RecordWarning, RejectedRecord } from "../core/model.ts";
import { csvLine } from "./csv-rejections.ts";
import { readCsvTable } from "./csv-table.ts";
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

/** The key-usage columns AWS added later; the 16 others make up the older report. */
const KEY_USAGE_COLUMNS: ReadonlySet<string> = new Set([
  "access_key_1_last_used_date",
  "access_key_1_last_used_region",
  "access_key_1_last_used_service",
  "access_key_2_last_used_date",
  "access_key_2_last_used_region",
  "access_key_2_last_used_service",
]);

/** The columns the mapping reads; the others (MFA, regions, …) are checked present but not read. */
const READ_COLUMNS = [
  "user",
  "arn",
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
/** The root user's ARN is the account's own: `arn:aws:iam::123456789012:root`. */
const ROOT_ARN_SUFFIX = ":root";

/** The report has no disable time and no groups; privileged comes from the source's `privileged` list. */
const PROVIDES: ReadonlySet<AccountField> = new Set<AccountField>([
  "lastLoginAt",
  "createdAt",
  "credentials",
]);
/** The older report: credentials are listed, but not whether (or when) a key was used. */
const PROVIDES_WITHOUT_KEY_USAGE: ReadonlySet<AccountField> = new Set<AccountField>([
  "lastLoginAt",
  "createdAt",
]);

const ACCESS_KEYS = [1, 2].map((n) => ({
  id: `access_key_${n}`,
  active: `access_key_${n}_active`,
  lastRotated: `access_key_${n}_last_rotated`,
  lastUsed: `access_key_${n}_last_used_date`,
}));

export const parseAwsIamCredentialReport: SourceParser = (input) => {
  const { file } = input;
  // AWS writes the report comma-separated, always.
  const table = readCsvTable(input.text, file, { delimiter: "," });
  const { indexes: columnIndexes, keyUsage } = reportColumnIndexes(table.header, file);
  const reader = new FieldReader(
    READ_COLUMNS.map((name) => ({ field: name, column: name })),
    input.time,
    csvLine,
  );
  const values: (string | undefined)[] = new Array(columnIndexes.length).fill(undefined);
  const records: Account[] = [];
  const rejected: RejectedRecord[] = [];
  const held: string[] = [];
  const firstSeen = new Map<string, number>();

  const visitRow = (row: readonly (string | undefined)[], line: number): void => {
    for (let slot = 0; slot < row.length; slot++) values[slot] = reportValue(row[slot]);
    reader.start(values, line);
    const account = buildAccount(reader, input.source.id);
    if (account === undefined) {
      // A rejected row still names its user: their findings must not resolve for want of it.
      const user = reader.peekText("user");
      if (user !== undefined) held.push(subjectKey("account", user));
    } else {
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
  // A row cut short still names its user (the first column): their findings stay open.
  const visitBroken = (row: readonly (string | undefined)[]): void => {
    const user = row[0]?.trim();
    if (user !== undefined && user !== "") held.push(subjectKey("account", user));
  };
  table.forEachRow(columnIndexes, visitRow, rejected, visitBroken);
  const warnings: RecordWarning[] = keyUsage ? [] : [WITHOUT_KEY_USAGE_WARNING];
  return {
    records: { kind: "accounts", records },
    rejected,
    provides: keyUsage ? PROVIDES : PROVIDES_WITHOUT_KEY_USAGE,
    warnings,
    held,
  };
};

const WITHOUT_KEY_USAGE_WARNING: RecordWarning = {
  record: "line 1",
  field: "(header)",
  reason:
    "the older 16-column report, without access_key_1_last_used_date and the other key-usage columns: read with key usage unknown, so stale-credential is not evaluated on this source (a current report from GetCredentialReport has them)",
};

/**
 * Header positions of READ_COLUMNS (-1 for a key-usage column the older report lacks), after
 * checking that every column of the report, current or older, is there.
 */
function reportColumnIndexes(
  header: readonly string[],
  file: string,
): { indexes: Int32Array; keyUsage: boolean } {
  const missing = CREDENTIAL_REPORT_COLUMNS.filter((name) => !header.includes(name));
  const older =
    missing.length === KEY_USAGE_COLUMNS.size && missing.every((name) => KEY_USAGE_COLUMNS.has(name));
  if (missing.length > 0 && !older) {
    throw new SourceFormatError(
      file,
      `line 1: not an IAM credential report: the header lacks ${missing.join(", ")} (expected the CSV that GetCredentialReport returns, base64-decoded)`,
    );
  }
  return { indexes: Int32Array.from(READ_COLUMNS, (name) => header.indexOf(name)), keyUsage: !older };
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
    // The ARN settles it where a copy of the report lost the angle brackets of `<root_account>`.
    isRoot: user === ROOT_USER || (r.text("arn")?.endsWith(ROOT_ARN_SUFFIX) ?? false),
  };
  return r.failed ? undefined : account;
}
