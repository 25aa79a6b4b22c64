/** Which live reader reads each format that has a live form (SPEC §2 live table). */
import type { SourceFormat } from "../../config/schema.ts";
import { readAwsCredentialReportLive } from "./aws-iam-credential-report.ts";
import { readEntraLive } from "./entra.ts";
import { readGoogleWorkspaceLive } from "./google-workspace.ts";
import { readJamfLive } from "./jamf.ts";
import type { LiveReader } from "./live-read.ts";
import { readOktaLive } from "./okta.ts";
import { readScimLive } from "./scim.ts";
import { readSnipeItLive } from "./snipeit.ts";

const LIVE_READERS: Readonly<Partial<Record<SourceFormat, LiveReader>>> = {
  scim: readScimLive,
  okta: readOktaLive,
  "google-workspace": readGoogleWorkspaceLive,
  entra: readEntraLive,
  snipeit: readSnipeItLive,
  jamf: readJamfLive,
  "aws-iam-credential-report": readAwsCredentialReportLive,
};

export function liveReaderFor(format: SourceFormat): LiveReader | undefined {
  return LIVE_READERS[format];
}
