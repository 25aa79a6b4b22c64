import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { S3BlobStore } from "../../functions/ports/s3-blob-store.ts";

/** A stand-in for S3 (no emulator runs here): answers the three commands the store sends. */
function fakeS3(pageSize = 1000) {
  const objects = new Map<string, Uint8Array>();
  const puts: PutObjectCommandInput[] = [];
  const client = {
    async send(command: unknown): Promise<unknown> {
      if (command instanceof PutObjectCommand) {
        puts.push(command.input);
        const body = command.input.Body;
        const bytes = typeof body === "string" ? new TextEncoder().encode(body) : (body as Uint8Array);
        const id = `${command.input.Bucket}/${command.input.Key}`;
        // S3 conditional writes: `If-None-Match: *` on an existing key is 412 Precondition Failed.
        if (command.input.IfNoneMatch === "*" && objects.has(id)) {
          throw new S3ServiceException({
            name: "PreconditionFailed",
            message: "At least one of the pre-conditions you specified did not hold",
            $fault: "client",
            $metadata: { httpStatusCode: 412 },
          });
        }
        objects.set(`${command.input.Bucket}/${command.input.Key}`, bytes);
        return {};
      }
      if (command instanceof GetObjectCommand) {
        const bytes = objects.get(`${command.input.Bucket}/${command.input.Key}`);
        if (bytes === undefined)
          throw new NoSuchKey({ message: "The specified key does not exist.", $metadata: {} });
        return { Body: { transformToByteArray: async () => bytes } };
      }
      if (command instanceof ListObjectsV2Command) {
        const prefix = `${command.input.Bucket}/${command.input.Prefix ?? ""}`;
        const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
        const start = Number(command.input.ContinuationToken ?? 0);
        const page = keys.slice(start, start + pageSize);
        const more = start + pageSize < keys.length;
        return {
          Contents: page.map((k) => ({ Key: k.slice(`${command.input.Bucket}/`.length) })),
          IsTruncated: more,
          NextContinuationToken: more ? String(start + pageSize) : undefined,
        };
      }
      throw new Error(`unexpected command ${String(command)}`);
    },
  };
  return { client: client as unknown as S3Client, puts, objects };
}

describe("S3BlobStore", () => {
  it("puts objects under the prefix with SSE-KMS when a key is configured", async () => {
    // Prepare
    const s3 = fakeS3();
    const store = new S3BlobStore({
      client: s3.client,
      bucket: "acme-deprov-state",
      prefix: "state/",
      encryption: {
        type: "aws:kms",
        kmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      },
    });

    // Act
    await store.put("scans/s1/findings.jsonl.gz", Buffer.from("gz"), { contentType: "application/gzip" });

    // Assess
    expect(s3.puts).toEqual([
      expect.objectContaining({
        Bucket: "acme-deprov-state",
        Key: "state/scans/s1/findings.jsonl.gz",
        ContentType: "application/gzip",
        ServerSideEncryption: "aws:kms",
        SSEKMSKeyId: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        BucketKeyEnabled: true,
      }),
    ]);
  });

  it("uses SSE-KMS with the AWS-managed key by default", async () => {
    // Prepare
    const s3 = fakeS3();
    const store = new S3BlobStore({ client: s3.client, bucket: "acme-deprov-state" });

    // Act
    await store.put("scans/s1/findings.jsonl.gz", "text");

    // Assess
    expect(s3.puts[0]).toMatchObject({ Key: "scans/s1/findings.jsonl.gz", ServerSideEncryption: "aws:kms" });
    expect(s3.puts[0]).not.toHaveProperty("SSEKMSKeyId");
  });

  it("uses SSE-S3 when asked to", async () => {
    // Prepare
    const s3 = fakeS3();
    const store = new S3BlobStore({ client: s3.client, bucket: "b", encryption: { type: "AES256" } });

    // Act
    await store.put("scans/s1/findings.jsonl.gz", "text");

    // Assess
    expect(s3.puts[0]).toMatchObject({ ServerSideEncryption: "AES256" });
  });

  it("reads an object back as a Buffer, and a missing key (NoSuchKey) as undefined", async () => {
    // Prepare
    const store = new S3BlobStore({ client: fakeS3().client, bucket: "b", prefix: "p/" });
    await store.put("scans/s1/findings.jsonl.gz", Buffer.from([1, 2, 3]));

    // Act
    const found = await store.get("scans/s1/findings.jsonl.gz");
    const missing = await store.get("scans/s2/findings.jsonl.gz");

    // Assess
    expect(found).toEqual(Buffer.from([1, 2, 3]));
    expect(missing).toBeUndefined();
  });

  it("writes once with If-None-Match: *, and reports an existing key instead of overwriting it", async () => {
    // Prepare
    const s3 = fakeS3();
    const store = new S3BlobStore({ client: s3.client, bucket: "audit-bucket" });

    // Act
    const first = await store.putIfAbsent("audit/entries/2026-11-26/e1.json", "first");
    const second = await store.putIfAbsent("audit/entries/2026-11-26/e1.json", "second");

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(s3.puts.map((put) => put.IfNoneMatch)).toEqual(["*", "*"]);
    expect((await store.get("audit/entries/2026-11-26/e1.json"))?.toString("utf8")).toBe("first");
  });

  it("lists keys across continuation pages, without the store prefix", async () => {
    // Prepare
    const store = new S3BlobStore({ client: fakeS3(2).client, bucket: "b", prefix: "state/" });
    for (const scan of ["s1", "s2", "s3"]) {
      await store.put(`scans/${scan}/findings.jsonl.gz`, "f");
      await store.put(`scans/${scan}/transitions.jsonl.gz`, "t");
    }

    // Act
    const keys = await store.list("scans/s");

    // Assess
    expect(keys).toHaveLength(6);
    expect(keys[0]).toBe("scans/s1/findings.jsonl.gz");
  });
});
