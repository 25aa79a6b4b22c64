/**
 * Lambda behind the decision function URL (auth NONE: the signed link is the credential). Reads a
 * function URL event (payload format 2.0), answers with an HTML page that caches nowhere, leaks no
 * referrer (the token is in the URL) and runs no script.
 */
import { z } from "zod";
import { renderDecisionOutcome } from "../../reports/reviews/decision-page.ts";
import { handleDecisionRequest } from "../reviews/decision-request.ts";
import type { ScanDependencies } from "../scan/scan-dependencies.ts";

const functionUrlEvent = z.object({
  requestContext: z.object({ http: z.object({ method: z.string() }) }),
  queryStringParameters: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
});

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Content-Security-Policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** 64 KB of form is far more than a reason needs. */
const MAX_BODY = 64 * 1024;

export function decisionPageHandler(
  deps: () => ScanDependencies,
  now: () => number = Date.now,
  onError: (error: unknown) => void = () => {},
) {
  return async (event: unknown): Promise<FunctionUrlResult> => {
    const parsed = functionUrlEvent.safeParse(event);
    if (!parsed.success) return { statusCode: 400, headers: { ...PAGE_HEADERS }, body: "Bad request" };
    const { requestContext, queryStringParameters, body, isBase64Encoded } = parsed.data;
    const text =
      body === undefined ? "" : isBase64Encoded ? Buffer.from(body, "base64").toString("utf8") : body;
    if (text.length > MAX_BODY)
      return { statusCode: 413, headers: { ...PAGE_HEADERS }, body: "Request too large" };
    const form = requestContext.http.method === "POST" ? new URLSearchParams(text) : undefined;
    const token = form?.get("t") ?? queryStringParameters?.t;
    try {
      const response = await handleDecisionRequest(
        deps(),
        { method: requestContext.http.method, token: token ?? undefined, ...(form ? { form } : {}) },
        now(),
      );
      return { statusCode: response.status, headers: { ...PAGE_HEADERS }, body: response.html };
    } catch (error) {
      // The person at the browser learns that nothing was recorded; the log gets the error's kind only.
      onError(error);
      return {
        statusCode: 500,
        headers: { ...PAGE_HEADERS },
        body: renderDecisionOutcome({
          title: "Not recorded",
          message:
            "Something went wrong and your decision was not recorded. Please try the link again later.",
          tone: "refused",
        }),
      };
    }
  };
}

export const handler = async (event: unknown): Promise<FunctionUrlResult> => {
  const [{ awsDependencies }, { logger }] = await Promise.all([
    import("./aws-dependencies.ts"),
    import("./logger.ts"),
  ]);
  return decisionPageHandler(awsDependencies, Date.now, (error) =>
    logger.error("decision page failed", { error: error instanceof Error ? error.name : "unknown" }),
  )(event);
};
