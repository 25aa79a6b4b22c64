/**
 * The scan's ports in AWS, built once per Lambda container from the validated environment:
 * S3 for the config, the exports and the blobs; DynamoDB for state; SES for mail.
 */

import { posix } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import type { LoadedConfig } from "../config/load-config.ts";
import { parseConfigText } from "../config/load-config.ts";
import { isLiveSource } from "../config/schema.ts";
import { BlobAuditArchive } from "../ports/audit-archive.ts";
import { DynamoDbStateStore } from "../ports/dynamodb-state-store.ts";
import { SenderRestrictedMailer } from "../ports/mail/sender-restricted-mailer.ts";
import { SesMailer } from "../ports/mail/ses-mailer.ts";
import { DynamoDbReviewStore } from "../ports/reviews/dynamodb-review-store.ts";
import { S3BlobStore } from "../ports/s3-blob-store.ts";
import { exportToSecurityHub } from "../ports/security-hub/security-hub-exporter.ts";
import { DynamoDbTaskStore } from "../ports/tasks/dynamodb-task-store.ts";
import { credentialResolver } from "../ports/tasks/resolve-credential.ts";
import { REVIEW_TASK_PARTITION } from "../reviews/review-ports.ts";
import { blobKeys } from "../scan/contract/blob-keys.ts";
import { exportText } from "../scan/export-text.ts";
import { ExportReadError } from "../scan/parse-source-export.ts";
import { readLiveExport } from "../scan/read-live-export.ts";
import type { ScanDependencies } from "../scan/scan-dependencies.ts";
import { decodeText } from "../shared/decode-text.ts";
import { type LambdaEnvironment, readEnvironment } from "./environment.ts";
import { logger } from "./logger.ts";

let cached: ScanDependencies | undefined;

/**
 * How long a live read may keep waiting on a throttled or slow system: well inside the collect-source
 * Lambda's timeout (functions/handlers/catalogue.ts), so the source fails with its own message instead of
 * the Lambda being killed (and retried by the state machine).
 */
export const LIVE_READ_BUDGET_MS = 450_000;

/** Lazily, so importing a handler module (e.g. in CDK synth or tests) needs no environment. */
export function awsDependencies(): ScanDependencies {
  cached ??= buildAwsDependencies(readEnvironment());
  return cached;
}

