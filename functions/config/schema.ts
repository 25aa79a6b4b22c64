/**
 * The configuration contract (SPEC §2) as a zod schema. The shipped JSON Schema
 * (`schema/deprov.config.schema.json`) is generated from it, so the two cannot drift.
 * Objects are strict: an unknown key is an error, because a typo must not silently disable a rule.
 */
import { z } from "zod";
import { SEVERITIES } from "../core/finding.ts";
import { SOURCE_KINDS } from "../core/model.ts";
import { DEFAULT_CURRENCY } from "../core/money.ts";
import type { Policy } from "../core/policy.ts";
import { isEncodingLabel } from "../shared/decode-text.ts";

/** Source keys only some formats read, and what a source of another format is told. */
const FORMAT_SCOPED_KEYS: readonly {
  key: "delimiter" | "headerRow" | "encoding" | "sheet" | "dateOrder";
  formats: readonly string[];
  why: (format: string) => string;
}[] = [
  {
    key: "delimiter",
    formats: ["csv"],
    why: (f) => `delimiter is for csv sources; format "${f}" has its own`,
  },
  {
    key: "headerRow",
    formats: ["csv"],
    why: (f) => `headerRow is for csv sources; format "${f}" has no title lines`,
  },
  {
    key: "encoding",
    formats: ["csv", "json"],
    why: (f) => `encoding is for csv and json files; format "${f}" is read as its system writes it`,
  },
  {
    key: "sheet",
    formats: ["csv"],
    why: (f) =>
      `sheet names a workbook's sheet, which csv sources read; format "${f}" reads its system's own export`,
  },
  {
    key: "dateOrder",
    formats: ["csv", "json"],
    why: (f) => `dateOrder is for csv and json sources; format "${f}" writes its dates as its system does`,
  },
];

/** The fields a `csv` or `json` source may map to several columns, joined with a space (functions/sources/joined-columns.ts). */
export const JOINABLE_FIELDS: readonly string[] = ["name", "displayName"];

/** The characters a `csv` source's fields may be separated by (functions/sources/csv-delimiter.ts). */
export const CSV_DELIMITERS = [",", ";", "\t", "|"] as const;
/** How a `csv`/`json` source writes dates besides ISO 8601 (functions/sources/date-order.ts). */
export const DATE_ORDERS = ["YMD", "MDY", "DMY"] as const;

export const SOURCE_FORMATS = [
  "csv",
  "json",
  "aws-iam-credential-report",
  "scim",
  "okta",
  "google-workspace",
  "entra",
  "snipeit",
  "jamf",
] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** Which kinds each format can carry (SPEC §2 format table). */
export const FORMAT_KINDS: Record<SourceFormat, readonly (typeof SOURCE_KINDS)[number][]> = {
  csv: SOURCE_KINDS,
  json: SOURCE_KINDS,
  "aws-iam-credential-report": ["accounts"],
  scim: ["accounts"],
  okta: ["accounts"],
  "google-workspace": ["accounts"],
  entra: ["accounts"],
  snipeit: ["assets"],
  jamf: ["assets"],
};

/** Formats deprov can read from the system's API as well as from an export file (SPEC §2 live table). */
export const LIVE_FORMATS: ReadonlySet<SourceFormat> = new Set<SourceFormat>([
  "csv",
  "scim",
  "okta",
  "google-workspace",
  "entra",
  "snipeit",
  "jamf",
  "aws-iam-credential-report",
]);

const nonNegativeInt = z.number().int().nonnegative();

export const policySchema = z
  .strictObject({
    disableWithinHours: nonNegativeInt
      .default(24)
      .describe("Hours after termination by which every account must be disabled."),
    deleteAfterDays: nonNegativeInt
      .default(30)
      .describe("Days a disabled account may exist before it must be deleted."),
    deviceReturnDays: nonNegativeInt
      .default(14)
      .describe("Days after termination by which devices must be returned."),
    dormantAfterDays: nonNegativeInt
      .default(90)
      .describe("Days without login after which an account is dormant."),
    credentialMaxIdleDays: nonNegativeInt.default(90).describe("Days an active credential may go unused."),
    roleChangeGraceDays: nonNegativeInt
      .default(14)
      .describe("Days after a role change before old entitlements are a finding."),
    lookbackDays: nonNegativeInt
      .default(365)
      .describe("How far back departures are audited for SLA and documentation."),
    maxSourceAgeDays: nonNegativeInt.default(7).describe("Days after which a source's data is stale."),
    maxRosterShrinkPercent: z
      .number()
      .min(0)
      .max(100)
      .default(20)
      .describe(
        "Guard rail: abort when the roster shrinks more than this below the largest roster of a successful scan in the last lookbackDays.",
      ),
    maxSourceShrinkPercent: z
      .number()
      .min(0)
      .max(100)
      .default(20)
      .describe(
        "A source that shrinks more than this since its last successful collection is suspect: nothing it feeds is resolved.",
      ),
    maxRejectedPercent: z
      .number()
      .min(0)
      .max(100)
      .default(5)
      .describe("A source that rejects more than this share of its records is suspect."),
  })
  // An absent policy is parsed as `{}`: each key's own default applies (defined once, above).
  .prefault({}) satisfies z.ZodType<Policy>; // the domain's Policy type (core/policy.ts) is what it yields

