/**
 * What the scan's steps need from the outside world, as ports. In AWS they are built from the
 * Lambda environment (S3, DynamoDB, SES); locally by the CLI (files, the embedded DynamoDB-compatible
 * store, the SES-compatible sink). The steps are the same code in both.
 */
import type { LoadedConfig } from "../config/load-config.ts";
import type { SourceConfig } from "../config/schema.ts";
import type { BlobStore } from "../ports/blob-store.ts";
import type { Clock } from "../ports/clock.ts";
import type { Mailer } from "../ports/mail/mailer.ts";
import type { SecurityHubScan } from "../ports/security-hub/security-hub-exporter.ts";
import type { StateStore } from "../ports/state-store.ts";
import type { ResolveCredential } from "../ports/tasks/resolve-credential.ts";
import type { TaskStore } from "../ports/tasks/task-store.ts";
import type { ReviewPorts } from "../reviews/review-ports.ts";
import type { ExportFile } from "./parse-source-export.ts";

export interface ScanDependencies {
  stateStore: StateStore;
  blobStore: BlobStore;
  loadConfig(): Promise<LoadedConfig>;
  /** Reads a source's export; throws `ExportReadError` when it cannot. */
  readExport(config: LoadedConfig, source: SourceConfig): Promise<ExportFile>;
  /** Reads another file the config names (the identity map), relative to the config, as bytes. */
  readConfigFile(config: LoadedConfig, path: string): Promise<{ file: string; bytes: Uint8Array }>;
  /**
   * Decoded content of blobs written by this process, by blob key. Locally the whole scan runs
   * in one process, so a later step need not decode (or re-parse) what an earlier one just
   * wrote; a Lambda, or a resumed run, finds nothing here and reads the stored blob.
   */
  memory: Map<string, unknown>;
  /** Accounts per reconcile partition. */
  partitionSize: number;
  /**
   * True when every step of a scan runs in this one process (the local runtime): results passed
   * between steps then live in `memory` only, and a restarted run starts over. In AWS each step
   * is its own Lambda and they go through the blob store.
   */
  singleProcess: boolean;
  /**
   * Runs CPU-heavy work one at a time. Locally, the Map states' iterations share one thread, so
   * interleaving them only multiplies the memory held at once; in AWS each is its own Lambda.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Where the local runtime also writes findings.json/.csv and report.html. */
  outputDir?: string;
  /** Remediation task records (DynamoDB `pk=TASK`). */
  taskStore: TaskStore;
  /** Resolves a credential reference (environment variable locally, Secrets Manager in AWS). */
  resolveCredential: ResolveCredential;
  /** Where a reader finds a scan's full report (`s3://…` in AWS, `file://…` locally). */
  reportLink(scanId: string): string;
  /**
   * Imports the scan's findings into AWS Security Hub (config `exports.securityHub`); AWS only —
   * absent locally, where there is no Security Hub to import into.
   */
  securityHub?(result: SecurityHubScan, now: number): Promise<{ imported: number; failed: number }>;
  /** Outgoing email (SES in AWS; locally the SES-compatible sink and .eml files). Absent: no email. */
  mailer?: Mailer;
  /**
   * Where guard-rail alerts go when the config has no `report` section: in AWS the stack's
   * `mailFrom` and `reportTo` (MAIL_FROM, REPORT_TO), so an aborted scan is never silent.
   */
  alertMail?: { from: string; to: string[] };
  /** Called with one line per notable event (local progress). */
  log(message: string): void;
  /**
   * Time for steps that pace remote calls (sending rates, time budgets); the system clock when
   * absent. Tests inject a virtual one to simulate hours of sending.
   */
  clock?: Clock;
  /** Access-review campaigns (SPEC §7); absent where none can run, e.g. in tests of the scan alone. */
  reviews?: ReviewPorts;
}

/**
 * Who an alert goes to (a guard rail, a suspect source, overdue revocations): the config's `report`
 * section, else the deployment's (`alertMail`), else nobody.
 */
export function alertRecipients(
  config: Pick<LoadedConfig, "report">,
  deps: Pick<ScanDependencies, "alertMail">,
): { from: string; to: string[] } | undefined {
  return config.report ?? deps.alertMail;
}
