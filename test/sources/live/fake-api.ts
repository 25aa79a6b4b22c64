/**
 * A loopback HTTP server standing in for a system's API in live-reader tests: routes answer as the
 * system documents, and faults replace chosen answers (a 429 with the system's retry header, a 5xx,
 * a malformed page, a body that breaks off midway).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type ApiAnswer =
  | { status: number; headers?: Record<string, string>; json?: unknown; text?: string }
  /** Sends the headers and the start of the body, then drops the connection. */
  | { status: number; headers?: Record<string, string>; truncated: string };

export type Route = (request: ApiRequest) => ApiAnswer;

/** Replaces the answer to the n-th request (1-based, counting every request that `matches`), once. */
export interface Fault {
  nth: number;
  matches?: (request: ApiRequest) => boolean;
  answer: ApiAnswer;
}

export interface FakeApi {
  url: string;
  requests: ApiRequest[];
  close(): Promise<void>;
}

export async function startFakeApi(route: Route, faults: readonly Fault[] = []): Promise<FakeApi> {
  const requests: ApiRequest[] = [];
  const pending = faults.map((fault) => ({ ...fault, seen: 0, used: false }));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const request: ApiRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(request);
      let answer: ApiAnswer | undefined;
      for (const fault of pending) {
        if (!(fault.matches?.(request) ?? true)) continue;
        fault.seen++;
        if (answer === undefined && !fault.used && fault.seen === fault.nth) {
          fault.used = true;
          answer = fault.answer;
        }
      }
      try {
        write(res, answer ?? route(request));
      } catch (error) {
        write(res, { status: 500, text: error instanceof Error ? error.message : String(error) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function write(res: ServerResponse, answer: ApiAnswer): void {
  if ("truncated" in answer) {
    res.writeHead(answer.status, {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(answer.truncated) * 4 + 100),
      ...answer.headers,
    });
    res.write(answer.truncated);
    setImmediate(() => res.socket?.destroy());
    return;
  }
  const body = answer.json === undefined ? (answer.text ?? "") : JSON.stringify(answer.json);
  res.writeHead(answer.status, {
    ...(answer.json === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
    ...answer.headers,
  });
  res.end(body);
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