/**
 * `{env}` may not name the runtime's own variables: AWS_* holds the role's credentials in Lambda
 * (AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN…), and LAMBDA_* and _* (_HANDLER, _X_AMZN_TRACE_ID)
 * are the runtime's. A config naming one would send them to whatever URL the config names.
 */
const envCredentialSchema = z.strictObject({
  env: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name")
    .regex(
      /^(?!AWS_|LAMBDA_|_)/,
      "a variable of your own: AWS_*, LAMBDA_* and _* are the runtime's (its credentials among them)",
    ),
});

const secretArnSchema = z.string().regex(/^arn:aws[a-z-]*:secretsmanager:/, "an AWS Secrets Manager ARN");

export const credentialRefSchema = z.union([
  envCredentialSchema,
  z.strictObject({ secretArn: secretArnSchema }),
]);

/** The one secret the deployed decision page may read: the key that signs decision links. */
export const REVIEW_LINK_KEY_SECRET = "deprov/review-link-key";

/**
 * The decision page answers anyone on the internet, so its role may read this one secret and no
 * other credential: a `secretArn` naming another secret would be refused in AWS. The ARN may end
 * in the six characters Secrets Manager appends to the name, or leave them out.
 */
const linkSecretSchema = z.union([
  envCredentialSchema,
  z.strictObject({
    secretArn: secretArnSchema.regex(
      /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]*:\d*:secret:deprov\/review-link-key(-[A-Za-z0-9]{6})?$/,
      `the secret named ${REVIEW_LINK_KEY_SECRET}: the decision page may read only that secret, so create the link key under that name (aws secretsmanager create-secret --name ${REVIEW_LINK_KEY_SECRET}) and give its ARN`,
    ),
  }),
]);

