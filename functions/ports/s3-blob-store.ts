/**
 * The blob store in AWS: one S3 object per key under an optional prefix, always encrypted at rest:
 * SSE-KMS by default (the AWS-managed `aws/s3` key, or the given key), SSE-S3 on request. The
 * header is sent on every put so a bucket policy can require it. A single PutObject is atomic for readers.
 */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from "@aws-sdk/client-s3";
import { assertBlobKey, type BlobPutOptions, type BlobStore } from "./blob-store.ts";
import { asBytes } from "./bytes.ts";

export interface S3BlobStoreOptions {
  client: S3Client;
  bucket: string;
  /** Prepended to every key, e.g. `state/`. */
  prefix?: string;
  /** @default { type: "aws:kms" } (the AWS-managed key) */
  encryption?: { type: "aws:kms"; kmsKeyId?: string } | { type: "AES256" };
}

export class S3BlobStore implements BlobStore {
  private readonly prefix: string;

  constructor(private readonly options: S3BlobStoreOptions) {
    this.prefix = options.prefix ?? "";
  }

  async put(key: string, body: Buffer | string, options: BlobPutOptions = {}): Promise<void> {
    await this.options.client.send(new PutObjectCommand(this.putInput(key, body, options)));
  }

  /** A conditional write (`If-None-Match: *`): S3 answers 412 when the key exists, 409 on a concurrent one. */
  async putIfAbsent(key: string, body: Buffer | string, options: BlobPutOptions = {}): Promise<boolean> {
    try {
      await this.options.client.send(
        new PutObjectCommand({ ...this.putInput(key, body, options), IfNoneMatch: "*" }),
      );
      return true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (error instanceof Error && (error.name === "PreconditionFailed" || status === 412)) return false;
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    assertBlobKey(key);
    try {
      const output = await this.options.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + key }),
      );
      if (output.Body === undefined) return Buffer.alloc(0);
      return Buffer.from(await output.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof Error && (error.name === "NoSuchKey" || error.name === "NotFound"))
        return undefined;
      throw error;
    }
  }

  private putInput(key: string, body: Buffer | string, options: BlobPutOptions): PutObjectCommandInput {
    assertBlobKey(key);
    return {
      Bucket: this.options.bucket,
      Key: this.prefix + key,
      Body: typeof body === "string" ? body : asBytes(body),
      ContentType: options.contentType,
      ContentEncoding: options.contentEncoding,
      ...encryptionHeaders(this.options.encryption ?? { type: "aws:kms" }),
    };
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const output = await this.options.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: this.prefix + prefix,
          ContinuationToken: token,
        }),
      );
      for (const object of output.Contents ?? []) {
        if (object.Key !== undefined) keys.push(object.Key.slice(this.prefix.length));
      }
      token = output.IsTruncated ? output.NextContinuationToken : undefined;
    } while (token !== undefined);
    return keys.sort();
  }
}

function encryptionHeaders(
  encryption: NonNullable<S3BlobStoreOptions["encryption"]>,
): Pick<PutObjectCommandInput, "ServerSideEncryption" | "SSEKMSKeyId" | "BucketKeyEnabled"> {
  if (encryption.type === "AES256") return { ServerSideEncryption: "AES256" };
  // A bucket key cuts KMS requests (and cost) for the many objects a nightly scan writes.
  return encryption.kmsKeyId === undefined
    ? { ServerSideEncryption: "aws:kms", BucketKeyEnabled: true }
    : { ServerSideEncryption: "aws:kms", SSEKMSKeyId: encryption.kmsKeyId, BucketKeyEnabled: true };
}
