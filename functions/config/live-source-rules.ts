/**
 * The config rules of live sources (SPEC §2 live table) that the schema cannot express: which keys
 * each format's live form needs and allows, and URLs that may be sent to. A URL never carries its
 * own credentials (`https://user:password@host`): the secret belongs in a credential reference,
 * where it is resolved at run time and never written into the config, a log or an error.
 */
import { isLoopbackHost } from "../shared/loopback-host.ts";
import type { ConfigIssue } from "./config-error.ts";
import { isLiveSource, LIVE_FORMATS, type SourceConfig, type SourceFormat } from "./schema.ts";

interface LiveKeys {
  /** `url`: required, optional (the format has a default) or not allowed. */
  url: "required" | "optional" | "none";
  credential: boolean;
  /** Keys only this format takes. */
  own: readonly LiveKey[];
  /** Keys of `own` that must be present. */
  required?: readonly LiveKey[];
}

type LiveKey = "subject" | "customer" | "tokenUrl" | "aws";

const LIVE_KEYS: Readonly<Partial<Record<SourceFormat, LiveKeys>>> = {
  csv: { url: "required", credential: true, own: [] },
  scim: { url: "required", credential: true, own: [] },
  okta: { url: "required", credential: true, own: [] },
  "google-workspace": {
    url: "optional",
    credential: true,
    own: ["subject", "customer"],
    required: ["subject"],
  },
  entra: { url: "optional", credential: true, own: ["tokenUrl"] },
  snipeit: { url: "required", credential: true, own: [] },
  jamf: { url: "required", credential: true, own: [] },
  "aws-iam-credential-report": { url: "none", credential: false, own: ["aws"], required: ["aws"] },
};

const OWNER_OF: Readonly<Record<LiveKey, SourceFormat>> = {
  subject: "google-workspace",
  customer: "google-workspace",
  tokenUrl: "entra",
  aws: "aws-iam-credential-report",
};

export function liveSourceIssues(source: SourceConfig, at: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const key of Object.keys(OWNER_OF) as LiveKey[]) {
    if (source[key] !== undefined && OWNER_OF[key] !== source.format) {
      issues.push({
        path: `${at}.${key}`,
        message: `"${key}" applies to live ${OWNER_OF[key]} sources only`,
      });
    }
  }
  if (!isLiveSource(source)) return issues;
  const keys = LIVE_KEYS[source.format];
  if (keys === undefined || !LIVE_FORMATS.has(source.format)) {
    issues.push({
      path: at,
      message: `format "${source.format}" has no live API form: export the data to a file and set "path"`,
    });
    return issues;
  }
  if (keys.url === "required" && source.url === undefined) {
    issues.push({
      path: `${at}.url`,
      message: `expected the ${source.format} API's URL (SPEC §2 live table)`,
    });
  }
  if (keys.url === "none" && source.url !== undefined) {
    issues.push({
      path: `${at}.url`,
      message: `${source.format} is read through the AWS SDK: use "aws", not "url"`,
    });
  }
  if (keys.credential && source.credential === undefined) {
    issues.push({
      path: `${at}.credential`,
      message:
        'expected where the API secret is: {"env": "VAR"} or {"secretArn": "arn:aws:secretsmanager:…"}',
    });
  }
  if (!keys.credential && source.credential !== undefined) {
    issues.push({
      path: `${at}.credential`,
      message: `${source.format} reads with the runtime's AWS credentials (or "aws.roleArn"), not a stored secret`,
    });
  }
  for (const key of keys.required ?? []) {
    if (source[key] === undefined) issues.push({ path: `${at}.${key}`, message: requiredMessage(key) });
  }
  if (source.exportedAt !== undefined) {
    issues.push({
      path: `${at}.exportedAt`,
      message: "a live source is dated by when it was read: remove exportedAt",
    });
  }
  for (const key of ["url", "tokenUrl"] as const) {
    const value = source[key];
    if (value !== undefined && !sendableUrl(value)) {
      issues.push({
        path: `${at}.${key}`,
        message: "expected an https URL (plain http only to a loopback address, for local stand-ins)",
      });
    }
  }
  return issues;
}

function requiredMessage(key: LiveKey): string {
  switch (key) {
    case "subject":
      return "expected the email of the Google Workspace admin the service account acts as (domain-wide delegation)";
    case "aws":
      return 'expected "aws": {} (the runtime\'s credentials) or {"roleArn": …, "region": …}';
    default:
      return "expected a value";
  }
}

function sendableUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

/**
 * Every string under a key named like a URL (`url`, `baseUrl`, `tokenUrl`, `instanceUrl`, …) that
 * carries userinfo, anywhere in the raw config. The message names the place, never the value.
 */
export function urlCredentialIssues(raw: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const visit = (value: unknown, path: string, key: string | undefined) => {
    if (typeof value === "string") {
      if (key !== undefined && /url$/i.test(key) && carriesUserinfo(value)) {
        issues.push({
          path,
          message:
            'credentials embedded in a URL ("user:password@") are refused: reference the secret as a credential ({"env"} or {"secretArn"}) instead',
        });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, `${path}[${index}]`, key);
      });
    } else if (typeof value === "object" && value !== null) {
      for (const [name, item] of Object.entries(value)) {
        visit(
          item,
          /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`,
          name,
        );
      }
    }
  };
  visit(raw, "$", undefined);
  return issues;
}

/** `scheme://user[:password]@host`, also when the URL is otherwise invalid (it must not be echoed either way). */
function carriesUserinfo(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(value.trim());
}
