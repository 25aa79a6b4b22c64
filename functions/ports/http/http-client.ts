/**
 * The one HTTP client of deprov (Node's `fetch`), shared by the live source readers and the task
 * sinks. Its discipline (SPEC §2): https only (plain http to loopback only when allowed); no
 * redirect to another origin (same-origin redirects are followed here, with a cap); a timeout on
 * every attempt; retries on 429 and 5xx with the server's requested wait (or jittered backoff),
 * capped; answers read as streams up to a byte cap; and errors that name the client, the method
 * and the URL (redacted) but never a header, a body sent, or a secret.
 */
import type { Instant } from "../../core/model.ts";
import { apiErrorSuffix, parseJsonBody } from "./api-error.ts";
import { ResponseTooLargeError, readCappedBody } from "./read-capped-body.ts";
import { redactUrl, scrubSecrets } from "./redact-url.ts";
import { jitteredBackoffMs, type RetryHeaderReader, retryAfterHeader } from "./retry-timing.ts";
import { checkRequestUrl, httpLoopbackAllowed, UrlRefusedError } from "./url-policy.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Safe to resend after an answer was lost or failed midway. Defaults to true for GET, PUT, PATCH
   * and DELETE; a POST that only reads, or that its receiver deduplicates, says so here.
   */
  idempotent?: boolean;
  /** How messages name the request's target; defaults to the redacted URL. */
  label?: string;
  /** Headers signed for each attempt (a sender-constrained token's proofs, e.g. DPoP). */
  signer?: RequestSigner;
}

/**
 * Signs a request anew for each attempt and each redirect hop — a proof of possession (DPoP,
 * RFC 9449) is single-use and bound to the method and URL — and answers the server's challenge
 * for a nonce.
 */
export interface RequestSigner {
  headersFor(method: HttpMethod, url: string): Promise<Record<string, string>>;
  /**
   * Reads every answer (a server's nonce); true when the answer refused the request only for what
   * it has just taught the signer, so the request is sent again at once.
   */
  challenged(answer: HttpResponse): boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** The URL that answered (after same-origin redirects). */
  url: string;
}

export interface HttpClientOptions {
  /** Named first in every error: `jira`, `source "okta"`. */
  name: string;
  timeoutMs?: number;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  /** The ceiling of the first backoff; doubled on each further attempt. */
  initialBackoffMs?: number;
  /** Cap on any single wait, asked for or backoff: a Lambda must not sleep out its timeout. */
  maxWaitMs?: number;
  /** Cap on one answer's body. */
  maxResponseBytes?: number;
  maxRedirects?: number;
  /** Plain http to loopback; defaults to `DEPROV_ALLOW_HTTP_LOOPBACK=1` in the environment. */
  allowHttpLoopback?: boolean;
  /** Reads the server's requested wait from a 429/5xx answer; default `Retry-After`. */
  retryWait?: RetryHeaderReader;
  /** Reads, from a successful answer, how long to wait before the next request (rate-limit pacing). */
  pacing?: RetryHeaderReader;
  /** An answer outside 429/5xx that still means "slow down" (Google's 403 rateLimitExceeded). */
  isThrottled?: (status: number, body: Buffer) => boolean;
  /** Secrets (tokens, keys) this client handles: scrubbed from any text it puts in an error. */
  secrets?: () => readonly string[];
  /** No request starts, and no wait runs, past this instant. */
  deadline?: Instant;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Instant;
  /** In [0, 1): the jitter. */
  random?: () => number;
  fetch?: typeof fetch;
}

export type HttpProblemKind =
  | "status"
  | "network"
  | "timeout"
  | "too-large"
  | "redirect"
  | "refused-url"
  | "deadline";

export class HttpRequestError extends Error {
  constructor(
    message: string,
    readonly client: string,
    readonly kind: HttpProblemKind,
    /** The last answer's status, when there was one. */
    readonly status: number | undefined,
    /** The last answer's body as JSON (capped), when it was JSON: for callers that branch on an API error code. */
    readonly body: unknown,
  ) {
    super(message);
    this.name = "HttpRequestError";
  }
}

/** Resending these has the same effect as sending once. */
const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(["GET", "PUT", "PATCH", "DELETE"]);
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** An error answer is read only this far: enough for the API's explanation. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const USER_AGENT = "deprov";

export const HTTP_DEFAULTS = {
  timeoutMs: 15_000,
  maxAttempts: 5,
  initialBackoffMs: 500,
  maxWaitMs: 30_000,
  maxResponseBytes: 16 * 1024 * 1024,
  maxRedirects: 5,
} as const;

/** Why an attempt got no usable answer: retried when the request may be resent. */
class AttemptFailed extends Error {
  constructor(
    readonly kind: "network" | "timeout",
    message: string,
  ) {
    super(message);
  }
}

export class HttpClient {
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly initialBackoffMs: number;
  private readonly maxWaitMs: number;
  private readonly maxResponseBytes: number;
  private readonly maxRedirects: number;
  private readonly allowHttpLoopback: boolean;
  private readonly retryWait: RetryHeaderReader;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => Instant;
  private readonly random: () => number;
  private readonly fetch: typeof fetch;
  /** Set by pacing: the next request waits until then. */
  private nextRequestAt: Instant | undefined;

