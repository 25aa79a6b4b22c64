import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BlobAuditArchive } from "../../functions/ports/audit-archive.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { MemoryStateStore } from "../support/memory-state-store.ts";
import { stateStoreContract } from "./state-store.contract.ts";

stateStoreContract("in memory", async () => {
  const dir = await mkdtemp(join(tmpdir(), "deprov-archive-"));
  const archive = new BlobAuditArchive(new FileBlobStore(dir));
  const store = new MemoryStateStore({ auditArchive: archive });
  return {
    store,
    archive,
    itemsWritten: () => store.itemsWritten(),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});
