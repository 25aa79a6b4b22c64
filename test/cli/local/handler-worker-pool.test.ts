/** The local runtime's worker threads: results, errors and crashes as a Lambda's would be. */
import { afterEach, describe, expect, it } from "vitest";
import { HandlerWorkerPool } from "../../../cli/local/handler-worker-pool.ts";
import type { LoadedConfig } from "../../../functions/config/load-config.ts";

const STAND_IN = new URL("../../support/stand-in-handler-worker.ts", import.meta.url).href;
const pools: HandlerWorkerPool[] = [];

function pool(options: { outDir?: string; logs?: string[]; writes?: number[] } = {}): HandlerWorkerPool {
  const created = new HandlerWorkerPool(
    1,
    {
      config: {} as LoadedConfig,
      dynamoDb: { endpoint: "http://127.0.0.1:1", tables: { state: "state", audit: "audit" } },
      blobRoot: "/nonexistent",
      outDir: options.outDir ?? "out",
    },
    {
      log: (message) => options.logs?.push(message),
      itemsWritten: (items) => options.writes?.push(items),
    },
    STAND_IN,
  );
  pools.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe("HandlerWorkerPool", () => {
  it("returns a worker's result, what it left in memory, its log lines and its writes", async () => {
    // Prepare
    const logs: string[] = [];
    const writes: number[] = [];
    const workers = pool({ logs, writes });

    // Act
    const invoked = await workers.invoke("Echo", { sourceId: "okta" });

    // Assess
    expect(invoked).toEqual({ result: { sourceId: "okta" }, memory: [["echoed", { sourceId: "okta" }]] });
    expect(logs).toEqual(["echoing"]);
    expect(writes).toEqual([2]);
  });

  it("fails with the handler's own error name and message, so Retry and Catch see them", async () => {
    // Prepare
    const writes: number[] = [];
    const workers = pool({ writes });

    // Act
    const failed = workers.invoke("Fail", {});

    // Assess
    await expect(failed).rejects.toMatchObject({ name: "SourceBroken", message: "the export is gone" });
    expect(writes).toEqual([1]);
  });

  it("fails an invocation whose worker dies as Lambda.Unknown, and serves the next from a new worker", async () => {
    // Prepare
    const workers = pool();

    // Act
    const died = workers.invoke("Die", {});
    await expect(died).rejects.toMatchObject({ name: "Lambda.Unknown" });
    const next = await workers.invoke("Echo", { after: "crash" });

    // Assess
    expect(next.result).toEqual({ after: "crash" });
  });

  it("fails every invocation with the reason when a worker cannot start, without starting more", async () => {
    // Prepare
    const workers = pool({ outDir: "cannot-start" });

    // Act
    const first = workers.invoke("Echo", {});

    // Assess
    await expect(first).rejects.toThrow(/worker thread failed to start: .*no modules here/);
    await expect(workers.invoke("Echo", {})).rejects.toThrow(/failed to start/);
  });

  it("runs on this thread what may run here when no worker can start", async () => {
    // Prepare
    const workers = pool({ outDir: "cannot-start" });
    await expect(workers.invoke("Echo", {})).rejects.toThrow(/failed to start/);

    // Act
    const invoked = await workers.invoke("Echo", { n: 1 }, { inProcess: async () => ({ here: true }) });

    // Assess
    expect(invoked).toEqual({ result: { here: true }, memory: [] });
  });

  it("runs a worker-only invocation's fallback on this thread when no worker can start", async () => {
    // Prepare
    const workers = pool({ outDir: "cannot-start" });

    // Act: one offered while the worker is still starting, one after it failed
    const waiting = workers.invoke("Echo", { n: 1 }, { fallback: async () => ({ fallback: 1 }) });
    const invoked = await waiting;
    const later = await workers.invoke("Echo", { n: 2 }, { fallback: async () => ({ fallback: 2 }) });

    // Assess
    expect(invoked).toEqual({ result: { fallback: 1 }, memory: [] });
    expect(later).toEqual({ result: { fallback: 2 }, memory: [] });
  });

  it("leaves the fallback alone while a worker serves", async () => {
    // Prepare
    const workers = pool();
    let fellBack = false;

    // Act
    const invoked = await workers.invoke(
      "Echo",
      { n: 1 },
      {
        fallback: async () => {
          fellBack = true;
          return {};
        },
      },
    );

    // Assess
    expect(invoked.result).toEqual({ n: 1 });
    expect(fellBack).toBe(false);
  });

  it("runs an invocation on this thread when the worker is busy and the caller allows it", async () => {
    // Prepare
    const workers = pool();
    const ranHere: string[] = [];
    const here = (name: string) => async () => {
      ranHere.push(name);
      return { here: name };
    };

    // Act
    const results = await Promise.all([
      workers.invoke("Echo", { n: 1 }, { weight: 3 }),
      workers.invoke("Echo", { n: 2 }, { weight: 2, inProcess: here("second") }),
      workers.invoke("Echo", { n: 3 }, { weight: 1, inProcess: here("third") }),
    ]);

    // Assess: the heaviest went to the idle worker, the next heaviest to this thread
    expect(results[0]?.result).toEqual({ n: 1 });
    expect(ranHere[0]).toBe("second");
    expect(results[1]?.result).toEqual({ here: "second" });
  });

  it("hands the blobs an invocation refers to to the worker that claims it", async () => {
    // Prepare
    const workers = pool();
    const chunk: [string, unknown][] = [["chunks/digests/0", [{ managerId: "m-1" }, { managerId: "m-2" }]]];

    // Act
    const [given, without] = await Promise.all([
      workers.invoke("Given", { chunk: { key: "chunks/digests/0" } }, { memory: chunk, weight: 2 }),
      workers.invoke("Given", { chunk: { key: "chunks/digests/1" } }, { weight: 1 }),
    ]);

    // Assess
    expect(given.result).toEqual(chunk);
    expect(without.result).toBeNull();
  });

  it("keeps the blobs of an invocation this thread claims on this thread", async () => {
    // Prepare: the worker is busy, so this thread takes the second invocation
    const workers = pool();
    const chunk: [string, unknown][] = [["chunks/tasks/0", [{ taskId: "t-1" }]]];

    // Act
    const [, here] = await Promise.all([
      workers.invoke("Echo", { n: 1 }, { weight: 2 }),
      workers.invoke(
        "Given",
        { chunk: { key: "chunks/tasks/0" } },
        {
          memory: chunk,
          weight: 1,
          inProcess: async () => ({ here: true }),
        },
      ),
    ]);

    // Assess
    expect(here).toEqual({ result: { here: true }, memory: [] });
  });
});
