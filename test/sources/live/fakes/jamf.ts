/**
 * Jamf Pro: `POST /api/oauth/token` (API client credentials, form-encoded) and
 * `GET /api/v1/computers-inventory` with `section`s, `page` (0-based) and `page-size`; only the
 * sections asked for are in each computer.
 */
import { type ApiAnswer, bearerOf, type FakeApi, type Fault, pageOf, startFakeApi } from "../fake-api.ts";

export interface FakeJamfOptions {
  computers: readonly Record<string, unknown>[];
  clientId: string;
  clientSecret: string;
  maxPageSize?: number;
  /** Seconds each token lives. */
  tokenLifetime?: number;
  faults?: readonly Fault[];
  /** The listing as it stands at the n-th listing request (1-based): a listing that changes during the read. */
  computersAt?: (n: number) => readonly Record<string, unknown>[];
}

const SECTION_KEYS: Record<string, string> = {
  GENERAL: "general",
  HARDWARE: "hardware",
  USER_AND_LOCATION: "userAndLocation",
};

export async function startFakeJamf(options: FakeJamfOptions): Promise<FakeApi & { tokens: string[] }> {
  const tokens: string[] = [];
  let listings = 0;
  const api = await startFakeApi((request): ApiAnswer => {
    if (request.method === "POST" && request.path === "/api/oauth/token") {
      const form = new URLSearchParams(request.body);
      if (
        form.get("grant_type") !== "client_credentials" ||
        form.get("client_id") !== options.clientId ||
        form.get("client_secret") !== options.clientSecret
      ) {
        return {
          status: 401,
          json: { error: "invalid_client", error_description: "Client authentication failed" },
        };
      }
      const token = `jamf-access-${tokens.length + 1}-eyJhbGciOiJIUzI1NiJ9`;
      tokens.push(token);
      return {
        status: 200,
        json: {
          access_token: token,
          scope: "api-role:2",
          token_type: "Bearer",
          expires_in: options.tokenLifetime ?? 1199,
        },
      };
    }
    const bearer = bearerOf(request);
    if (bearer === undefined || !tokens.includes(bearer)) {
      return {
        status: 401,
        json: {
          httpStatus: 401,
          errors: [{ code: "INVALID_TOKEN", description: "Unauthorized", id: "0", field: null }],
        },
      };
    }
    if (request.path !== "/api/v1/computers-inventory")
      return { status: 404, json: { httpStatus: 404, errors: [] } };
    listings++;
    const computers = options.computersAt?.(listings) ?? options.computers;
    const size = Math.min(Number(request.query.get("page-size") ?? "100"), options.maxPageSize ?? 2000);
    const page = Number(request.query.get("page") ?? "0");
    const sections = request.query.getAll("section").map((s) => SECTION_KEYS[s]);
    const results = pageOf(computers, page * size, size).map((computer) =>
      Object.fromEntries(
        Object.entries(computer).filter(([key]) => key === "id" || key === "udid" || sections.includes(key)),
      ),
    );
    return { status: 200, json: { totalCount: computers.length, results } };
  }, options.faults);
  return { ...api, tokens };
}