export const sourceSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "letters, digits, '.', '_' or '-' (at most 64)"),
    kind: z.enum(SOURCE_KINDS),
    format: z.enum(SOURCE_FORMATS),
    path: z.string().min(1).optional().describe("The export file, relative to the config file's folder."),
    url: z
      .url()
      .optional()
      .describe(
        "Read the system's live API here instead of an export file (https; SPEC §2 says what each format expects).",
      ),
    credential: credentialRefSchema
      .optional()
      .describe("Where the live API's secret is: never the secret itself."),
    subject: z
      .email()
      .optional()
      .describe(
        "google-workspace (live): the admin the service account impersonates (domain-wide delegation).",
      ),
    customer: z
      .string()
      .regex(/^(my_customer|C[0-9a-z]+)$/, 'a customer id such as "C01abc23d", or "my_customer"')
      .optional()
      .describe('google-workspace (live): whose users to list; default "my_customer".'),
    tokenUrl: z
      .url()
      .optional()
      .describe(
        "entra (live): the OAuth 2.0 token endpoint; default the tenant's Microsoft identity platform v2.0 endpoint.",
      ),
    aws: z
      .strictObject({
        roleArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "an IAM role ARN")
          .optional()
          .describe("A role to assume (STS) for reading the account's credential report."),
        region: z
          .string()
          .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "an AWS region such as us-east-1")
          .optional()
          .describe("The region of the STS and IAM endpoints; defaults to the runtime's."),
      })
      .optional()
      .describe("aws-iam-credential-report (live): read the report through the IAM API instead of a file."),
    columns: z
      .record(z.string(), z.union([z.string().min(1), z.array(z.string().min(1)).min(2).max(4)]))
      .optional()
      .describe(
        'csv/json: canonical field name → the column or key that holds it; name and displayName may list several, joined with a space (["First Name", "Last Name"]).',
      ),
    records: z
      .string()
      .min(1)
      .optional()
      .describe("json: dotted path to the array of records when it is not the top level."),
    delimiter: z
      .enum(CSV_DELIMITERS)
      .optional()
      .describe(
        "csv: the character between fields (',', ';', a tab or '|'); default: read from the header line (',' when it has one).",
      ),
    headerRow: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe(
        "csv: the line the header is on (1 = the first), for reports that put a title above it; the lines above are not read.",
      ),
    encoding: z
      .string()
      .min(1)
      .optional()
      .describe(
        'csv/json: the file\'s character encoding when it is not UTF-8 and has no byte order mark, as a WHATWG label: "windows-1252" (Excel\'s "CSV (Comma delimited)" in Western Europe and the US), "shift_jis", "windows-1250"…; default UTF-8.',
      ),
    sheet: z
      .string()
      .min(1)
      .optional()
      .describe(
        "csv: when the file is an Excel workbook (.xlsx), the sheet to read; default: the first visible sheet.",
      ),
    dateOrder: z
      .enum(DATE_ORDERS)
      .optional()
      .describe(
        'csv/json: how the source writes numeric dates besides ISO 8601: "MDY" (01/15/2025, as in the US), "DMY" (15.01.2025, 15/01/2025) or "YMD" (none, the default). Dates with a month name (15-Jan-2025, Jan 15, 2025) or the year first (2025/01/15) read whatever the order.',
      ),
    statusValues: z
      .record(z.string().min(1), z.enum(["active", "terminated", "leave"]))
      .optional()
      .describe(
        "roster: the HR system's own status words and what each means (case and punctuation are ignored); they add to the built-in words.",
      ),
    enabledValues: z
      .record(z.string().min(1), z.boolean())
      .optional()
      .describe(
        'csv/json accounts: the export\'s own words in the enabled column and whether each means enabled (Slack\'s member list: {"Deactivated": false, "Member": true, …}); case and punctuation are ignored, and true/false, yes/no, 1/0 still read.',
      ),
    privilegedValues: z
      .record(z.string().min(1), z.boolean())
      .optional()
      .describe(
        'csv/json accounts: the export\'s own words in the privileged column and whether each means admin rights ({"Admin": true, "Member": false, …}).',
      ),
    privileged: z
      .array(z.string().min(1))
      .optional()
      .describe("Account ids or usernames with admin rights here."),
    monthlyCostPerSeat: z.number().nonnegative().optional(),
    exportedAt: z
      .string()
      .optional()
      .describe("When the data was exported (ISO 8601); else the file's modification time."),
  })
  .superRefine((s, ctx) => {
    const live = isLiveSource(s);
    if (s.path === undefined && !live) {
      ctx.addIssue({
        code: "custom",
        message: 'expected "path" (an export file) or the live API keys ("url" and "credential", or "aws")',
        path: ["path"],
      });
    }
    if (s.path !== undefined && live) {
      ctx.addIssue({
        code: "custom",
        message: 'expected either "path" or the live API keys ("url", "credential", "aws"), not both',
        path: ["path"],
      });
    }
    for (const { key, formats, why } of FORMAT_SCOPED_KEYS) {
      if (s[key] !== undefined && !formats.includes(s.format)) {
        ctx.addIssue({ code: "custom", message: why(s.format), path: [key] });
      }
    }
    if (
      s.encoding !== undefined &&
      (s.format === "csv" || s.format === "json") &&
      !isEncodingLabel(s.encoding)
    ) {
      ctx.addIssue({
        code: "custom",
        message: `"${s.encoding}" is not an encoding deprov can read: expected a WHATWG label such as "windows-1252", "shift_jis" or "utf-8"`,
        path: ["encoding"],
      });
    }
    for (const key of ["enabledValues", "privilegedValues"] as const) {
      if (s[key] !== undefined && (s.kind !== "accounts" || (s.format !== "csv" && s.format !== "json"))) {
        ctx.addIssue({
          code: "custom",
          message: `${key} maps the words of a csv or json accounts export; this source is ${s.format} ${s.kind}`,
          path: [key],
        });
      }
    }
    if (s.statusValues !== undefined && s.kind !== "roster") {
      ctx.addIssue({
        code: "custom",
        message: `statusValues maps roster status words; this source carries ${s.kind}`,
        path: ["statusValues"],
      });
    }
    if (!FORMAT_KINDS[s.format].includes(s.kind)) {
      ctx.addIssue({
        code: "custom",
        message: `format "${s.format}" carries ${FORMAT_KINDS[s.format].join("/")}, not "${s.kind}"`,
        path: ["kind"],
      });
    }
  });