  constructor(private readonly options: HttpClientOptions) {
    this.timeoutMs = options.timeoutMs ?? HTTP_DEFAULTS.timeoutMs;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? HTTP_DEFAULTS.maxAttempts);
    this.initialBackoffMs = options.initialBackoffMs ?? HTTP_DEFAULTS.initialBackoffMs;
    this.maxWaitMs = options.maxWaitMs ?? HTTP_DEFAULTS.maxWaitMs;
    this.maxResponseBytes = options.maxResponseBytes ?? HTTP_DEFAULTS.maxResponseBytes;
    this.maxRedirects = options.maxRedirects ?? HTTP_DEFAULTS.maxRedirects;
    this.allowHttpLoopback = options.allowHttpLoopback ?? httpLoopbackAllowed();
    this.retryWait = options.retryWait ?? retryAfterHeader;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Sends `request` until it succeeds (2xx) or may not be retried; throws `HttpRequestError`. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const label = request.label ?? redactUrl(request.url);
    const refused = this.refusal(request.url);
    if (refused !== undefined)
      throw this.error(request, label, 0, "refused-url", undefined, undefined, refused);
    const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(request.method);
    for (let attempt = 1; ; attempt++) {
      await this.waitForPacing(request, label, attempt);
      this.checkDeadline(request, label, attempt - 1);
      let answer: HttpResponse;
      try {
        answer = await this.attempt(request, label, attempt);
      } catch (error) {
        if (!(error instanceof AttemptFailed)) throw error;
        // A create that got no answer may have been carried out: resending it could open a duplicate.
        if (!idempotent || attempt >= this.maxAttempts)
          throw this.error(request, label, attempt, error.kind, undefined, undefined, error.message);
        await this.wait(this.backoffMs(attempt), request, label, attempt, "backoff");
        continue;
      }
      const { status } = answer;
      const challenged = request.signer?.challenged(answer) === true;
      if (status >= 200 && status < 300) {
        this.notePacing(answer.headers);
        return answer;
      }
      if (challenged && attempt < this.maxAttempts) continue;
      // Scrubbed before anything reads it: an error that echoes the request (a token endpoint's
      // "body was client_secret=…") would otherwise be cut to length with a secret half in it.
      const json = parseJsonBody(scrubSecrets(answer.body.toString("utf8"), this.options.secrets?.() ?? []));
      const retry = this.retryWaitMs(answer, attempt, idempotent);
      const problem = `HTTP ${status}${apiErrorSuffix(json)}`;
      // Sending sooner than the system asked only draws the same answer and spends the attempts;
      // a wait longer than this client may sleep fails now, saying what was asked.
      if (retry?.asked === true && retry.ms > this.maxWaitMs) {
        const asked = `${problem}; the system asked to wait ${Math.ceil(retry.ms / 1000)} s before trying again, longer than the ${Math.floor(this.maxWaitMs / 1000)} s this client waits at most`;
        throw this.error(request, label, attempt, "status", status, json, asked);
      }
      if (retry === undefined || attempt >= this.maxAttempts) {
        throw this.error(request, label, attempt, "status", status, json, problem);
      }
      await this.wait(
        retry.ms,
        request,
        label,
        attempt,
        retry.asked ? "wait the system asked for" : "backoff",
      );
    }
  }

  /** One attempt, following same-origin redirects; a 2xx body is read up to the cap. */
  private async attempt(request: HttpRequest, label: string, attempt: number): Promise<HttpResponse> {
    let url = request.url;
    let method = request.method;
    let body = request.body;
    for (let hop = 0; ; hop++) {
      const signal = AbortSignal.timeout(this.timeoutMs);
      let response: Response;
      try {
        response = await this.fetch(url, {
          method,
          headers: {
            accept: "application/json",
            "user-agent": USER_AGENT,
            ...(body === undefined ? {} : { "content-type": "application/json" }),
            ...request.headers,
            ...(request.signer === undefined ? {} : await request.signer.headersFor(method, url)),
          },
          body,
          // Followed below only within the same origin: a redirect must not carry the credential away.
          redirect: "manual",
          signal,
        });
      } catch (error) {
        throw this.attemptFailure(error);
      }
      if (REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel().catch(() => {});
        const target = this.redirectTarget(request, label, attempt, response, url, method, hop);
        if (response.status === 303) {
          method = "GET";
          body = undefined;
        }
        url = target;
        continue;
      }
      const ok = response.status >= 200 && response.status < 300;
      try {
        const bytes = await readCappedBody(response, ok ? this.maxResponseBytes : MAX_ERROR_BODY_BYTES);
        return { status: response.status, headers: response.headers, body: bytes, url };
      } catch (error) {
        if (error instanceof ResponseTooLargeError) {
          if (!ok) return { status: response.status, headers: response.headers, body: Buffer.alloc(0), url };
          throw this.error(request, label, attempt, "too-large", response.status, undefined, error.message);
        }
        // The connection broke or timed out midway: the answer is incomplete.
        throw this.attemptFailure(error, "the answer broke off before its end");
      }
    }
  }

  private redirectTarget(
    request: HttpRequest,
    label: string,
    attempt: number,
    response: Response,
    from: string,
    method: HttpMethod,
    hop: number,
  ): string {
    const location = response.headers.get("location");
    const refuse = (problem: string) =>
      this.error(request, label, attempt, "redirect", response.status, undefined, problem);
    if (location === null) throw refuse(`HTTP ${response.status} without a Location`);
    let target: URL;
    try {
      target = new URL(location, from);
    } catch {
      throw refuse(`HTTP ${response.status} to an invalid Location`);
    }
    if (target.origin !== new URL(from).origin) {
      throw refuse(
        `HTTP ${response.status} redirect to another origin (${target.protocol}//${target.host}) refused: it would carry the request's credential there`,
      );
    }
    if (method !== "GET" && response.status !== 307 && response.status !== 308 && response.status !== 303) {
      throw refuse(`HTTP ${response.status} redirect of a ${method} refused`);
    }
    if (hop >= this.maxRedirects) throw refuse(`more than ${this.maxRedirects} redirects`);
    const refused = this.refusal(target.toString());
    if (refused !== undefined) throw refuse(`redirect refused: ${refused}`);
    return target.toString();
  }

  /**
   * 429 and 503 say the request was not carried out, so anything may be resent. Other 5xx (a
   * gateway timing out) may come after the work was done: only an idempotent request is resent.
   */
  private retryWaitMs(
    answer: HttpResponse,
    attempt: number,
    idempotent: boolean,
  ): { ms: number; asked: boolean } | undefined {
    const { status } = answer;
    const throttled = status === 429 || (this.options.isThrottled?.(status, answer.body) ?? false);
    const notCarriedOut = throttled || status === 503;
    const retryable = notCarriedOut || (idempotent && status >= 500 && status !== 501);
    if (!retryable) return undefined;
    const asked = this.retryWait(answer.headers, this.now());
    return asked === undefined ? { ms: this.backoffMs(attempt), asked: false } : { ms: asked, asked: true };
  }

  private backoffMs(attempt: number): number {
    return jitteredBackoffMs(attempt, this.initialBackoffMs, this.maxWaitMs, this.random);
  }

  private notePacing(headers: Headers): void {
    const pause = this.options.pacing?.(headers, this.now());
    this.nextRequestAt = pause === undefined ? undefined : this.now() + Math.min(this.maxWaitMs, pause);
  }

  private async waitForPacing(request: HttpRequest, label: string, attempt: number): Promise<void> {
    if (this.nextRequestAt === undefined) return;
    const pause = this.nextRequestAt - this.now();
    this.nextRequestAt = undefined;
    if (pause > 0) await this.wait(pause, request, label, attempt - 1, "wait the system asked for");
  }

  private async wait(
    ms: number,
    request: HttpRequest,
    label: string,
    attempts: number,
    what: string,
  ): Promise<void> {
    const { deadline } = this.options;
    if (deadline !== undefined && this.now() + ms > deadline) {
      const problem = `its time budget ends before the ${Math.ceil(ms / 1000)} s ${what}`;
      throw this.error(request, label, attempts, "deadline", undefined, undefined, problem);
    }
    await this.sleep(ms);
  }

  private checkDeadline(request: HttpRequest, label: string, attempts: number): void {
    const { deadline } = this.options;
    if (deadline !== undefined && this.now() >= deadline) {
      throw this.error(
        request,
        label,
        attempts,
        "deadline",
        undefined,
        undefined,
        "its time budget is used up",
      );
    }
  }

  private refusal(url: string): string | undefined {
    try {
      checkRequestUrl(url, this.allowHttpLoopback);
      return undefined;
    } catch (error) {
      if (error instanceof UrlRefusedError) return error.reason;
      throw error;
    }
  }

  private attemptFailure(error: unknown, midway?: string): AttemptFailed {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
      return new AttemptFailed("timeout", `no answer within ${this.timeoutMs} ms`);
    const cause = error instanceof Error ? error.cause : undefined;
    const code = cause instanceof Error && "code" in cause ? String(cause.code) : undefined;
    if (midway !== undefined) return new AttemptFailed("network", `${midway} (${code ?? "connection lost"})`);
    const reason =
      cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
    return new AttemptFailed("network", `no answer (${code ?? reason})`);
  }

  private error(
    request: HttpRequest,
    label: string,
    attempts: number,
    kind: HttpProblemKind,
    status: number | undefined,
    body: unknown,
    problem: string,
  ): HttpRequestError {
    const tries =
      attempts === 0 ? "nothing sent" : attempts === 1 ? "after 1 attempt" : `after ${attempts} attempts`;
    const message = `${this.options.name}: ${request.method} ${label} failed: ${problem} (${tries})`;
    return new HttpRequestError(
      scrubSecrets(message, this.options.secrets?.() ?? []),
      this.options.name,
      kind,
      status,
      body,
    );
  }
}
