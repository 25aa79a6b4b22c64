/**
 * How every task sink talks HTTP: requests relative to the sink's base URL with JSON bodies, sent
 * through the shared client (functions/ports/http: a timeout on each attempt, retries on 429 —
 * honouring `Retry-After` — and on 5xx, a byte cap on answers, no redirect to another host), and
 * errors that name the sink, method, path and status, never a credential or a request body.
 */
import type { z } from "zod";
import type { Instant } from "../../core/model.ts";
import { parseJsonBody } from "../http/api-error.ts";
import { HttpClient, type HttpRequest, HttpRequestError } from "../http/http-client.ts";
import { redactUrl } from "../http/redact-url.ts";
import type { PlannedRequest } from "./task-sink.ts";
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH";

export interface SinkRequest {
  method: HttpMethod;
  /** Resolved against the client's base URL; "" is the base URL itself. */
  path: string;
  query?: Record<string, string>;
  /** The JSON body, serialized by the client... */
  json?: unknown;
  /** ...or the exact bytes to send, when the caller needs them (to sign them). */
  body?: string;
  headers?: Record<string, string>;
  /**
   * Safe to resend after an answer was lost or failed midway. Defaults to true for GET, PUT and
   * PATCH; a POST that only reads (a search) or that its receiver deduplicates says so here.
   */
  idempotent?: boolean;
}

export interface SinkResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body; undefined when empty or not JSON. */
  json: unknown;
}

export interface SinkHttpClientOptions {
  /** Named in every error: `jira`, `servicenow`, `webhook`. */
  sink: string;
  baseUrl: string;
  /** The Authorization header's value, asked for on each request (cache it in the callee). */
  authorization?: () => Promise<string>;
  timeoutMs?: number;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  /** The first backoff after a 5xx; doubled on each further attempt. */
  initialBackoffMs?: number;
  /**
   * Longest single wait: a Lambda must not sleep out its timeout. Backoff is capped at it; a
   * `Retry-After` asking for longer fails the request at once (the chunk's retry comes later).
   */
  maxWaitMs?: number;
  /** Cap on an answer's body. */
  maxResponseBytes?: number;
  /** Injectable so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for `Retry-After` HTTP-dates. */
  now?: () => Instant;
  /** In [0, 1): the backoff's jitter. */
  random?: () => number;
  fetch?: typeof fetch;
  /** Plain http to loopback (tests); defaults to the environment's `DEPROV_ALLOW_HTTP_LOOPBACK`. */
  allowHttpLoopback?: boolean;
  /** Whether errors show the URL path; off for webhooks, whose URL may itself be a secret. */
  showPath?: boolean;
}

export class SinkHttpError extends Error {
  constructor(
    message: string,
    readonly sink: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = "SinkHttpError";
  }
}

const USER_AGENT = "deprov (remediation tasks)";

export class SinkHttpClient {
  private readonly http: HttpClient;

  constructor(private readonly options: SinkHttpClientOptions) {
    const { sink, baseUrl: _baseUrl, authorization: _authorization, showPath: _showPath, ...http } = options;
    this.http = new HttpClient({ ...http, name: sink });
  }

  /** The absolute URL of a request, for sending and for dry-run records. */
  urlOf(request: Pick<SinkRequest, "path" | "query">): string {
    const url =
      request.path === "" ? new URL(this.options.baseUrl) : new URL(request.path, this.options.baseUrl);
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
    return url.toString();
  }

  /** What a dry run records for `request`: nothing is sent. The record never holds a query token. */
  plan(request: SinkRequest): PlannedRequest {
    const body = request.json ?? (request.body === undefined ? undefined : JSON.parse(request.body));
    return {
      method: request.method,
      url: redactUrl(this.urlOf(request)),
      ...(body === undefined ? {} : { body }),
    };
  }

  /** Sends `request` and checks the JSON answer against `schema`. */
  async requestJson<T>(request: SinkRequest, schema: z.ZodType<T>): Promise<T> {
    const response = await this.request(request);
    const parsed = schema.safeParse(response.json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = issue === undefined || issue.path.length === 0 ? "body" : issue.path.map(String).join(".");
    throw new SinkHttpError(
      `${this.options.sink}: ${request.method} ${this.where(request)} answered HTTP ${response.status} ` +
        `with an unexpected body: ${field}: ${issue?.message ?? "invalid"}`,
      this.options.sink,
      response.status,
    );
  }

  async request(request: SinkRequest): Promise<SinkResponse> {
    const body = request.body ?? (request.json === undefined ? undefined : JSON.stringify(request.json));
    const headers: Record<string, string> = { "user-agent": USER_AGENT, ...request.headers };
    if (this.options.authorization !== undefined) headers.authorization = await this.options.authorization();
    const sent: HttpRequest = {
      method: request.method,
      url: this.urlOf(request),
      headers,
      label: this.where(request),
      ...(body === undefined ? {} : { body }),
      ...(request.idempotent === undefined ? {} : { idempotent: request.idempotent }),
    };
    try {
      const answer = await this.http.send(sent);
      return {
        status: answer.status,
        headers: answer.headers,
        json: parseJsonBody(answer.body.toString("utf8")),
      };
    } catch (error) {
      if (error instanceof HttpRequestError)
        throw new SinkHttpError(error.message, this.options.sink, error.status);
      throw error;
    }
  }

  private where(request: SinkRequest): string {
    return this.options.showPath === false ? new URL(this.options.baseUrl).host : request.path;
  }
}

/** `Basic` credentials (RFC 7617), as Jira Cloud and ServiceNow take them. */
export function basicAuthorization(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`, "utf8").toString("base64")}`;
}
