/**
 * The one HTTP client every task sink talks through (Node's `fetch`): a timeout on each attempt,
 * retries on 429 (honouring `Retry-After`) and on 5xx (exponential backoff), and errors that name
 * the sink, method, path and status, never a credential or a request body.
 */
import type { z } from "zod";
import type { Instant } from "../../core/model.ts";
import { retryAfterMs } from "./retry-after.ts";
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
  /** Cap on any single wait, backoff or `Retry-After`: a Lambda must not sleep out its timeout. */
  maxWaitMs?: number;
  /** Injectable so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for `Retry-After` HTTP-dates. */
  now?: () => Instant;
  fetch?: typeof fetch;
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

/** Resending these has the same effect as sending once. */
const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(["GET", "PUT", "PATCH"]);
const USER_AGENT = "deprov (remediation tasks)";

export class SinkHttpClient {
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly initialBackoffMs: number;
  private readonly maxWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => Instant;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SinkHttpClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** The absolute URL of a request, for sending and for dry-run records. */
  urlOf(request: Pick<SinkRequest, "path" | "query">): string {
    const url =
      request.path === "" ? new URL(this.options.baseUrl) : new URL(request.path, this.options.baseUrl);
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
    return url.toString();
  }

  /** What a dry run records for `request`: nothing is sent. */
  plan(request: SinkRequest): PlannedRequest {
    const body = request.json ?? (request.body === undefined ? undefined : JSON.parse(request.body));
    return { method: request.method, url: this.urlOf(request), ...(body === undefined ? {} : { body }) };
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
    const url = this.urlOf(request);
    const body = request.body ?? (request.json === undefined ? undefined : JSON.stringify(request.json));
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": USER_AGENT,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...request.headers,
    };
    if (this.options.authorization !== undefined) headers.authorization = await this.options.authorization();
    const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(request.method);
    for (let attempt = 1; ; attempt++) {
      let response: SinkResponse;
      try {
        // Never follow a redirect: it could carry the Authorization header to another host.
        const answer = await this.fetch(url, {
          method: request.method,
          headers,
          body,
          redirect: "error",
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        response = { status: answer.status, headers: answer.headers, json: parseJson(await answer.text()) };
      } catch (error) {
        // A create that got no answer may have been carried out: resending it could open a duplicate.
        if (!idempotent || attempt >= this.maxAttempts) {
          throw this.failure(request, attempt, undefined, this.networkProblem(error));
        }
        await this.sleep(this.backoffMs(attempt));
        continue;
      }
      const { status } = response;
      if (status >= 200 && status < 300) return response;
      const wait = this.retryWaitMs(response, attempt, idempotent);
      if (wait === undefined || attempt >= this.maxAttempts) {
        throw this.failure(request, attempt, status, `HTTP ${status}${apiErrorSuffix(response.json)}`);
      }
      await this.sleep(wait);
    }
  }

  /**
   * 429 and 503 say the request was not carried out, so anything may be resent. Other 5xx (a
   * gateway timing out) may come after the work was done: only an idempotent request is resent.
   */
  private retryWaitMs(response: SinkResponse, attempt: number, idempotent: boolean): number | undefined {
    const { status } = response;
    const notCarriedOut = status === 429 || status === 503;
    const retryable = notCarriedOut || (idempotent && status >= 500 && status !== 501);
    if (!retryable) return undefined;
    const asked = retryAfterMs(response.headers.get("retry-after"), this.now());
    return Math.min(this.maxWaitMs, asked ?? this.backoffMs(attempt));
  }

  private backoffMs(attempt: number): number {
    return Math.min(this.maxWaitMs, this.initialBackoffMs * 2 ** (attempt - 1));
  }

  private networkProblem(error: unknown): string {
    if (error instanceof Error && error.name === "TimeoutError")
      return `no answer within ${this.timeoutMs} ms`;
    const cause = error instanceof Error ? error.cause : undefined;
    const code = cause instanceof Error && "code" in cause ? String(cause.code) : undefined;
    const reason =
      cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
    return `no answer (${code ?? reason})`;
  }

  private where(request: SinkRequest): string {
    return this.options.showPath === false ? new URL(this.options.baseUrl).host : request.path;
  }

  private failure(
    request: SinkRequest,
    attempts: number,
    status: number | undefined,
    problem: string,
  ): Error {
    const where = this.where(request);
    const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
    return new SinkHttpError(
      `${this.options.sink}: ${request.method} ${where} failed: ${problem} (after ${tries})`,
      this.options.sink,
      status,
    );
  }
}

/** `Basic` credentials (RFC 7617), as Jira Cloud and ServiceNow take them. */
export function basicAuthorization(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`, "utf8").toString("base64")}`;
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const MAX_API_ERROR_CHARS = 300;

/**
 * The API's own explanation, when it gives one in a known shape: Jira's `errorMessages`/`errors`,
 * ServiceNow's `error.message`/`error.detail`, or a plain `message`.
 */
function apiErrorSuffix(body: unknown): string {
  if (typeof body !== "object" || body === null) return "";
  const parts: string[] = [];
  const record = body as Record<string, unknown>;
  if (Array.isArray(record.errorMessages)) parts.push(...record.errorMessages.filter(isText));
  if (typeof record.errors === "object" && record.errors !== null) {
    for (const [field, message] of Object.entries(record.errors))
      if (isText(message)) parts.push(`${field}: ${message}`);
  }
  if (typeof record.error === "object" && record.error !== null) {
    const { message, detail } = record.error as Record<string, unknown>;
    if (isText(message)) parts.push(message);
    if (isText(detail)) parts.push(detail);
  }
  if (isText(record.message)) parts.push(record.message);
  const text = parts.join("; ");
  if (text === "") return "";
  return `: ${text.length > MAX_API_ERROR_CHARS ? `${text.slice(0, MAX_API_ERROR_CHARS - 1)}…` : text}`;
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}
