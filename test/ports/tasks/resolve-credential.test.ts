import type { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "vitest";
import {
  credentialResolver,
  DEFAULT_SECRET_TTL_MS,
  type SecretsManagerPort,
} from "../../../functions/ports/tasks/resolve-credential.ts";

const ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:deprov/jira-token-AbCdEf";

/** Secrets Manager has no local implementation: a fake that answers GetSecretValue like the service. */
function fakeSecretsManager(secrets: Record<string, string | undefined>) {
  const asked: string[] = [];
  const client: SecretsManagerPort = {
    async send(command: GetSecretValueCommand) {
      const id = command.input.SecretId ?? "";
      asked.push(id);
      if (!(id in secrets)) {
        throw Object.assign(new Error("Secrets Manager can't find the specified secret."), {
          name: "ResourceNotFoundException",
        });
      }
      return { ARN: id, Name: "deprov/jira-token", VersionId: "v1", SecretString: secrets[id] };
    },
  };
  return { client, asked };
}

describe("credentialResolver", () => {
  it("reads an environment variable", async () => {
    // Prepare
    const resolve = credentialResolver({ env: { JIRA_API_TOKEN: "token-from-env" } });

    // Act
    const secret = await resolve({ env: "JIRA_API_TOKEN" });

    // Assess
    expect(secret).toBe("token-from-env");
  });

  it("names a missing or empty variable", async () => {
    // Prepare
    const resolve = credentialResolver({ env: { EMPTY: "" } });

    // Act & Assess
    await expect(resolve({ env: "JIRA_API_TOKEN" })).rejects.toThrow(
      "credential: environment variable JIRA_API_TOKEN is not set",
    );
    await expect(resolve({ env: "EMPTY" })).rejects.toThrow(
      "credential: environment variable EMPTY is not set",
    );
  });

  it("reads a Secrets Manager secret once per resolver", async () => {
    // Prepare
    const { client, asked } = fakeSecretsManager({ [ARN]: "token-from-secrets-manager" });
    const resolve = credentialResolver({ secretsManager: client, env: {} });

    // Act
    const first = await resolve({ secretArn: ARN });
    const second = await resolve({ secretArn: ARN });

    // Assess
    expect([first, second]).toEqual(["token-from-secrets-manager", "token-from-secrets-manager"]);
    expect(asked).toEqual([ARN]);
  });

  it("reads a rotated secret again once its TTL has passed, as a warm Lambda must", async () => {
    // Prepare
    const secrets: Record<string, string> = { [ARN]: "token-before-rotation" };
    const { client, asked } = fakeSecretsManager(secrets);
    let now = Date.parse("2026-11-26T02:00:00Z");
    const resolve = credentialResolver({
      secretsManager: client,
      env: {},
      secretTtlMs: 300_000,
      now: () => now,
    });
    await resolve({ secretArn: ARN });
    secrets[ARN] = "token-after-rotation";

    // Act
    now += 299_999;
    const withinTtl = await resolve({ secretArn: ARN });
    now += 1;
    const afterTtl = await resolve({ secretArn: ARN });

    // Assess
    expect(withinTtl).toBe("token-before-rotation");
    expect(afterTtl).toBe("token-after-rotation");
    expect(asked).toEqual([ARN, ARN]);
  });

  it("expires cached secrets after five minutes by default", async () => {
    // Prepare
    const { client, asked } = fakeSecretsManager({ [ARN]: "token" });
    let now = Date.parse("2026-11-26T02:00:00Z");
    const resolve = credentialResolver({ secretsManager: client, env: {}, now: () => now });
    await resolve({ secretArn: ARN });

    // Act
    now += 5 * 60_000;
    await resolve({ secretArn: ARN });

    // Assess
    expect(DEFAULT_SECRET_TTL_MS).toBe(5 * 60_000);
    expect(asked).toEqual([ARN, ARN]);
  });

  it("names the secret that cannot be read, and asks again next time", async () => {
    // Prepare
    const { client, asked } = fakeSecretsManager({});
    const resolve = credentialResolver({ secretsManager: client, env: {} });

    // Act
    const first = resolve({ secretArn: ARN });
    await first.catch(() => undefined);
    const second = resolve({ secretArn: ARN });

    // Assess
    await expect(first).rejects.toThrow(
      `credential: could not read secret ${ARN} (ResourceNotFoundException: Secrets Manager can't find the specified secret.)`,
    );
    await expect(second).rejects.toThrow("could not read secret");
    expect(asked).toEqual([ARN, ARN]);
  });

  it("rejects a binary secret", async () => {
    // Prepare
    const { client } = fakeSecretsManager({ [ARN]: undefined });
    const resolve = credentialResolver({ secretsManager: client, env: {} });

    // Act & Assess
    await expect(resolve({ secretArn: ARN })).rejects.toThrow(
      `credential: secret ${ARN} has no SecretString`,
    );
  });
});