export function buildAwsDependencies(
  env: LambdaEnvironment,
  s3 = new S3Client({}),
  dynamodb = new DynamoDBClient({}),
): ScanDependencies {
  const configDir = posix.dirname(env.CONFIG_KEY);
  const getBytes = async (key: string): Promise<{ bytes: Uint8Array; modifiedAt: number }> => {
    const object = await s3.send(new GetObjectCommand({ Bucket: env.BLOB_BUCKET, Key: key }));
    if (!object.Body) throw new ExportReadError(`s3://${env.BLOB_BUCKET}/${key}: empty object`);
    return {
      bytes: await object.Body.transformToByteArray(),
      modifiedAt: object.LastModified?.getTime() ?? Date.now(),
    };
  };
  const getText = async (key: string): Promise<{ text: string; modifiedAt: number }> => {
    const { bytes, modifiedAt } = await getBytes(key);
    return { text: decodeText(bytes), modifiedAt };
  };
  // Paths in the config resolve against the config object's "folder", as files do locally.
  const keyOf = (path: string) => posix.normalize(posix.join(configDir, path));
  let config: Promise<LoadedConfig> | undefined;
  const resolveCredential = credentialResolver();
  return {
    stateStore: new DynamoDbStateStore({
      client: dynamodb,
      tables: { state: env.STATE_TABLE, audit: env.AUDIT_TABLE },
      stepMarkerTtlDays: 30,
      // Every audit entry also goes, write-once, to the Object Lock bucket (ADR 0009).
      auditArchive: new BlobAuditArchive(new S3BlobStore({ client: s3, bucket: env.AUDIT_BUCKET })),
    }),
    blobStore: new S3BlobStore({ client: s3, bucket: env.BLOB_BUCKET }),
    loadConfig: () => {
      if (config === undefined) {
        const loading = getText(env.CONFIG_KEY).then(({ text }) => ({
          ...parseConfigText(text, `s3://${env.BLOB_BUCKET}/${env.CONFIG_KEY}`),
          baseDir: configDir,
        }));
        config = loading;
        // A failed load (S3 throttled, a config being replaced) is not kept: the container lives
        // on, and every later invocation in it would fail with the same stale error.
        loading.catch(() => {
          if (config === loading) config = undefined;
        });
      }
      return config;
    },
    readExport: async (_config, source) => {
      if (isLiveSource(source)) {
        // Credentials from Secrets Manager (deprov/*); the snapshot is written to /tmp, then stored in S3.
        return readLiveExport(source, {
          resolveCredential,
          http: { deadline: Date.now() + LIVE_READ_BUDGET_MS },
        });
      }
      if (source.path === undefined) throw new ExportReadError(`source "${source.id}": no "path"`);
      const key = keyOf(source.path);
      try {
        const { bytes, modifiedAt } = await getBytes(key);
        const read = await exportText(bytes, `s3://${env.BLOB_BUCKET}/${key}`, source);
        return {
          file: read.file,
          text: read.text,
          modifiedAt,
          ...(read.converted
            ? {
                bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
                sheetRows: true as const,
              }
            : {}),
          ...(read.warnings.length > 0 ? { warnings: read.warnings } : {}),
        };
      } catch (error) {
        if (error instanceof ExportReadError) throw error;
        const name = (error as { name?: string }).name;
        // A missing or forbidden object is the source's failure; anything else is transient and retried.
        if (name === "NoSuchKey" || name === "AccessDenied")
          throw new ExportReadError(`s3://${env.BLOB_BUCKET}/${key}: ${name}`);
        throw error;
      }
    },
    readConfigFile: async (_config, path) => {
      const key = keyOf(path);
      return { file: `s3://${env.BLOB_BUCKET}/${key}`, bytes: (await getBytes(key)).bytes };
    },
    taskStore: new DynamoDbTaskStore({ client: dynamodb, tableName: env.STATE_TABLE }),
    reviews: {
      store: new DynamoDbReviewStore({ client: dynamodb, tableName: env.STATE_TABLE }),
      taskStore: new DynamoDbTaskStore({
        client: dynamodb,
        tableName: env.STATE_TABLE,
        partition: REVIEW_TASK_PARTITION,
      }),
      ...(env.DECISION_URL !== undefined ? { decisionUrl: env.DECISION_URL } : {}),
    },
    resolveCredential,
    // The role may send as MAIL_FROM only (ses:FromAddress): another sender is refused up front.
    mailer:
      env.MAIL_FROM === undefined
        ? new SesMailer()
        : new SenderRestrictedMailer(new SesMailer(), env.MAIL_FROM),
    ...alertMailOf(env),
    reportLink: (scanId) => `s3://${env.BLOB_BUCKET}/${blobKeys.report(scanId, "report.html")}`,
    securityHub: async (result, now) => {
      const settings = (await config)?.exports.securityHub;
      const accountId = settings?.accountId ?? env.AWS_ACCOUNT_ID;
      const region = settings?.region ?? env.AWS_REGION;
      if (!accountId || !region)
        throw new Error("exports.securityHub: set accountId and region in the config");
      const exported = await exportToSecurityHub({
        // The exporter retries throttled and transient batches itself, with its own backoff.
        client: new SecurityHubClient({ region, maxAttempts: 1 }),
        accountId,
        region,
        result,
        now,
      });
      if (exported.failed > 0)
        logger.warn("Security Hub import incomplete", {
          imported: exported.imported,
          failed: exported.failed,
        });
      return exported;
    },
    memory: new Map(),
    partitionSize: env.PARTITION_SIZE,
    singleProcess: false,
    exclusive: (work) => work(),
    log: (message) => logger.info(message),
  };
}

/** Guard-rail alerts without a `report` section go from MAIL_FROM to REPORT_TO (the stack's settings). */
export function alertMailOf(env: LambdaEnvironment): Pick<ScanDependencies, "alertMail"> {
  const to = (env.REPORT_TO ?? "")
    .split(",")
    .map((address) => address.trim())
    .filter((address) => address !== "");
  return env.MAIL_FROM === undefined || to.length === 0 ? {} : { alertMail: { from: env.MAIL_FROM, to } };
}
