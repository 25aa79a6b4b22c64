/**
 * Errors a later attempt usually gets past — a throttled or unavailable AWS service, a dropped
 * connection, a task sink asking to slow down — leave a step as `TransientError`, the name every
 * Task state's Retry lists, so Step Functions (and the local interpreter) retries the step with
 * backoff. Anything else keeps its own name and goes to the state's Catch at once: retrying a bad
 * config or a refused permission only repeats the failure.
 */
import { isTransientError, TransientError } from "./aws-errors.ts";

/** Throttling and availability names aws-errors.ts does not know (DynamoDB, S3, SES, Secrets Manager). */
const MORE_TRANSIENT_NAMES = new Set([
  "ProvisionedThroughputExceededException",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ServiceUnavailable",
  "InternalError",
  "InternalServerError",
]);

/** Connection failures below HTTP that aws-errors.ts does not list. */
const MORE_NETWORK_CODES = new Set(["ENOTFOUND", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  /** Set by deprov's own errors that know they are transient (a task sink's 429 storm). */
  transient?: unknown;
  $retryable?: unknown;
}

export function isTransientFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code, transient, $retryable } = error as ErrorShape;
  if (name === "TransientError" || transient === true) return true;
  if (typeof name === "string" && MORE_TRANSIENT_NAMES.has(name)) return true;
  if (typeof code === "string" && MORE_NETWORK_CODES.has(code)) return true;
  // The AWS SDK marks what its own retry strategy would have retried.
  if (typeof $retryable === "object" && $retryable !== null) return true;
  return isTransientError(error);
}

/** The error a step throws to its state: transient failures as `TransientError`, the rest as they are. */
export function asStepError(error: unknown): unknown {
  if (!isTransientFailure(error) || (error as ErrorShape).name === "TransientError") return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = (error as ErrorShape).name;
  return new TransientError(typeof name === "string" ? `${name}: ${message}` : message, { cause: error });
}
