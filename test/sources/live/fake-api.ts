/**
 * A loopback HTTP server standing in for a system's API in live-reader tests: routes answer as the
 * system documents, and faults replace chosen answers (a 429 with the system's retry header, a 5xx,
 * a malformed page, a body that breaks off midway).
 */
import {
  type LoopbackServer,
  type ReceivedRequest,
  type Reply,
  startLoopbackServer,
} from "../../ports/tasks/loopback-server.ts";

export type ApiRequest = ReceivedRequest;
export type ApiAnswer = Reply;
export type Route = (request: ApiRequest) => ApiAnswer | Promise<ApiAnswer>;
export type FakeApi = LoopbackServer;

/** Replaces the answer to the n-th request (1-based, counting every request that `matches`), once. */
export interface Fault {
  nth: number;
  matches?: (request: ApiRequest) => boolean;
  /** The answer, or how to make it from the request (an error that echoes what it was sent). */
  answer: ApiAnswer | ((request: ApiRequest) => ApiAnswer);
}

export async function startFakeApi(route: Route, faults: readonly Fault[] = []): Promise<FakeApi> {
  const pending = faults.map((fault) => ({ ...fault, seen: 0, used: false }));
  return startLoopbackServer((request) => {
    let answer: ApiAnswer | undefined;
    for (const fault of pending) {
      if (!(fault.matches?.(request) ?? true)) continue;
      fault.seen++;
      if (answer === undefined && !fault.used && fault.seen === fault.nth) {
        fault.used = true;
        answer = typeof fault.answer === "function" ? fault.answer(request) : fault.answer;
      }
    }
    return answer ?? route(request);
  });
}

/** The bearer token of a request, if any. */
export function bearerOf(request: ApiRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === "string" && header.startsWith("Bearer ") ? header.slice(7) : undefined;
}

/** A page of `items` from `start` (0-based), at most `size` long. */
export function pageOf<T>(items: readonly T[], start: number, size: number): T[] {
  return items.slice(Math.max(0, start), Math.max(0, start) + Math.max(0, size));
}
