/**
 * Deployment settings from CDK context (`-c key=value` or cdk.json), validated before anything is
 * built so that a typo fails the synth with the key's name instead of deploying a broken schedule.
 */
import { loadConfig } from "../functions/config/load-config.ts";
import { DEFAULT_AUDIT_RETENTION_DAYS } from "./constructs/audit-archive.ts";
import { DEFAULT_SNAPSHOT_RETENTION_DAYS } from "./constructs/blobs.ts";
import { LOG_LEVELS, type LogLevelName } from "./constructs/handlers.ts";
import { DEFAULT_SCHEDULE_EXPRESSION, DEFAULT_TIMEZONE } from "./constructs/schedule.ts";

export interface DeploySettings {
  readonly senderDomain: string;
  readonly mailFrom: string;
  readonly reportTo: readonly string[];
  readonly scheduleExpression: string;
  readonly timezone: string;
  readonly alarmEmail?: string;
  readonly logLevel: LogLevelName;
  /** Roles CollectSource may assume to read AWS credential reports; unset: the account's `deprov-credential-report`. */
  readonly sourceRoleArns?: readonly string[];
  /** When access-review campaigns start: context `reviewSchedule`, else `reviews.schedule` of `-c config=FILE`. */
  readonly reviewScheduleExpression?: string;
  /** Days the exports each scan read (raw HR and credential data) are kept. */
  readonly snapshotRetentionDays: number;
  /** Days each audit entry is locked in the WORM bucket; compliance mode cannot shorten it later. */
  readonly auditRetentionDays: number;
  /** Settings that fell back to a placeholder: fine for `cdk synth`, wrong for `cdk deploy`. */
  readonly warnings: readonly string[];
}

/** Used only so that `cdk synth` works on a fresh clone; a warning says to replace them. */
export const PLACEHOLDER_SENDER_DOMAIN = "example.com";

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
const SCHEDULE = /^(cron|rate|at)\(.+\)$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export class DeploySettingsError extends Error {
  constructor(key: string, value: unknown, expected: string) {
    super(`infra: context "${key}" is ${JSON.stringify(value)}; expected ${expected}`);
    this.name = "DeploySettingsError";
  }
}

