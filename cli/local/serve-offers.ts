/**
 * The worker side of the claim board: keep the offers the pool sends, and whenever idle claim the
 * heaviest free one and serve it — one invocation at a time, like a Lambda. A claimed request whose
 * caller holds blobs for it is served once they have come (see `OfferedRequest`).
 */
import type { MessagePort } from "node:worker_threads";
import { ClaimBoard, OfferList } from "./claim-board.ts";
import type { OfferedRequest, WorkerInbound, WorkerReply, WorkerRequest } from "./worker-messages.ts";

export function serveOffers(
  port: MessagePort,
  data: { claims: SharedArrayBuffer; tag: number },
  serve: (request: WorkerRequest) => Promise<void>,
): void {
  const board = new ClaimBoard(data.claims);
  const offers = new OfferList<OfferedRequest>();
  /** The claimed request waiting for its blobs. */
  let awaitingMemory: WorkerRequest | undefined;
  let busy = false;
  const run = (request: WorkerRequest) => {
    serve(request).finally(() => {
      busy = false;
      pump();
    });
  };
  const pump = () => {
    if (busy) return;
    const offer = offers.take(board, data.tag);
    if (!offer) return;
    busy = true;
    const { hasMemory, ...request } = offer.item;
    if (!hasMemory) return run(request);
    awaitingMemory = request;
    port.postMessage({ type: "memory-wanted", id: request.id } satisfies WorkerReply);
  };
  port.on("message", (message: WorkerInbound) => {
    if (message.type === "memory") {
      if (awaitingMemory?.id !== message.id) return;
      const request = awaitingMemory;
      awaitingMemory = undefined;
      return run({ ...request, memory: message.memory });
    }
    if (message.type !== "offers") return;
    for (const offer of message.offers) offers.add(offer);
    pump();
  });
}
