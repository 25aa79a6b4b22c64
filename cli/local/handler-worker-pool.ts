/**
 * Worker threads that serve some Lambda placeholders for the local runtime, so that work runs on
 * the machine's other cores as concurrent Lambdas would in AWS (sources collected side by side in
 * the Map; the remediation tasks beside PublishReport).
 *
 * Every invocation is offered to all workers and, when the caller allows it, to the main thread;
 * whichever is free first claims it on a shared claim board (claim-board.ts), heaviest first. On
 * a 2-core machine one worker and the main thread parse sources side by side, and only the
 * worker's results pay for the copy between threads. A worker that dies fails the invocation it
 * held as a crashed Lambda does (`Lambda.Unknown`: the state's Catch records it, e.g. the source
 * as failed) and is replaced; what it had not claimed goes to the others. Workers that cannot
 * start at all leave to this thread whatever may run here.
 */
import { Worker } from "node:worker_threads";
import type { LocalPlacement } from "../../functions/handlers/catalogue.ts";
import { ClaimBoard, MAIN_THREAD, OfferList } from "./claim-board.ts";
import type {
  HandlerWorkerData,
  WorkerMemory,
  WorkerOffers,
  WorkerReply,
  WorkerRequest,
} from "./worker-messages.ts";

/** Defined by the CLI's bundle (bin/cli-bundle.js): the URL of the worker's own bundled entry. */
declare const __DEPROV_BUNDLED_WORKER__: string | undefined;

const BOOTSTRAP = new URL("./worker-bootstrap.mjs", import.meta.url);
const ENTRY =
  typeof __DEPROV_BUNDLED_WORKER__ === "string"
    ? __DEPROV_BUNDLED_WORKER__
    : new URL("./handler-worker.ts", import.meta.url).href;

export interface WorkerInvocationResult {
  result: unknown;
  /** What the handler put in its `memory`, by blob key (empty when it ran in-process). */
  memory: [string, unknown][];
}

export interface WorkerPoolEvents {
  /** A worker's log line. */
  log?(message: string): void;
  /** DynamoDB items a worker invocation wrote, whether it succeeded or failed. */
  itemsWritten?(items: number): void;
}

interface Pending {
  request: WorkerRequest;
  weight: number;
  inProcess?: () => Promise<unknown>;
  /** Runs on this thread only if no worker can start. */
  fallback?: () => Promise<unknown>;
  resolve(value: WorkerInvocationResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  tag: number;
  ready: boolean;
}

export class HandlerWorkerPool {
  private readonly board = new ClaimBoard();
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  /** Offers the main thread may take. */
  private readonly mainThreadOffers = new OfferList<Pending>();
  /** Offered since the last dispatch: sent to the workers together. */
  private fresh: Pending[] = [];
  private nextId = 1;
  private nextTag = MAIN_THREAD + 1;
  private closed = false;
  private mainThreadBusy = false;
  private dispatchScheduled = false;
  /** Set when a worker could not even start: every invocation fails with it. */
  private broken: Error | undefined;

