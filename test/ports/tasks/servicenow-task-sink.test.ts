import { afterEach, describe, expect, it } from "vitest";
import {
  ServiceNowTaskSink,
  serviceNowCorrelationId,
} from "../../../functions/ports/tasks/servicenow-task-sink.ts";
import { basicAuthorization } from "../../../functions/ports/tasks/sink-http-client.ts";
import { MemoryTaskStore } from "../../support/memory-task-store.ts";
import { type FakeServiceNow, SN_PASSWORD, SN_USER, startFakeServiceNow } from "./fake-servicenow.ts";
import { calls, device, ghost, NOW, orphan, peopleWithBrokenName, sync } from "./task-sync-fixtures.ts";

let servicenow: FakeServiceNow;
let running: FakeServiceNow | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function setUp() {
  running = servicenow = await startFakeServiceNow();
  const sink = new ServiceNowTaskSink({
    instanceUrl: servicenow.url,
    table: "incident",
    username: SN_USER,
    password: async () => SN_PASSWORD,
    assignmentGroup: "287ebd7da9fe198100f92cc8d1d2154e",
    resolveState: "6",
    reopenState: "2",
    closeCode: "Solution provided",
    http: { sleep: async () => {}, now: () => NOW },
  });
  return { sink, store: new MemoryTaskStore() };
}

describe("ServiceNowTaskSink through syncRemediationTasks", () => {
  it("queries the correlation id, then creates one incident per group", async () => {
    // Prepare
    const { sink, store } = await setUp();

    // Act
    const result = await sync("s1", [ghost, orphan], store, sink);

    // Assess
    expect(result).toMatchObject({ created: 2, failed: 0 });
    expect(calls(servicenow.requests)).toEqual([
      "GET /api/now/table/incident",
      "POST /api/now/table/incident",
      "GET /api/now/table/incident",
      "POST /api/now/table/incident",
    ]);
    const [query, create] = servicenow.requests;
    expect(Object.fromEntries(query?.query ?? [])).toEqual({
      sysparm_query: "correlation_id=leaver:E1042",
      sysparm_fields: "sys_id,number,state",
      sysparm_limit: "1",
    });
    expect(create?.headers.authorization).toBe(basicAuthorization(SN_USER, SN_PASSWORD));
    expect(create?.json).toMatchObject({
      correlation_id: "leaver:E1042",
      correlation_display: "deprov",
      short_description: "Offboarding incomplete: Jane Doe (E1042), 1 open finding",
      assignment_group: "287ebd7da9fe198100f92cc8d1d2154e",
      impact: "1",
      urgency: "2",
    });
    expect((create?.json as { description?: string } | undefined)?.description).toContain(
      "Employee: Jane Doe (E1042)\n",
    );
    const stored = await store.getTask("leaver:E1042");
    const incident = servicenow.records.get(stored?.externalId ?? "");
    expect(incident?.correlation_id).toBe("leaver:E1042");
    expect(stored?.url).toBe(`${servicenow.url}/nav_to.do?uri=incident.do%3Fsys_id%3D${incident?.sys_id}`);
  });

  it("keeps short_description on one line when the roster name holds line breaks", async () => {
    // Prepare
    const { sink, store } = await setUp();

    // Act
    await sync("s1", [ghost], store, sink, false, peopleWithBrokenName);

    // Assess
    expect([...servicenow.records.values()].map((record) => record.short_description)).toEqual([
      "Offboarding incomplete: Jane Doe Priority: Highest Assignee: mallory (E1042), 1 open finding",
    ]);
  });

  it("sends nothing when the next scan finds the same findings", async () => {
    // Prepare
    const { sink, store } = await setUp();
    await sync("s1", [ghost, orphan], store, sink);
    const sent = servicenow.requests.length;

    // Act
    const result = await sync("s2", [ghost, orphan], store, sink);

    // Assess
    expect(servicenow.requests).toHaveLength(sent);
    expect(result.unchanged).toBe(2);
  });

  it("patches the incident when findings change, and resolves it with notes when they are gone", async () => {
    // Prepare
    const { sink, store } = await setUp();
    await sync("s1", [ghost], store, sink);
    const sysId = (await store.getTask("leaver:E1042"))?.externalId;
    const sent = servicenow.requests.length;

    // Act
    await sync("s2", [ghost, device], store, sink);
    await sync("s3", [], store, sink);

    // Assess
    const [update, resolve] = servicenow.requests.slice(sent);
    expect(calls(servicenow.requests.slice(sent))).toEqual([
      `PATCH /api/now/table/incident/${sysId}`,
      `PATCH /api/now/table/incident/${sysId}`,
    ]);
    expect(update?.json).toMatchObject({
      short_description: "Offboarding incomplete: Jane Doe (E1042), 2 open findings",
    });
    expect(resolve?.json).toEqual({
      state: "6",
      close_code: "Solution provided",
      close_notes: expect.stringMatching(
        /^All findings resolved as of scan s3: 2 findings no longer open\.\n- /,
      ),
    });
    expect(servicenow.records.get(sysId ?? "")?.state).toBe("6");
  });

  it("reopens a resolved incident when its findings come back", async () => {
    // Prepare
    const { sink, store } = await setUp();
    await sync("s1", [ghost], store, sink);
    await sync("s2", [], store, sink);
    const sysId = (await store.getTask("leaver:E1042"))?.externalId ?? "";

    // Act
    const result = await sync("s3", [ghost], store, sink);

    // Assess
    expect(result.reopened).toBe(1);
    expect(servicenow.records.get(sysId)).toMatchObject({
      state: "2",
      work_notes: expect.stringContaining("Reopened"),
    });
  });

  it("finds the incident of a lost task record by correlation id, reopening it if resolved", async () => {
    // Prepare
    const { sink, store } = await setUp();
    await sync("s1", [ghost], store, sink);
    await sync("s2", [], store, sink);
    const sent = servicenow.requests.length;

    // Act
    const result = await sync("s3", [ghost], new MemoryTaskStore(), sink);

    // Assess
    expect(result.created).toBe(1);
    expect(calls(servicenow.requests.slice(sent)).map((c) => c.split(" ")[0])).toEqual(["GET", "PATCH"]);
    expect(servicenow.records.size).toBe(1);
    expect([...servicenow.records.values()][0]?.state).toBe("2");
  });

  it("keeps a correlation id short and safe inside an encoded query", () => {
    // Act & Assess
    expect(serviceNowCorrelationId("system:aws-prod:hygiene")).toBe("system:aws-prod:hygiene");
    expect(serviceNowCorrelationId("leaver:E^1042")).toMatch(/^deprov-[0-9a-f]{32}$/);
    expect(serviceNowCorrelationId(`leaver:${"E".repeat(120)}`)).toMatch(/^deprov-[0-9a-f]{32}$/);
  });
});
