/**
 * Where the HTTP stack may send a request (SPEC §2 live reads): `https` only; plain `http` only to
 * a loopback address and only when the environment sets `DEPROV_ALLOW_HTTP_LOOPBACK=1` (tests and
 * local stand-ins); never a URL with credentials in it.
 */
import { isLoopbackHost } from "../../shared/loopback-host.ts";
import { redactUrl } from "./redact-url.ts";

export const ALLOW_HTTP_LOOPBACK_ENV = "DEPROV_ALLOW_HTTP_LOOPBACK";

/** A request refused before anything was sent. */
export class UrlRefusedError extends Error {
  override name = "UrlRefusedError";
  /** @param reason why, without the URL (a caller may have to name the URL more discreetly). */
  constructor(
    url: string,
    readonly reason: string,
  ) {
    super(`${redactUrl(url)}: ${reason}`);
  }
}

/** Whether the environment allows plain http to loopback addresses. */
export function httpLoopbackAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[ALLOW_HTTP_LOOPBACK_ENV] === "1";
}

/** The URL, checked; throws `UrlRefusedError` when it may not be used. */
export function checkRequestUrl(input: string | URL, allowHttpLoopback: boolean): URL {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new UrlRefusedError(String(input), "not an absolute URL");
  }
  if (url.username !== "" || url.password !== "") {
    throw new UrlRefusedError(
      url.toString(),
      "credentials embedded in the URL are refused; reference the secret as a credential instead",
    );
  }
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) {
    if (allowHttpLoopback) return url;
    throw new UrlRefusedError(
      url.toString(),
      `plain http is refused; it is allowed to a loopback address only with ${ALLOW_HTTP_LOOPBACK_ENV}=1`,
    );
  }
  throw new UrlRefusedError(url.toString(), "expected an https URL");
}
