/**
 * Snipe-IT's `GET /api/v1/hardware`: bearer API key, `limit`/`offset`, `{"total","rows"}`; a bad
 * key gets `{"status":"error","messages":"Unauthorized."}`.
 */
import { type ApiAnswer, bearerOf, type FakeApi, type Fault, pageOf, startFakeApi } from "../fake-api.ts";

export interface FakeSnipeItOptions {
  rows: readonly unknown[];
  token: string;
  maxPageSize?: number;
  faults?: readonly Fault[];
  /** The listing as it stands at the n-th listing request (1-based): a listing that changes during the read. */
  rowsAt?: (n: number) => readonly unknown[];
}

export async function startFakeSnipeIt(options: FakeSnipeItOptions): Promise<FakeApi> {
  let listings = 0;
  return startFakeApi((request): ApiAnswer => {
    if (bearerOf(request) !== options.token) {
      return { status: 401, json: { status: "error", messages: "Unauthorized.", payload: null } };
    }
    if (request.path !== "/api/v1/hardware")
      return { status: 404, json: { status: "error", messages: "404 endpoint not found" } };
    listings++;
    const rows = options.rowsAt?.(listings) ?? options.rows;
    const limit = Math.min(Number(request.query.get("limit") ?? "50"), options.maxPageSize ?? 500);
    const offset = Number(request.query.get("offset") ?? "0");
    return { status: 200, json: { total: rows.length, rows: pageOf(rows, offset, limit) } };
  }, options.faults);
}
