/**
 * What a message may say about a URL: never its userinfo (`user:password@`), never the value of a
 * query parameter that may carry a token (`?token=…`, `&sig=…`, `$skiptoken=…`), never its fragment.
 * Every message, log line and error the HTTP stack builds shows URLs through this.
 */

/** Query parameter names whose values may be credentials or signed capabilities. */
const SECRET_PARAMETER = /token|key|secret|pass|pwd|sig|auth|code|credential|session|assertion/i;
export const REDACTED = "REDACTED";

export function redactUrl(input: string | URL): string {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    // Not a URL at all: say so rather than echo text that may hold a secret.
    return "(an invalid URL)";
  }
  url.username = "";
  url.password = "";
  url.hash = "";
  const secretNames = [...url.searchParams.keys()].filter((name) => SECRET_PARAMETER.test(name));
  // Rewritten only when something is hidden, so a harmless query reads as it was sent.
  for (const name of new Set(secretNames)) url.searchParams.set(name, REDACTED);
  return url.toString();
}

/** Whether a URL carries credentials of its own (`https://user:password@host`). */
export function hasUserinfo(input: string | URL): boolean {
  try {
    const url = new URL(String(input));
    return url.username !== "" || url.password !== "";
  } catch {
    return false;
  }
}

/** Shortest secret worth scrubbing: shorter strings would match ordinary text. */
const MIN_SECRET_CHARS = 6;

/**
 * Replaces every occurrence of a known secret in `text`: a last line of defence for text an API or
 * library produced (an error description that echoes what it was sent). An API echoes a secret in
 * the form it received it — inside a form body or a URL, percent-encoded; inside JSON, escaped — so
 * each of those forms is scrubbed too, not only the literal.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_CHARS) continue;
    for (const form of secretForms(secret)) forms.add(form);
  }
  // Longest first: a form that contains a shorter one is replaced whole.
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join("[REDACTED]");
  return out;
}

/** The ways a secret appears in text that echoes a request: as sent, percent-encoded, JSON-escaped. */
export function secretForms(secret: string): string[] {
  const uri = encodeURIComponent(secret);
  // application/x-www-form-urlencoded (URLSearchParams): `+` for space, `~` and `'()!` encoded too.
  const form = new URLSearchParams([["", secret]]).toString().slice(1);
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = [secret, uri, form, json, json.replaceAll("/", "\\/")];
  // Percent-encoding's hex digits may come back in lower case.
  for (const encoded of [uri, form])
    forms.push(encoded.replaceAll(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
  return [...new Set(forms)];
}