/** Whether a source is read from the system's API (SPEC §2 live table) rather than from a file. */
export function isLiveSource(source: {
  url?: string | undefined;
  credential?: unknown;
  aws?: unknown;
}): boolean {
  return source.url !== undefined || source.credential !== undefined || source.aws !== undefined;
}

const dryRunSchema = z
  .boolean()
  .default(false)
  .describe("Plan the task changes and record what would be sent, without writing anything.");

const httpsUrl = z.url({ protocol: /^https$/ });

/** How fast task changes go to an outside system: its rate limit, with room to spare. */
const maxTasksPerSecond = (fallback: number) =>
  z
    .number()
    .positive()
    .max(1000)
    .default(fallback)
    .describe("Task changes sent to the system per second at most (its rate limit, with room to spare).");

/** Remediation tasks (SPEC §6): one schema per sink, each carrying only that sink's settings. */
export const tasksSchema = z.discriminatedUnion("sink", [
  z.strictObject({
    sink: z.literal("local").describe("Tasks kept in deprov's own state store only."),
    dryRun: dryRunSchema,
  }),
  z.strictObject({
    sink: z.literal("jira"),
    dryRun: dryRunSchema,
    baseUrl: z
      .string()
      .regex(/^https:\/\/[a-z0-9][a-z0-9-]*\.atlassian\.net\/?$/, "https://<site>.atlassian.net")
      .describe("The Jira Cloud site."),
    projectKey: z.string().regex(/^[A-Z][A-Z0-9_]+$/, "a Jira project key such as SEC"),
    issueType: z.string().min(1).default("Task"),
    email: z.string().min(3).describe("The Atlassian account the API token belongs to."),
    apiToken: credentialRefSchema.describe("Where the Atlassian API token is: never the token itself."),
    doneTransition: z
      .string()
      .min(1)
      .default("Done")
      .describe("The transition (or target status) that closes an issue."),
    reopenTransition: z
      .string()
      .min(1)
      .default("To Do")
      .describe("The transition (or target status) that reopens an issue."),
    // Jira Cloud meters REST calls by cost per user; a few issue changes a second stay well inside.
    maxTasksPerSecond: maxTasksPerSecond(5),
  }),
  z.strictObject({
    sink: z.literal("servicenow"),
    dryRun: dryRunSchema,
    instanceUrl: httpsUrl.describe("The instance, e.g. https://acme.service-now.com."),
    table: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, "a table name such as incident")
      .default("incident"),
    username: z.string().min(1),
    password: credentialRefSchema.describe("Where the password is: never the password itself."),
    assignmentGroup: z.string().min(1).optional().describe("The assignment group's sys_id or name."),
    resolveState: z.string().min(1).default("6").describe("The state value that resolves a record."),
    reopenState: z.string().min(1).default("2").describe("The state value that reopens a record."),
    closeCode: z.string().min(1).default("Solution provided").describe("close_code set on resolving."),
    maxTasksPerSecond: maxTasksPerSecond(5),
  }),
  z.strictObject({
    sink: z.literal("webhook"),
    dryRun: dryRunSchema,
    url: httpsUrl.describe("Receives a signed JSON POST per task event."),
    secret: credentialRefSchema.describe("Where the HMAC-SHA256 signing key is: never the key itself."),
    maxTasksPerSecond: maxTasksPerSecond(10),
  }),
]);

/** Exports other tools ingest: OCSF JSON lines next to findings.json, and AWS Security Hub (ASFF). */
export const exportsSchema = z
  .strictObject({
    // Opt-in: at ~1.8 KB a finding, a 100,000-person org's file is half a gigabyte a night, for
    // whoever feeds a security data lake or SIEM; findings.json and findings.csv are always written.
    ocsf: z
      .boolean()
      .default(false)
      .describe("Write findings.ocsf.jsonl (OCSF Detection Finding events) next to findings.json."),
    securityHub: z
      .strictObject({
        enabled: z.boolean().default(false).describe("Import findings into AWS Security Hub (ASFF)."),
        region: z
          .string()
          .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "an AWS region such as us-east-1")
          .optional()
          .describe("Security Hub region; defaults to the runtime's region."),
        accountId: z
          .string()
          .regex(/^\d{12}$/, "a 12-digit AWS account id")
          .optional()
          .describe("The account the findings belong to; defaults to the runtime's account."),
      })
      .optional(),
  })
  .prefault({});

