import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import type { LoadedConfig } from "../../functions/config/load-config.ts";
import type { SourceConfig } from "../../functions/config/schema.ts";
import { buildAwsDependencies } from "../../functions/handlers/aws-dependencies.ts";
import { readEnvironment } from "../../functions/handlers/environment.ts";
import { ExportReadError } from "../../functions/scan/parse-source-export.ts";
import { fixtureJson } from "../sources/api-source-input.ts";
import type { FakeApi } from "../sources/live/fake-api.ts";
import { startFakeOkta } from "../sources/live/fakes/okta.ts";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:493172815064:secret:deprov/okta-api-token-Ab12Cd";
const TOKEN = "00lambda-okta-token-held-in-secrets-manager";
const users = fixtureJson("okta-users.json") as { id: string; status: string }[];
const secretsManager = mockClient(SecretsManagerClient);

let okta: FakeApi | undefined;
afterEach(async () => {
  secretsManager.reset();
  await okta?.close();
  okta = undefined;
});

function lambdaDependencies() {
  const env = readEnvironment({
    STATE_TABLE: "deprov-state",
    AUDIT_TABLE: "deprov-audit",
    AUDIT_BUCKET: "deprov-audit-archive",
    BLOB_BUCKET: "deprov-blobs",
  });
  return buildAwsDependencies(
    env,
    new S3Client({ region: "eu-west-1" }),
    new DynamoDBClient({ region: "eu-west-1" }),
  );
}

const config = {
  sources: [],
  file: "s3://deprov-blobs/config/deprov.config.json",
  baseDir: "config",
} as unknown as LoadedConfig;

describe("CollectSource's dependencies in AWS, for a live source", () => {
  it("reads the API with the credential from Secrets Manager, into a file-form export dated by the read", async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: TOKEN });
    okta = await startFakeOkta({ users, token: TOKEN });
    const source: SourceConfig = {
      id: "okta",
      kind: "accounts",
      format: "okta",
      url: okta.url,
      credential: { secretArn: SECRET_ARN },
    };
    const before = Date.now();

    // Act
    const exported = await lambdaDependencies().readExport(config, source);

    // Assess
    try {
      expect(exported.origin).toBe("api");
      expect(exported.modifiedAt).toBeGreaterThanOrEqual(before);
      expect((JSON.parse(exported.text) as unknown[]).length).toBe(users.length);
      expect(okta.requests[0]?.headers.authorization).toBe(`SSWS ${TOKEN}`);
    } finally {
      await exported.dispose?.();
    }
  });

  it("fails the source, not the Lambda, when the secret cannot be read", async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand).rejects(
      Object.assign(new Error("Secrets Manager can't find the specified secret."), {
        name: "ResourceNotFoundException",
      }),
    );
    const source: SourceConfig = {
      id: "okta",
      kind: "accounts",
      format: "okta",
      url: "https://acme.okta.com",
      credential: { secretArn: SECRET_ARN },
    };

    // Act
    const failure = await lambdaDependencies()
      .readExport(config, source)
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(ExportReadError);
    expect(String(failure)).toContain(`source "okta": credential: could not read secret ${SECRET_ARN}`);
  });
});
