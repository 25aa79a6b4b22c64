/**
 * Worker threads that serve some Lambda placeholders for the local runtime, so that work runs on
 * the machine's other cores as concurrent Lambdas would in AWS (sources collected side by side in
 * the Map; RemediationTasks beside ReportAndEmail).
 *
 * An invocation may also name an in-process handler: the main thread then takes it when every
 * worker is busy and it has nothing else running — on a 2-core machine one worker plus the main
 * thread parse sources side by side, and only the worker's results pay for the copy between
 * threads. A worker gets its next invocation before it finishes the current one, so it never
 * waits for the main thread to take a result. A worker that dies fails its invocations as a
 * crashed Lambda does (`Lambda.Unknown`, which the state machine retries) and is replaced.
 */
import { Worker } from "node:worker_threads";
import type { HandlerWorkerData, WorkerReply, WorkerRequest } from "./worker-messages.ts";

const BOOTSTRAP = new URL("./worker-bootstrap.mjs", import.meta.url);
const ENTRY = new URL("./handler-worker.ts", import.meta.url).href;
/** Invocations sent to one worker at once: the one it runs and the next. */
const WORKER_DEPTH = 2;

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
  inProcess?: () => Promise<unknown>;
  weight: number;
  resolve(value: WorkerInvocationResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  sent: Pending[];
}

export class HandlerWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private mainThreadBusy = false;
  private dispatchScheduled = false;
  /** Set when a worker could not even start: every invocation fails with it. */
  private broken: Error | undefined;

  constructor(
    size: number,
    private readonly data: Omit<HandlerWorkerData, "entry">,
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
   * Heavier invocations (e.g. larger exports) start first, so the biggest one does not come last
   * and leave one thread working alone.
   */
  invoke(
    placeholder: string,
    event: unknown,
    options: { inProcess?: () => Promise<unknown>; weight?: number } = {},
  ): Promise<WorkerInvocationResult> {
    if (this.closed) return Promise.reject(new Error("worker pool: closed"));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      const request = { id: this.nextId++, placeholder, event };
      const weight = options.weight ?? 0;
      this.queue.push({
        request,
        resolve,
        reject,
        weight,
        ...(options.inProcess ? { inProcess: options.inProcess } : {}),
      });
      // Stable: equal weights keep their arrival order.
      this.queue.sort((a, b) => b.weight - a.weight);
      this.scheduleDispatch();
    });
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

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error("worker pool: closed"));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(BOOTSTRAP, {
      workerData: { ...this.data, entry: this.entry } satisfies HandlerWorkerData,
    });
    const slot: Slot = { worker, ready: false, sent: [] };
    worker.on("message", (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on("error", (error) => this.onExit(slot, error));
    worker.on("exit", (code) => this.onExit(slot, new Error(`worker thread exited with code ${code}`)));
    // A worker waiting for work must not keep the process alive.
    worker.unref();
    return slot;
  }

  /** Idle workers first, then this thread (for invocations that allow it), then a worker's next. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      const idle = this.slots.find((slot) => slot.sent.length === 0);
      if (idle) {
        this.send(idle, this.queue.shift() as Pending);
        continue;
      }
      const local = this.mainThreadBusy ? -1 : this.queue.findIndex((pending) => pending.inProcess);
      if (local !== -1) {
        this.runInProcess(this.queue.splice(local, 1)[0] as Pending);
        continue;
      }
      const lookAhead = this.slots.find((slot) => slot.sent.length < WORKER_DEPTH);
      if (!lookAhead) return;
      this.send(lookAhead, this.queue.shift() as Pending);
    }
  }

  private send(slot: Slot, pending: Pending): void {
    slot.sent.push(pending);
    slot.worker.ref();
    slot.worker.postMessage(pending.request);
  }

  private runInProcess(pending: Pending): void {
    this.mainThreadBusy = true;
    (pending.inProcess as () => Promise<unknown>)()
      .then(
        (result) => pending.resolve({ result, memory: [] }),
        (error: unknown) => pending.reject(error instanceof Error ? error : new Error(String(error))),
      )
      .finally(() => {
        this.mainThreadBusy = false;
        this.dispatch();
      });
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
    const index = slot.sent.findIndex((pending) => pending.request.id === reply.id);
    if (index === -1) return;
    const [pending] = slot.sent.splice(index, 1) as [Pending];
    if (slot.sent.length === 0) slot.worker.unref();
    this.events.itemsWritten?.(reply.itemsWritten);
    if (reply.type === "result") {
      pending.resolve({ result: reply.result, memory: reply.memory });
    } else {
      const error = new Error(reply.error.message);
      error.name = reply.error.name;
      if (reply.error.stack !== undefined) error.stack = reply.error.stack;
      pending.reject(error);
    }
    this.dispatch();
  }

  private onExit(slot: Slot, cause: Error): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    if (this.closed) {
      for (const pending of slot.sent.splice(0)) pending.reject(new Error("worker pool: closed"));
      return;
    }
    if (!slot.ready) {
      // It died loading its modules: another would too. Fail what waits instead of respawning.
      this.broken = new Error(`worker thread failed to start: ${cause.message}`);
      for (const pending of [...slot.sent.splice(0), ...this.queue.splice(0)]) pending.reject(this.broken);
      return;
    }
    for (const pending of slot.sent.splice(0)) {
      const error = new Error(`the worker running ${pending.request.placeholder} died: ${cause.message}`);
      error.name = "Lambda.Unknown";
      pending.reject(error);
    }
    this.slots.push(this.spawn());
    this.dispatch();
  }
}

/**
 * The placeholders whose handlers the workers serve (see handler-worker.ts), and whether the main
 * thread may take one too. RemediationTasks stays off it: it runs beside the report, which needs
 * the main thread.
 */
export const WORKER_PLACEHOLDERS: Readonly<Record<string, { mainThreadToo: boolean }>> = {
  CollectSourceFunctionArn: { mainThreadToo: true },
  SyncRemediationTasksFunctionArn: { mainThreadToo: false },
};
