/**
 * Time as the scan's steps see it: reading the clock and waiting. Real time in production; tests
 * inject a virtual clock whose `sleep` moves time forward at once, so a step that paces its sends
 * (SES's send rate, a ticket system's rate limit) can be run for hours of simulated time in
 * milliseconds, and its simulated duration checked against the Lambda timeout.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** A clock that only moves when slept on (tests, simulations). */
export class VirtualClock implements Clock {
  constructor(private current = 0) {}

  now(): number {
    return this.current;
  }

  async sleep(ms: number): Promise<void> {
    if (ms > 0) this.current += ms;
  }

  /** Moves time forward without anyone sleeping (work that takes time, e.g. a simulated request). */
  advance(ms: number): void {
    if (ms > 0) this.current += ms;
  }
}
