/**
 * How the exporter reads an error thrown by a BatchImportFindings call: worth retrying (throttled,
 * or a server fault that usually passes), fatal for every later batch too (the account cannot
 * import at all), or specific to this batch.
 */

interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  /** The service's own message, as Security Hub's exceptions carry it. */
  Message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
}

/** Security Hub answers a rate above 10 TPS (burst 30) with LimitExceededException or a 429. */
const THROTTLING_NAMES = new Set([
  "LimitExceededException",
  "ThrottlingException",
  "TooManyRequestsException",
  "Throttling",
  "ThrottledException",
  "RequestLimitExceeded",
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

/** Throttling, or a server-side fault (5xx) that a later attempt usually gets past. */
export function isTransientError(error: unknown): boolean {
  if (isThrottlingError(error)) return true;
  const status = statusOf(error);
  return shape(error).$fault === "server" || (status !== undefined && status >= 500);
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
