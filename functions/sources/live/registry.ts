/**
 * Which live reader reads each format that has a live form (SPEC §2 live table). Readers are loaded
 * when first used: some bring a client library (the AWS SDK, google-auth-library) that a scan of
 * files alone should not pay to load.
 */
import type { SourceFormat } from "../../config/schema.ts";
import type { LiveReader } from "./live-read.ts";

const LIVE_READERS: Readonly<Partial<Record<SourceFormat, () => Promise<LiveReader>>>> = {
  csv: async () => (await import("./csv-report.ts")).readCsvReportLive,
  scim: async () => (await import("./scim.ts")).readScimLive,
  okta: async () => (await import("./okta.ts")).readOktaLive,
  "google-workspace": async () => (await import("./google-workspace.ts")).readGoogleWorkspaceLive,
  entra: async () => (await import("./entra.ts")).readEntraLive,
  snipeit: async () => (await import("./snipeit.ts")).readSnipeItLive,
  jamf: async () => (await import("./jamf.ts")).readJamfLive,
  "aws-iam-credential-report": async () =>
    (await import("./aws-iam-credential-report.ts")).readAwsCredentialReportLive,
};

export async function liveReaderFor(format: SourceFormat): Promise<LiveReader | undefined> {
  return LIVE_READERS[format]?.();
}