  constructor(
    size: number,
    private readonly data: Omit<HandlerWorkerData, "entry" | "claims" | "tag">,
    private readonly events: WorkerPoolEvents = {},
    /** The worker's module (tests serve a stand-in). */
    private readonly entry: string = ENTRY,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`worker pool: size must be ≥ 1 (got ${size})`);
    // Started at once: loading the handlers' modules overlaps with the scan's first steps.
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /**
   * Runs the placeholder's handler in a worker, or `inProcess` on this thread if that comes first.
   * Heavier invocations (e.g. larger exports) are taken first, so the biggest one does not come
   * last and leave one thread working alone. `fallback` runs on this thread only when no worker
   * can start.
   */
  invoke(
    placeholder: string,
    event: unknown,
    options: {
      inProcess?: () => Promise<unknown>;
      fallback?: () => Promise<unknown>;
      weight?: number;
      /** Decoded blobs the event refers to, handed to the worker that takes it (see WorkerRequest). */
      memory?: [string, unknown][];
    } = {},
  ): Promise<WorkerInvocationResult> {
    if (this.closed) return Promise.reject(new Error("worker pool: closed"));
    const inProcess = options.inProcess ?? (this.broken ? options.fallback : undefined);
    if (this.broken && !inProcess) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const pending: Pending = {
        request: { id, placeholder, event, ...(options.memory?.length ? { memory: options.memory } : {}) },
        weight: options.weight ?? 0,
        resolve,
        reject,
        ...(inProcess ? { inProcess } : {}),
        ...(options.fallback ? { fallback: options.fallback } : {}),
      };
      this.board.open(id);
      this.pending.set(id, pending);
      this.fresh.push(pending);
      if (pending.inProcess) this.mainThreadOffers.add({ id, weight: pending.weight, item: pending });
      this.updateRefs();
      this.scheduleDispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.pending.values()) pending.reject(new Error("worker pool: closed"));
    this.pending.clear();
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const tag = this.nextTag++;
    const worker = new Worker(BOOTSTRAP, {
      workerData: {
        ...this.data,
        entry: this.entry,
        claims: this.board.buffer,
        tag,
      } satisfies HandlerWorkerData,
    });
    const slot: Slot = { worker, tag, ready: false };
    worker.on("message", (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on("error", (error) => this.onExit(slot, error));
    worker.on("exit", (code) => this.onExit(slot, new Error(`worker thread exited with code ${code}`)));
    if (this.pending.size === 0) worker.unref();
    return slot;
  }

  /**
   * Dispatches once the current burst of invocations is queued (a Map state starts its iterations
   * together): choosing among all of them is what lets the heaviest go first.
   */
  private scheduleDispatch(): void {
    if (this.dispatchScheduled) return;
    this.dispatchScheduled = true;
    setImmediate(() => {
      this.dispatchScheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    if (this.closed) return;
    const fresh = this.fresh.splice(0);
    // This thread claims first (synchronously), the workers from what is left.
    this.runNextInProcess();
    if (fresh.length > 0) for (const slot of this.slots) this.offer(slot, fresh);
  }

  private offer(slot: Slot, pendings: readonly Pending[]): void {
    const offers = pendings.map((pending) => {
      const { memory, ...request } = pending.request;
      return {
        id: request.id,
        weight: pending.weight,
        item: memory === undefined ? request : { ...request, hasMemory: true as const },
      };
    });
    slot.worker.postMessage({ type: "offers", offers } satisfies WorkerOffers);
  }

  private runNextInProcess(): void {
    if (this.mainThreadBusy) return;
    const offer = this.mainThreadOffers.take(this.board, MAIN_THREAD);
    if (!offer) return;
    const pending = offer.item;
    this.mainThreadBusy = true;
    (pending.inProcess as () => Promise<unknown>)()
      .then(
        (result) => this.settle(pending.request.id, (p) => p.resolve({ result, memory: [] })),
        (error: unknown) =>
          this.settle(pending.request.id, (p) =>
            p.reject(error instanceof Error ? error : new Error(String(error))),
          ),
      )
      .finally(() => {
        this.mainThreadBusy = false;
        this.runNextInProcess();
      });
  }

  private settle(id: number, outcome: (pending: Pending) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    this.mainThreadOffers.remove(id);
    outcome(pending);
    this.updateRefs();
  }

  /** Workers keep the process alive only while there is work they may hold. */
  private updateRefs(): void {
    for (const slot of this.slots) {
      if (this.pending.size > 0) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if (reply.type === "log") {
      this.events.log?.(reply.message);
      return;
    }
    if (reply.type === "ready") {
      slot.ready = true;
      return;
    }
    if (reply.type === "memory-wanted") {
      const memory = this.pending.get(reply.id)?.request.memory ?? [];
      slot.worker.postMessage({ type: "memory", id: reply.id, memory } satisfies WorkerMemory);
      return;
    }
    this.events.itemsWritten?.(reply.itemsWritten);
    if (reply.type === "result") {
      this.settle(reply.id, (pending) => pending.resolve({ result: reply.result, memory: reply.memory }));
    } else {
      const error = new Error(reply.error.message);
      error.name = reply.error.name;
      if (reply.error.stack !== undefined) error.stack = reply.error.stack;
      this.settle(reply.id, (pending) => pending.reject(error));
    }
  }

  private onExit(slot: Slot, cause: Error): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    if (this.closed) return;
    const held = [...this.pending.values()].filter((p) => this.board.holder(p.request.id) === slot.tag);
    if (!slot.ready) {
      // It died loading its modules: another would too. Instead of respawning, leave to this
      // thread what it may run, and fail the rest with the reason.
      const broken = new Error(`worker thread failed to start: ${cause.message}`);
      this.broken = broken;
      this.events.log?.(`${broken.message}; this thread runs the work alone`);
      const unclaimed = [...this.pending.values()].filter(
        (p) => this.board.holder(p.request.id) === 0 && p.inProcess === undefined,
      );
      for (const pending of unclaimed) {
        if (!pending.fallback) continue;
        pending.inProcess = pending.fallback;
        this.mainThreadOffers.add({ id: pending.request.id, weight: pending.weight, item: pending });
      }
      const failed = [...held, ...unclaimed.filter((p) => p.inProcess === undefined)];
      for (const pending of failed) this.settle(pending.request.id, (p) => p.reject(broken));
      this.runNextInProcess();
      return;
    }
    for (const pending of held) {
      const error = new Error(`the worker running ${pending.request.placeholder} died: ${cause.message}`);
      error.name = "Lambda.Unknown";
      this.settle(pending.request.id, (p) => p.reject(error));
    }
    const replacement = this.spawn();
    this.slots.push(replacement);
    const unclaimed = [...this.pending.values()].filter((p) => this.board.holder(p.request.id) === 0);
    if (unclaimed.length > 0) this.offer(replacement, unclaimed);
    this.updateRefs();
  }
}

/**
 * The catalogue rows the workers serve (functions/handlers/catalogue.ts, `localPlacement`): those
 * that mail only when the workers mail as the caller does.
 */
export function workerPlaced<S extends { readonly localPlacement?: LocalPlacement }>(
  specs: readonly S[],
  workersMail: unknown,
): (S & { readonly localPlacement: LocalPlacement })[] {
  return specs.filter(
    (spec): spec is S & { readonly localPlacement: LocalPlacement } =>
      spec.localPlacement !== undefined && (!spec.localPlacement.onlyWhenWorkersMail || Boolean(workersMail)),
  );
}