export function deploySettingsFromContext(read: (key: string) => unknown): DeploySettings {
  const warnings: string[] = [];

  let senderDomain = optionalString(read, "senderDomain");
  if (senderDomain === undefined) {
    senderDomain = PLACEHOLDER_SENDER_DOMAIN;
    warnings.push(
      `context "senderDomain" is not set; using ${PLACEHOLDER_SENDER_DOMAIN}. Deploy with -c senderDomain=<your domain>.`,
    );
  }
  if (!DOMAIN.test(senderDomain))
    throw new DeploySettingsError("senderDomain", senderDomain, "a DNS domain name");

  const mailFrom = optionalString(read, "mailFrom") ?? `deprov@${senderDomain}`;
  if (!EMAIL.test(mailFrom) || !mailFrom.toLowerCase().endsWith(`@${senderDomain.toLowerCase()}`)) {
    throw new DeploySettingsError(
      "mailFrom",
      mailFrom,
      `an email address on the sender domain ${senderDomain}`,
    );
  }

  let reportTo = addressList(read, "reportTo");
  if (reportTo.length === 0) {
    reportTo = [`compliance@${senderDomain}`];
    warnings.push(`context "reportTo" is not set; using ${reportTo[0]}. Deploy with -c reportTo=<a,b>.`);
  }

  const scheduleExpression = optionalString(read, "scheduleExpression") ?? DEFAULT_SCHEDULE_EXPRESSION;
  if (!SCHEDULE.test(scheduleExpression)) {
    throw new DeploySettingsError(
      "scheduleExpression",
      scheduleExpression,
      'an EventBridge Scheduler expression such as "cron(0 2 * * ? *)"',
    );
  }

  const timezone = optionalString(read, "timezone") ?? DEFAULT_TIMEZONE;
  if (!isIanaTimeZone(timezone)) {
    throw new DeploySettingsError("timezone", timezone, 'an IANA time zone such as "America/New_York"');
  }

  const alarmEmail = optionalString(read, "alarmEmail");
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) {
    throw new DeploySettingsError("alarmEmail", alarmEmail, "an email address");
  }

  const logLevel = (optionalString(read, "logLevel") ?? "INFO").toUpperCase();
  if (!isLogLevel(logLevel))
    throw new DeploySettingsError("logLevel", logLevel, `one of ${LOG_LEVELS.join(", ")}`);

  // Exact role ARNs, no wildcards: the scanner may assume these roles and no others.
  const sourceRoleArns = listSetting(
    read,
    "sourceRoleArns",
    ROLE_ARN,
    "comma-separated IAM role ARNs",
    "an IAM role ARN without wildcards",
  );
  const reviewScheduleExpression = optionalString(read, "reviewSchedule") ?? configReviewSchedule(read);
  if (reviewScheduleExpression !== undefined && !SCHEDULE.test(reviewScheduleExpression)) {
    throw new DeploySettingsError(
      "reviewSchedule",
      reviewScheduleExpression,
      'an EventBridge Scheduler expression such as "cron(0 9 15 1 ? *)"',
    );
  }
  const snapshotRetentionDays = positiveDays(read, "snapshotRetentionDays", DEFAULT_SNAPSHOT_RETENTION_DAYS);
  const auditRetentionDays = positiveDays(read, "auditRetentionDays", DEFAULT_AUDIT_RETENTION_DAYS);

  return {
    senderDomain,
    mailFrom,
    reportTo,
    scheduleExpression,
    timezone,
    alarmEmail,
    logLevel,
    ...(sourceRoleArns.length > 0 ? { sourceRoleArns } : {}),
    ...(reviewScheduleExpression !== undefined ? { reviewScheduleExpression } : {}),
    snapshotRetentionDays,
    auditRetentionDays,
    warnings,
  };
}

/** `-c config=deprov.config.json`: the org's own config names when its campaigns start. */
function configReviewSchedule(read: (key: string) => unknown): string | undefined {
  const file = optionalString(read, "config");
  return file === undefined ? undefined : loadConfig(file).reviews.schedule;
}

/** A whole number of days, at least 1 (`-c key=30` arrives as a string, cdk.json may hold a number). */
function positiveDays(read: (key: string) => unknown, key: string, fallback: number): number {
  const value = read(key);
  if (value === undefined || value === null || value === "") return fallback;
  const days =
    typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(days) || days < 1)
    throw new DeploySettingsError(key, value, "a whole number of days, at least 1");
  return days;
}

function optionalString(read: (key: string) => unknown, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new DeploySettingsError(key, value, "a string");
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** `-c reportTo=a@x.com,b@x.com` arrives as one string; cdk.json may hold an array. */
function addressList(read: (key: string) => unknown, key: string): string[] {
  return listSetting(read, key, EMAIL, "comma-separated email addresses", "an email address");
}

/** A list setting: one comma-separated string (`-c key=a,b`) or an array (cdk.json), each item checked. */
function listSetting(
  read: (key: string) => unknown,
  key: string,
  pattern: RegExp,
  expectedList: string,
  expectedItem: string,
): string[] {
  const value = read(key);
  if (value === undefined || value === null) return [];
  const parts = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [value];
  const items: string[] = [];
  for (const part of parts) {
    if (typeof part !== "string") throw new DeploySettingsError(key, value, expectedList);
    const item = part.trim();
    if (item === "") continue;
    if (!pattern.test(item)) throw new DeploySettingsError(key, item, expectedItem);
    items.push(item);
  }
  return items;
}

function isIanaTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return name.includes("/") || name === "UTC";
  } catch {
    return false;
  }
}

function isLogLevel(value: string): value is LogLevelName {
  return (LOG_LEVELS as readonly string[]).includes(value);
}
