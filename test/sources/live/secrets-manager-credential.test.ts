import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import type { SourceConfig } from "../../../functions/config/schema.ts";
import { credentialResolver } from "../../../functions/ports/tasks/resolve-credential.ts";
import { fixtureJson } from "../api-source-input.ts";
import type { FakeApi } from "./fake-api.ts";
import { startFakeOkta } from "./fakes/okta.ts";
import { readLive } from "./live-harness.ts";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:493172815064:secret:deprov/okta-api-token-Ab12Cd";
const TOKEN = "00SecretsManagerHeld-okta-token-9f8e7d";
const users = fixtureJson("okta-users.json") as { id: string; status: string }[];
const secretsManager = mockClient(SecretsManagerClient);

let api: FakeApi | undefined;
afterEach(async () => {
  secretsManager.reset();
  await api?.close();
  api = undefined;
});

async function oktaSource(): Promise<SourceConfig> {
  api = await startFakeOkta({ users, token: TOKEN });
  return {
    id: "okta",
    kind: "accounts",
    format: "okta",
    url: api.url,
    credential: { secretArn: SECRET_ARN },
  };
}

describe("a live source's credential from Secrets Manager (as CollectSource reads it in AWS)", () => {
  it("reads the token from the secret and reads the API with it", async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: TOKEN });
    const source = await oktaSource();
    const resolveCredential = credentialResolver({
      secretsManager: new SecretsManagerClient({ region: "eu-west-1" }),
    });

    // Act
    const { collected } = await readLive(source, { env: {}, settings: { resolveCredential } });

    // Assess
    expect(collected.info.status).toBe("ok");
    expect(collected.recordCount).toBeGreaterThan(0);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it("fails the source when the secret cannot be read, naming the secret but no value", async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand).rejects(
      Object.assign(new Error("User is not authorized to perform: secretsmanager:GetSecretValue"), {
        name: "AccessDeniedException",
      }),
    );
    const source = await oktaSource();
    const resolveCredential = credentialResolver({
      secretsManager: new SecretsManagerClient({ region: "eu-west-1" }),
    });

    // Act
    const failure = await readLive(source, { env: {}, settings: { resolveCredential } }).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(String(failure)).toBe(
      `ExportReadError: source "okta": credential: could not read secret ${SECRET_ARN} (AccessDeniedException: User is not authorized to perform: secretsmanager:GetSecretValue)`,
    );
    expect(api?.requests).toHaveLength(0);
  });
});
