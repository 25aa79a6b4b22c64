/** A `node:http` server on 127.0.0.1:0 that records every request and answers through a handler. */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body as received. */
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  /** A body sent byte for byte (a file in any encoding). */
  bytes?: Buffer;
  /** Sends the headers and this start of the body, then drops the connection (a body that breaks off). */
  truncated?: string;
}

export type Handler = (request: ReceivedRequest) => Reply | Promise<Reply>;

export interface LoopbackServer {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const body = Buffer.concat(chunks).toString("utf8");
      const received: ReceivedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json: parseJson(body),
      };
      requests.push(received);
      try {
        const reply = await handler(received);
        if (reply.truncated !== undefined) {
          res.writeHead(reply.status, {
            "content-type": "application/json",
            "content-length": String(Buffer.byteLength(reply.truncated) * 4 + 100),
            ...reply.headers,
          });
          res.write(reply.truncated);
          setImmediate(() => res.socket?.destroy());
          return;
        }
        const payload =
          reply.bytes ?? (reply.json === undefined ? (reply.text ?? "") : JSON.stringify(reply.json));
        res.writeHead(reply.status, {
          ...(reply.json === undefined ? {} : { "content-type": "application/json;charset=UTF-8" }),
          ...reply.headers,
        });
        res.end(payload);
      } catch (error) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(error instanceof Error ? error.message : String(error));
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

function parseJson(body: string): unknown {
  if (body === "") return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
