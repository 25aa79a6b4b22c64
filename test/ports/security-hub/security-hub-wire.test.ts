/**
 * The exporter through the real SecurityHubClient against a loopback server that answers
 * POST /findings/import the way Security Hub's REST-JSON API does: proves the findings serialise
 * as the SDK sends them, and that a real 429 is read as throttling.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { afterEach, describe, expect, it } from "vitest";
import { exportToSecurityHub } from "../../../functions/ports/security-hub/security-hub-exporter.ts";
import { makeScanResult, manyFindings } from "../../reports/fixtures.ts";

interface Received {
  method: string;
  path: string;
  body: { Findings: Record<string, unknown>[] };
}

type Answer = (res: ServerResponse, findings: number) => void;

const ok: Answer = (res, findings) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ FailedCount: 0, SuccessCount: findings, FailedFindings: [] }));
};

const tooManyRequests: Answer = (res) => {
  res.writeHead(429, { "content-type": "application/json", "x-amzn-errortype": "TooManyRequestsException" });
  res.end(JSON.stringify({ message: "Too Many Requests" }));
};

let server: Server | undefined;

async function securityHubStub(answers: Answer[]) {
  const received: Received[] = [];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
    });
    req.on("end", () => {
      const body = JSON.parse(text) as Received["body"];
      received.push({ method: req.method ?? "", path: req.url ?? "", body });
      (answers.shift() ?? ok)(res, body.Findings.length);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const client = new SecurityHubClient({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${port}`,
    credentials: {
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    },
    // The exporter's own retry is under test, not the SDK's.
    maxAttempts: 1,
  });
  return { client, received };
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe("exportToSecurityHub over the SecurityHub REST-JSON API", () => {
  it("posts each batch to /findings/import and retries a 429", async () => {
    // Prepare
    const { client, received } = await securityHubStub([tooManyRequests]);
    const waits: number[] = [];

    // Act
    const outcome = await exportToSecurityHub({
      client,
      accountId: "111122223333",
      region: "us-east-1",
      result: makeScanResult({ findings: manyFindings(120) }),
      now: Date.parse("2024-06-01T06:05:00.000Z"),
      sleep: async (ms) => void waits.push(ms),
    });

    // Assess
    expect(received.map((r) => [r.method, r.path, r.body.Findings.length])).toEqual([
      ["POST", "/findings/import", 100],
      ["POST", "/findings/import", 100],
      ["POST", "/findings/import", 20],
    ]);
    expect(waits).toEqual([500]);
    expect(outcome).toMatchObject({ imported: 120, failed: 0, batches: 2, batchErrors: [] });
    expect(received[0]?.body.Findings[0]).toMatchObject({
      SchemaVersion: "2018-10-08",
      ProductArn: "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default",
      Resources: [{ Type: "Other", Details: { Other: { source: expect.any(String) } } }],
      Severity: { Label: expect.stringMatching(/^(CRITICAL|HIGH|MEDIUM|LOW)$/) },
    });
  });
});
