/**
 * A loopback ServiceNow Table API (`/api/now/table/incident`) as documented: `{result: …}`
 * envelopes, string-valued fields, 201 on create, `sysparm_query`/`sysparm_fields`/`sysparm_limit`,
 * Basic auth, and the incident data policy that makes a resolution code and notes mandatory.
 */
import { basicAuthorization } from "../../../functions/ports/tasks/sink-http-client.ts";
import {
  type LoopbackServer,
  type ReceivedRequest,
  type Reply,
  startLoopbackServer,
} from "./loopback-server.ts";

export const SN_USER = "deprov.integration";
export const SN_PASSWORD = "n0t-a-real-password";

export type SnRecord = Record<string, string>;

export interface FakeServiceNow {
  url: string;
  requests: ReceivedRequest[];
  records: Map<string, SnRecord>;
  close(): Promise<void>;
}

const RESOLVED = "6";

export async function startFakeServiceNow(): Promise<FakeServiceNow> {
  const records = new Map<string, SnRecord>();
  let counter = 10_000;

  const failure = (status: number, message: string, detail: string): Reply => ({
    status,
    json: { error: { message, detail }, status: "failure" },
  });
  const project = (record: SnRecord, fields: string | null): SnRecord =>
    fields === null ? record : Object.fromEntries(fields.split(",").map((f) => [f, record[f] ?? ""]));

  const handle = (request: ReceivedRequest): Reply => {
    if (request.headers.authorization !== basicAuthorization(SN_USER, SN_PASSWORD)) {
      return failure(401, "User Not Authenticated", "Required to provide Auth information");
    }
    const match = /^\/api\/now\/table\/incident(?:\/([0-9a-f]{32}))?$/.exec(request.path);
    if (match === null) return failure(400, "Invalid table", "Invalid table name");
    const sysId = match[1];
    const body = (request.json ?? {}) as Record<string, unknown>;
    const fields = request.query.get("sysparm_fields");
    if (sysId === undefined && request.method === "GET") {
      const query = request.query.get("sysparm_query") ?? "";
      const conditions = query.split("^").map((c) => c.split("=") as [string, string]);
      const limit = Number(request.query.get("sysparm_limit") ?? "10000");
      const found = [...records.values()]
        .filter((r) => conditions.every(([f, v]) => r[f] === v))
        .slice(0, limit);
      return { status: 200, json: { result: found.map((r) => project(r, fields)) } };
    }
    if (sysId === undefined && request.method === "POST") {
      const id = (counter++).toString(16).padStart(32, "0");
      const record: SnRecord = {
        sys_id: id,
        number: `INC00${counter}`,
        state: "1",
        impact: "3",
        urgency: "3",
        priority: "5",
        active: "true",
        sys_created_on: "2026-11-26 09:00:00",
        sys_updated_on: "2026-11-26 09:00:00",
        ...stringFields(body),
      };
      records.set(id, record);
      return { status: 201, json: { result: project(record, fields) } };
    }
    const record = sysId === undefined ? undefined : records.get(sysId);
    if (record === undefined)
      return failure(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
    if (request.method === "PATCH") {
      const changes = stringFields(body);
      const next = { ...record, ...changes };
      if (next.state === RESOLVED && (next.close_code ?? "") === "") {
        return failure(403, "Operation Failed", "Data Policy Exception: \n\tResolution code is mandatory\n");
      }
      if (next.state === RESOLVED && (next.close_notes ?? "") === "") {
        return failure(403, "Operation Failed", "Data Policy Exception: \n\tResolution notes is mandatory\n");
      }
      records.set(record.sys_id ?? "", next);
      return { status: 200, json: { result: project(next, fields) } };
    }
    return failure(405, "Method not Supported", `${request.method} is not supported`);
  };

  const server: LoopbackServer = await startLoopbackServer(handle);
  return { url: server.url, requests: server.requests, records, close: server.close };
}

function stringFields(body: Record<string, unknown>): SnRecord {
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
}
