import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { TaskSyncError } from "../../../functions/ports/tasks/sync-tasks.ts";
import { verifyWebhookDelivery } from "../../../functions/ports/tasks/webhook-signature.ts";
import { type WebhookPayload, WebhookTaskSink } from "../../../functions/ports/tasks/webhook-task-sink.ts";
import { MemoryTaskStore } from "../../support/memory-task-store.ts";
import { type LoopbackServer, startLoopbackServer } from "./loopback-server.ts";
import { device, ghost, NOW, orphan, sync } from "./task-sync-fixtures.ts";

const SECRET = "whsec_5f0c2b7e9a1d4c3b8e6f";

let running: LoopbackServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/**
 * A receiver that checks the signature over the raw body, the timestamp and the delivery id, as
 * a real one must, drops a delivery it has already seen, and keeps the events.
 */
async function setUp(senderSecret = SECRET) {
  const events: WebhookPayload[] = [];
  const seen = new Set<string>();
  const receiver = await startLoopbackServer((request) => {
    const deliveryId = String(request.headers["x-deprov-delivery"] ?? "");
    const verified = verifyWebhookDelivery(SECRET, {
      signature: String(request.headers["x-deprov-signature"] ?? ""),
      deliveryId,
      body: request.body,
      now: NOW,
    });
    if (!verified.valid) return { status: 401, json: { message: `bad signature: ${verified.reason}` } };
    if (seen.has(deliveryId)) return { status: 200, text: "" };
    seen.add(deliveryId);
    events.push(request.json as WebhookPayload);
    return { status: 202, text: "" };
  });
  running = receiver;
  let delivery = 0;
  const sink = new WebhookTaskSink({
    url: `${receiver.url}/hooks/deprov`,
    secret: async () => senderSecret,
    deliveryId: () => `delivery-${++delivery}`,
    now: () => NOW,
    http: { sleep: async () => {}, now: () => NOW },
  });
  return { sink, store: new MemoryTaskStore(), receiver, events };
}

describe("WebhookTaskSink through syncRemediationTasks", () => {
  it("posts a signed `created` event per group", async () => {
    // Prepare
    const { sink, store, receiver, events } = await setUp();

    // Act
    const result = await sync("s1", [ghost, orphan], store, sink);

    // Assess
    expect(result.created).toBe(2);
    const [first] = receiver.requests;
    expect(first?.method).toBe("POST");
    expect(first?.path).toBe("/hooks/deprov");
    expect(first?.headers["content-type"]).toBe("application/json");
    const timestamp = Math.floor(NOW / 1000);
    expect(first?.headers["x-deprov-timestamp"]).toBe(String(timestamp));
    expect(first?.headers["x-deprov-signature"]).toBe(
      `t=${timestamp},v1=${createHmac("sha256", SECRET)
        .update(`${timestamp}.delivery-1.${first?.body ?? ""}`)
        .digest("hex")}`,
    );
    expect(
      receiver.requests.map((r) => [r.headers["x-deprov-delivery"], r.headers["x-deprov-event"]]),
    ).toEqual([
      ["delivery-1", "created"],
      ["delivery-2", "created"],
    ]);
    expect(events[0]).toMatchObject({
      event: "created",
      task: {
        key: "leaver:E1042",
        kind: "leaver",
        title: "Offboarding incomplete: Jane Doe (E1042), 1 open finding",
        severity: "high",
        findingIds: [ghost.id],
        text: expect.stringContaining("Open findings:\n- [high] Enabled account of departed person"),
      },
    });
    expect((await store.getTask("leaver:E1042"))?.externalId).toBe("leaver:E1042");
  });

  it("sends nothing when the next scan finds the same findings", async () => {
    // Prepare
    const { sink, store, receiver } = await setUp();
    await sync("s1", [ghost, orphan], store, sink);

    // Act
    await sync("s2", [ghost, orphan], store, sink);

    // Assess
    expect(receiver.requests).toHaveLength(2);
  });

  it("posts `updated`, `closed` with the comment, and `reopened` as the findings move", async () => {
    // Prepare
    const { sink, store, events } = await setUp();
    await sync("s1", [ghost], store, sink);

    // Act
    await sync("s2", [ghost, device], store, sink);
    await sync("s3", [], store, sink);
    await sync("s4", [device], store, sink);

    // Assess
    expect(events.map((e) => e.event)).toEqual(["created", "updated", "closed", "reopened"]);
    expect(events[1]?.task.findingIds).toEqual([ghost.id, device.id].sort());
    expect(events[2]).toEqual({
      event: "closed",
      task: { key: "leaver:E1042" },
      comment: expect.stringMatching(/^All findings resolved as of scan s3: 2 findings no longer open\./),
    });
    expect(events[3]?.task.findingIds).toEqual([device.id]);
  });

  it("signs each resend of a delivery the same way, so the receiver can drop the duplicate", async () => {
    // Prepare: the first answer is lost (a 503 after the receiver kept the event).
    const events: WebhookPayload[] = [];
    const seen = new Set<string>();
    let answered = 0;
    const receiver = await startLoopbackServer((request) => {
      const deliveryId = String(request.headers["x-deprov-delivery"]);
      const verified = verifyWebhookDelivery(SECRET, {
        signature: String(request.headers["x-deprov-signature"]),
        deliveryId,
        body: request.body,
        now: NOW + 60_000,
      });
      if (!verified.valid) return { status: 401, json: { message: verified.reason } };
      if (!seen.has(deliveryId)) events.push(request.json as WebhookPayload);
      seen.add(deliveryId);
      return answered++ === 0 ? { status: 503, text: "" } : { status: 202, text: "" };
    });
    running = receiver;
    const sink = new WebhookTaskSink({
      url: receiver.url,
      secret: async () => SECRET,
      now: () => NOW,
      http: { sleep: async () => {}, now: () => NOW },
    });

    // Act
    await sync("s1", [ghost], new MemoryTaskStore(), sink);

    // Assess
    expect(receiver.requests).toHaveLength(2);
    const [first, resend] = receiver.requests;
    expect(resend?.headers["x-deprov-delivery"]).toBe(first?.headers["x-deprov-delivery"]);
    expect(resend?.headers["x-deprov-signature"]).toBe(first?.headers["x-deprov-signature"]);
    expect(events).toHaveLength(1);
  });

  it("fails naming the receiver's host when it rejects the signature, and saves nothing", async () => {
    // Prepare
    const { sink, store, receiver } = await setUp("a-different-secret");

    // Act
    const error = await sync("s1", [ghost], store, sink).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TaskSyncError);
    expect((error as Error).message).toBe(
      "remediation tasks: 1 of 1 task changes failed: create leaver:E1042: " +
        `webhook: POST ${new URL(receiver.url).host} failed: HTTP 401: bad signature: the signature does not match (after 1 attempt)`,
    );
    expect((await store.getTask("leaver:E1042"))?.externalId).toBeUndefined();
  });
});
