/**
 * The API's own explanation of a failed request, when it gives one in a known shape, for error
 * messages: Jira's `errorMessages`/`errors`, ServiceNow's and Graph's/Google's `error.code`,
 * `error.message`, `error.detail`; Okta's `errorCode`/`errorSummary`; SCIM's `detail` (RFC 7644
 * §3.12); OAuth 2.0's `error`/`error_description` (RFC 6749 §5.2); Snipe-IT's `messages`; Jamf's
 * `errors[].code`/`description`; or a plain `message`. Capped: it goes into one line of a report.
 */

const MAX_API_ERROR_CHARS = 300;

/** `: <explanation>`, or "" when the body explains nothing. */
export function apiErrorSuffix(body: unknown): string {
  if (typeof body !== "object" || body === null) return "";
  const record = body as Record<string, unknown>;
  const parts: string[] = [];
  if (Array.isArray(record.errorMessages)) parts.push(...record.errorMessages.filter(isText));
  if (Array.isArray(record.errors)) {
    for (const entry of record.errors) {
      if (typeof entry !== "object" || entry === null) continue;
      const { code, description } = entry as Record<string, unknown>;
      parts.push([code, description].filter(isText).join(": "));
    }
  } else if (typeof record.errors === "object" && record.errors !== null) {
    for (const [field, message] of Object.entries(record.errors))
      if (isText(message)) parts.push(`${field}: ${message}`);
  }
  if (typeof record.error === "object" && record.error !== null) {
    const { code, message, detail } = record.error as Record<string, unknown>;
    if (isText(code)) parts.push(code);
    if (isText(message)) parts.push(message);
    if (isText(detail)) parts.push(detail);
  } else if (isText(record.error)) {
    parts.push(record.error);
    if (isText(record.error_description)) parts.push(firstLine(record.error_description));
  }
  if (isText(record.errorCode)) parts.push(record.errorCode);
  if (isText(record.errorSummary)) parts.push(record.errorSummary);
  if (isText(record.detail)) parts.push(record.detail);
  if (isText(record.messages)) parts.push(record.messages);
  if (isText(record.message)) parts.push(record.message);
  const text = parts.filter((part) => part !== "").join("; ");
  if (text === "") return "";
  return `: ${text.length > MAX_API_ERROR_CHARS ? `${text.slice(0, MAX_API_ERROR_CHARS - 1)}…` : text}`;
}

/** The body as JSON, or undefined when it is empty or not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  const end = text.search(/[\r\n]/);
  return end === -1 ? text : text.slice(0, end);
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}
