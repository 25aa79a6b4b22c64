/**
 * Invocations offered to several threads at once, each taken by exactly one of them: a slot per
 * invocation in shared memory, claimed with an atomic compare-and-swap. The main thread and the
 * workers pull the heaviest unclaimed invocation whenever they are free, without waiting for one
 * another's messages — a worker that has just finished does not wait for a busy main thread to
 * hand it the next export, and the main thread, when free, takes work no worker has started.
 */

/** Slots reused round-robin: far more than the invocations a scan has waiting at once. */
const SLOTS = 4096;
const FREE = 0;
/** The main thread's claim tag; workers have 2, 3, … */
export const MAIN_THREAD = 1;

export class ClaimBoard {
  readonly claims: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT)) {
    this.claims = new Int32Array(buffer);
  }

  get buffer(): SharedArrayBuffer {
    return this.claims.buffer as SharedArrayBuffer;
  }

  /** Marks an invocation as offered (before any thread can see it). */
  open(id: number): void {
    Atomics.store(this.claims, id % SLOTS, FREE);
  }

  /** True for exactly one caller per invocation. */
  claim(id: number, tag: number): boolean {
    return Atomics.compareExchange(this.claims, id % SLOTS, FREE, tag) === FREE;
  }

  holder(id: number): number {
    return Atomics.load(this.claims, id % SLOTS);
  }
}

export interface Offer<T> {
  id: number;
  weight: number;
  item: T;
}

/** Offers not yet taken, heaviest first (equal weights in the order offered). */
export class OfferList<T> {
  private offers: Offer<T>[] = [];

  add(offer: Offer<T>): void {
    this.offers.push(offer);
    this.offers.sort((a, b) => b.weight - a.weight);
  }

  /** Claims the heaviest offer still free (dropping those others took), or returns undefined. */
  take(
    board: ClaimBoard,
    tag: number,
    accept: (offer: Offer<T>) => boolean = () => true,
  ): Offer<T> | undefined {
    this.offers = this.offers.filter((offer) => board.holder(offer.id) === 0);
    const index = this.offers.findIndex((offer) => accept(offer) && board.claim(offer.id, tag));
    if (index === -1) return undefined;
    return this.offers.splice(index, 1)[0];
  }

  remove(id: number): void {
    this.offers = this.offers.filter((offer) => offer.id !== id);
  }

  get size(): number {
    return this.offers.length;
  }
}
