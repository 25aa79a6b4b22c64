import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { buildAwsDependencies } from "../../functions/handlers/aws-dependencies.ts";
import { readEnvironment } from "../../functions/handlers/environment.ts";

const ENV = readEnvironment({
  STATE_TABLE: "deprov-state",
  AUDIT_TABLE: "deprov-audit",
  AUDIT_BUCKET: "acme-deprov-audit",
  BLOB_BUCKET: "acme-deprov-blobs",
  CONFIG_KEY: "config/deprov.config.json",
});

const CONFIG = JSON.stringify({
  organization: "Acme Corp",
  sources: [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }],
});

/** S3 answering GetObject from a queue of outcomes: an error to throw or an object body (text is UTF-8). */
function scriptedS3(outcomes: (Error | string | Uint8Array)[]) {
  const keys: string[] = [];
  const client = {
    async send(command: unknown) {
      if (!(command instanceof GetObjectCommand)) throw new Error(`unexpected command ${String(command)}`);
      keys.push(command.input.Key ?? "");
      const next = outcomes.shift();
      if (next === undefined) throw new Error("no more scripted answers");
      if (next instanceof Error) throw next;
      const bytes = typeof next === "string" ? new TextEncoder().encode(next) : next;
      return { Body: { transformToByteArray: async () => bytes }, LastModified: new Date(0) };
    },
  };
  return { client: client as unknown as S3Client, keys };
}

describe("buildAwsDependencies", () => {
  it("does not keep a failed config load: the next invocation in the warm container reads it again", async () => {
    // Prepare
    const slowDown = Object.assign(new Error("Please reduce your request rate."), {
      name: "SlowDown",
      $fault: "server",
      $metadata: { httpStatusCode: 503 },
    });
    const s3 = scriptedS3([slowDown, CONFIG]);
    const deps = buildAwsDependencies(ENV, s3.client, new DynamoDBClient({ region: "us-east-1" }));

    // Act
    const first = deps.loadConfig();
    await first.catch(() => undefined);
    const second = await deps.loadConfig();

    // Assess
    await expect(first).rejects.toThrow("Please reduce your request rate.");
    expect(second.organization).toBe("Acme Corp");
    expect(s3.keys).toEqual(["config/deprov.config.json", "config/deprov.config.json"]);
  });

  it("reads a loaded config once per container", async () => {
    // Prepare
    const s3 = scriptedS3([CONFIG]);
    const deps = buildAwsDependencies(ENV, s3.client, new DynamoDBClient({ region: "us-east-1" }));

    // Act
    const [a, b] = await Promise.all([deps.loadConfig(), deps.loadConfig()]);

    // Assess
    expect(a).toBe(b);
    expect(s3.keys).toHaveLength(1);
  });

  it("reads an uploaded export in UTF-16 (Excel's Unicode Text, PowerShell's -Encoding Unicode) by its mark", async () => {
    // Prepare
    const roster = "employeeId\temail\r\n1001\tzoë@acme.com\r\n";
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(roster, "utf16le")]));
    const s3 = scriptedS3([CONFIG, utf16]);
    const deps = buildAwsDependencies(ENV, s3.client, new DynamoDBClient({ region: "us-east-1" }));
    const config = await deps.loadConfig();

    // Act
    const exported = await deps.readExport(config, config.sources[0] as (typeof config.sources)[number]);

    // Assess
    expect(exported.text).toBe(roster);
    expect(s3.keys).toEqual(["config/deprov.config.json", "config/hr.csv"]);
  });

  it("reads an uploaded workbook as its sheet's CSV, and keeps the workbook's own bytes for the snapshot", async () => {
    // Prepare
    const workbook = new Uint8Array(
      readFileSync(join(import.meta.dirname, "..", "fixtures", "workbooks", "roster.xlsx")),
    );
    const s3 = scriptedS3([CONFIG, workbook]);
    const deps = buildAwsDependencies(ENV, s3.client, new DynamoDBClient({ region: "us-east-1" }));
    const config = await deps.loadConfig();

    // Act
    const exported = await deps.readExport(config, config.sources[0] as (typeof config.sources)[number]);

    // Assess
    expect(exported.file).toBe('s3://acme-deprov-blobs/config/hr.csv, sheet "roster"');
    expect(exported.text.split("\r\n")[2]).toBe(
      "100120,Leila Novak,leila.novak@northwind.com,Terminated,2022-04-03,2026-10-30,2026-10-30T17:45:00,Sales,100119",
    );
    expect(exported.bytes?.equals(Buffer.from(workbook))).toBe(true);
  });
});
