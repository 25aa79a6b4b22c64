/**
 * The worker side of the claim board: keep the offers the pool sends, and whenever idle claim the
 * heaviest free one and serve it — one invocation at a time, like a Lambda.
 */
import type { MessagePort } from "node:worker_threads";
import { ClaimBoard, OfferList } from "./claim-board.ts";
import type { WorkerOffers, WorkerRequest } from "./worker-messages.ts";

export function serveOffers(
  port: MessagePort,
  data: { claims: SharedArrayBuffer; tag: number },
  serve: (request: WorkerRequest) => Promise<void>,
): void {
  const board = new ClaimBoard(data.claims);
  const offers = new OfferList<WorkerRequest>();
  let busy = false;
  const pump = () => {
    if (busy) return;
    const offer = offers.take(board, data.tag);
    if (!offer) return;
    busy = true;
    serve(offer.item).finally(() => {
      busy = false;
      pump();
    });
  };
  port.on("message", (message: WorkerOffers) => {
    if (message.type !== "offers") return;
    for (const offer of message.offers) offers.add(offer);
    pump();
  });
}
