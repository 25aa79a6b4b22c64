import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { countDynamoDbWrites, writeTally } from "../../cli/local/count-dynamodb-writes.ts";
import { startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { BlobAuditArchive } from "../../functions/ports/audit-archive.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { stateStoreContract } from "./state-store.contract.ts";

stateStoreContract("DynamoDB on the embedded dynalite", async () => {
  const db = await startEmbeddedDynamoDb();
  const dir = await mkdtemp(join(tmpdir(), "deprov-archive-"));
  const archive = new BlobAuditArchive(new FileBlobStore(dir));
  const writes = writeTally();
  countDynamoDbWrites(db.client, writes);
  return {
    store: new DynamoDbStateStore({ client: db.client, tables: db.tables, auditArchive: archive }),
    archive,
    itemsWritten: () => writes.count(),
    close: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
