/**
 * How a step reads an error an AWS SDK call (or another service call) threw: worth retrying
 * (throttled, a server fault, a dropped connection), fatal for every later call too (the account
 * cannot do it at all), or specific to this request. `TransientError` is the name the state
 * machine's Retry knows: a step wraps a transient failure in it to have the attempt retried.
 */

/** The error name every Task's Retry lists (statemachines/*.asl.json). */
export class TransientError extends Error {
  override name = "TransientError";
}

interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  /** The service's own message, as Security Hub's exceptions carry it. */
  Message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
}

/**
 * Throttling as AWS services name it (Security Hub above 10 TPS: LimitExceededException or a 429;
 * DynamoDB above a table's capacity: ProvisionedThroughputExceededException, a 400; S3's SlowDown).
 */
const THROTTLING_NAMES = new Set([
  "LimitExceededException",
  "ThrottlingException",
  "TooManyRequestsException",
  "Throttling",
  "ThrottledException",
  "RequestLimitExceeded",
  "ProvisionedThroughputExceededException",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
]);

/** Errors every later batch would repeat: Security Hub not enabled, no permission, no credentials. */
const ACCOUNT_LEVEL_NAMES = new Set([
  "InvalidAccessException",
  "AccessDeniedException",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "ExpiredTokenException",
  "InvalidSignatureException",
  "CredentialsProviderError",
]);

function shape(error: unknown): SdkErrorShape {
  return typeof error === "object" && error !== null ? (error as SdkErrorShape) : {};
}

function statusOf(error: unknown): number | undefined {
  const status = shape(error).$metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}

/** The error's code as Security Hub names it (the SDK exception's name), else a generic label. */
export function errorCodeOf(error: unknown): string {
  const name = shape(error).name;
  if (typeof name === "string" && name !== "") return name;
  const status = statusOf(error);
  return status === undefined ? "UnknownError" : `HTTP ${status}`;
}

export function errorMessageOf(error: unknown): string {
  const { message, Message } = shape(error);
  if (typeof message === "string" && message !== "") return message;
  if (typeof Message === "string" && Message !== "") return Message;
  return typeof error === "string" ? error : "no message";
}

export function isThrottlingError(error: unknown): boolean {
  const { name, $retryable } = shape(error);
  return (
    (typeof name === "string" && THROTTLING_NAMES.has(name)) ||
    statusOf(error) === 429 ||
    $retryable?.throttling === true
  );
}

/** Connection-level failures: the request may not have arrived; a later attempt usually gets through. */
const NETWORK_ERRORS = new Set([
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
]);

/** Throttling, a server-side fault (5xx) or a dropped connection: a later attempt usually gets past it. */
export function isTransientError(error: unknown): boolean {
  if (isThrottlingError(error)) return true;
  const status = statusOf(error);
  if (shape(error).$fault === "server" || (status !== undefined && status >= 500)) return true;
  const { name } = shape(error);
  const code = (error as { code?: unknown } | null)?.code;
  return (
    (typeof name === "string" && NETWORK_ERRORS.has(name)) ||
    (typeof code === "string" && NETWORK_ERRORS.has(code))
  );
}

/**
 * A per-finding `ErrorCode` in a BatchImportFindings response that every finding of the account
 * would get: Security Hub answers 200 and rejects each finding with `InvalidAccess` when the
 * account (or its integration) is not enabled.
 */
export function isAccountLevelFindingError(code: string | undefined): boolean {
  return code === "InvalidAccess" || (code !== undefined && ACCOUNT_LEVEL_NAMES.has(code));
}

export function isAccountLevelError(error: unknown): boolean {
  const name = shape(error).name;
  return (typeof name === "string" && ACCOUNT_LEVEL_NAMES.has(name)) || statusOf(error) === 403;
}

/**
 * The message in a Catch's `Cause`: Step Functions puts a Lambda error's JSON there
 * (`{"errorMessage": …}`); the local runtime may put the message itself.
 */
export function causeMessage(cause: string | undefined): string {
  if (cause === undefined) return "no cause given";
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown } | null;
    return typeof parsed?.errorMessage === "string" ? parsed.errorMessage : cause;
  } catch {
    return cause;
  }
}