/**
 * Per-manager digests of their departed reports' findings (SPEC §6). Sent only to addresses on
 * `emailDomains`; a departed manager's digest goes to their own manager, else to `report.to`.
 */
export const managerDigestsSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Send each manager a digest of their leavers' findings."),
    minSeverity: z
      .enum(SEVERITIES)
      .default("low")
      .describe("Leave out findings below this severity (critical, high, medium, low)."),
  })
  .prefault({});

const ISO_4217_SHAPE = /^[A-Z]{3}$/;

/** Money in the report, the emails and the command's summary is shown in this currency. */
const currencySchema = z
  .string()
  .regex(ISO_4217_SHAPE, "an ISO 4217 currency code such as USD or EUR")
  // A malformed code is reported once, by the pattern.
  .refine((code) => !ISO_4217_SHAPE.test(code) || Intl.supportedValuesOf("currency").includes(code), {
    error: "an ISO 4217 currency code such as USD or EUR (not one this runtime knows)",
  })
  .default(DEFAULT_CURRENCY)
  .describe("ISO 4217 code of the currency of monthlyCostPerSeat and monthlyCost, e.g. EUR.");

/** Access-review campaigns (SPEC §7). */
export const reviewsSchema = z
  .strictObject({
    fallbackReviewer: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Who reviews the access of people without a reachable manager: an employee id or email on the roster, or a team address.",
      ),
    dueDays: nonNegativeInt
      .min(1)
      .default(21)
      .describe("Days from the start to the due date (through the end of that day), unless --due is given."),
    remindDaysBeforeDue: z
      .array(nonNegativeInt.min(1))
      .default([7, 2])
      .describe("Reminders to reviewers with undecided items, this many days before the due date."),
    escalateAfterDays: nonNegativeInt
      .min(1)
      .default(14)
      .describe("Days after the start after which undecided items are escalated to the reviewer's manager."),
    undecidedAsRevoke: z
      .boolean()
      .default(false)
      .describe("At close, treat undecided items as revoked (they become remediation tasks)."),
    revokeWithinDays: nonNegativeInt
      .default(14)
      .describe("Days after close by which revoked access must be gone from the systems' data."),
    schedule: z
      .string()
      .regex(/^(cron|rate|at)\(.+\)$/, 'an EventBridge Scheduler expression such as "cron(0 9 15 1 ? *)"')
      .optional()
      .describe("When the deployed stack starts a campaign (read by the CDK app with -c config=FILE)."),
    linkSecret: linkSecretSchema
      .optional()
      .describe("Where the HMAC-SHA256 key that signs decision links is: never the key itself."),
    linkExpiryDays: nonNegativeInt
      .min(1)
      .optional()
      .describe("Days a decision link stays valid; default: until the campaign's due date."),
  })
  .prefault({});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  organization: z.string().min(1),
  timezone: z.string().default("UTC").describe("IANA time zone of the org, e.g. America/New_York."),
  emailDomains: z
    .array(z.string().min(1))
    .default([])
    .describe("Domains treated as one for email correlation."),
  policy: policySchema,
  serviceAccounts: z
    .array(
      z.strictObject({
        source: z.string().optional().describe("Source id; all sources when absent."),
        pattern: z
          .string()
          .min(1)
          .describe("Regular expression matched against account id, username and email."),
      }),
    )
    .default([]),
  identityMap: z
    .string()
    .min(1)
    .optional()
    .describe("CSV source,accountId,employeeId of manual correlations."),
  entitlements: z
    .record(z.string(), z.strictObject({ departments: z.array(z.string().min(1)) }))
    .default({})
    .describe("Restricted groups and the departments allowed to hold them."),
  sources: z.array(sourceSchema).min(1),
  report: z
    .strictObject({
      from: z.string().min(3),
      to: z.array(z.string().min(3)).min(1),
      sendWhenUnchanged: z.boolean().default(false),
      managerDigests: managerDigestsSchema,

      currency: currencySchema,
    })
    .optional(),
  tasks: tasksSchema.optional(),
  exports: exportsSchema,
  reviews: reviewsSchema,
});

export type DeprovConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type SourceConfig = z.output<typeof sourceSchema>;

/** Every policy key at its default. */
export const DEFAULT_POLICY: Policy = policySchema.parse(undefined);
export type TasksConfig = z.output<typeof tasksSchema>;
export type CredentialRef = z.output<typeof credentialRefSchema>;
export type ExportsConfig = z.output<typeof exportsSchema>;
export type ReviewsConfig = z.output<typeof reviewsSchema>;
