import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  signWebhookDelivery,
  verifyWebhookDelivery,
} from "../../../functions/ports/tasks/webhook-signature.ts";

const SECRET = "whsec_5f0c2b7e9a1d4c3b8e6f";
const NOW = Date.parse("2026-11-26T02:00:00Z");
const T = Math.floor(NOW / 1000);
const BODY = '{"event":"created","task":{"key":"leaver:E1042"}}';

describe("webhook signatures", () => {
  it("signs the timestamp, the delivery id and the raw body", () => {
    // Act
    const signature = signWebhookDelivery(SECRET, { timestamp: T, deliveryId: "d-1", body: BODY });

    // Assess
    const hmac = createHmac("sha256", SECRET).update(`${T}.d-1.${BODY}`).digest("hex");
    expect(signature).toBe(`t=${T},v1=${hmac}`);
  });

  it("accepts a fresh delivery signed with the secret", () => {
    // Prepare
    const signature = signWebhookDelivery(SECRET, { timestamp: T, deliveryId: "d-1", body: BODY });

    // Act
    const verified = verifyWebhookDelivery(SECRET, {
      signature,
      deliveryId: "d-1",
      body: Buffer.from(BODY),
      now: NOW + 299_000,
    });

    // Assess
    expect(verified).toEqual({ valid: true, timestamp: T });
  });

  it("refuses a captured delivery replayed after the tolerance", () => {
    // Prepare
    const signature = signWebhookDelivery(SECRET, { timestamp: T, deliveryId: "d-1", body: BODY });

    // Act
    const verified = verifyWebhookDelivery(SECRET, {
      signature,
      deliveryId: "d-1",
      body: BODY,
      now: NOW + 301_000,
    });

    // Assess
    expect(verified).toEqual({ valid: false, reason: "the timestamp is more than 300 s from now" });
  });

  it.each([
    ["a new delivery id", { deliveryId: "d-2", body: BODY, timestamp: T }],
    ["another body", { deliveryId: "d-1", body: BODY.replace("E1042", "E9999"), timestamp: T }],
    ["a later timestamp", { deliveryId: "d-1", body: BODY, timestamp: T + 60 }],
  ])("refuses the signature of one delivery presented with %s", (_, changed) => {
    // Prepare
    const original = signWebhookDelivery(SECRET, { timestamp: T, deliveryId: "d-1", body: BODY });
    const v1 = original.slice(original.indexOf("v1="));

    // Act
    const verified = verifyWebhookDelivery(SECRET, {
      signature: `t=${changed.timestamp},${v1}`,
      deliveryId: changed.deliveryId,
      body: changed.body,
      now: NOW,
    });

    // Assess
    expect(verified).toEqual({ valid: false, reason: "the signature does not match" });
  });

  it("accepts either of two v1 signatures (a secret being rotated), and refuses a malformed header", () => {
    // Prepare
    const withNew = signWebhookDelivery(SECRET, { timestamp: T, deliveryId: "d-1", body: BODY });
    const withOld = signWebhookDelivery("whsec_old", { timestamp: T, deliveryId: "d-1", body: BODY });
    const both = `${withOld},${withNew.slice(withNew.indexOf("v1="))}`;

    // Act + Assess
    expect(
      verifyWebhookDelivery(SECRET, { signature: both, deliveryId: "d-1", body: BODY, now: NOW }).valid,
    ).toBe(true);
    expect(
      verifyWebhookDelivery(SECRET, { signature: "sha256=abc", deliveryId: "d-1", body: BODY, now: NOW }),
    ).toEqual({ valid: false, reason: "the signature header lacks t=<unix seconds> and v1=<hex>" });
  });
});
