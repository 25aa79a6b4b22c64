/** Which parser reads each source format (SPEC §2 format table). */
import type { SourceFormat } from "../config/schema.ts";
import { parseAwsIamCredentialReport } from "./aws-iam-credential-report.ts";
import { parseCsv } from "./csv.ts";
import { parseEntra } from "./entra.ts";
import { parseGoogleWorkspace } from "./google-workspace.ts";
import { parseJamf } from "./jamf.ts";
import { parseJson } from "./json.ts";
import { parseOkta } from "./okta.ts";
import type { SourceParser } from "./parser.ts";
import { parseScim } from "./scim.ts";
import { parseSnipeIt } from "./snipeit.ts";

const PARSERS: Readonly<Record<SourceFormat, SourceParser>> = {
  csv: parseCsv,
  json: parseJson,
  "aws-iam-credential-report": parseAwsIamCredentialReport,
  scim: parseScim,
  okta: parseOkta,
  "google-workspace": parseGoogleWorkspace,
  entra: parseEntra,
  snipeit: parseSnipeIt,
  jamf: parseJamf,
};

export function parserFor(format: SourceFormat): SourceParser {
  return PARSERS[format];
}
