/**
 * Turns a credential reference from the config (`{ env }` or `{ secretArn }`, never a literal
 * secret) into the secret: an environment variable locally, AWS Secrets Manager in AWS. Errors
 * name the reference, never the value.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { CredentialRef } from "../../config/schema.ts";

export type ResolveCredential = (ref: CredentialRef) => Promise<string>;

/** The part of the Secrets Manager client this port uses; a fake stands in for it in tests. */
export interface SecretsManagerPort {
  send(command: GetSecretValueCommand): Promise<{ SecretString?: string }>;
}

export interface CredentialResolverOptions {
  env?: NodeJS.ProcessEnv;
  /** Defaults to one client per process, configured from the Lambda environment. */
  secretsManager?: SecretsManagerPort;
}

let sharedClient: SecretsManagerClient | undefined;

function defaultSecretsManager(): SecretsManagerPort {
  sharedClient ??= new SecretsManagerClient({});
  return sharedClient;
}

/** Secrets are read once per resolver: a sync run asks for the same token on every request. */
export function credentialResolver(options: CredentialResolverOptions = {}): ResolveCredential {
  const env = options.env ?? process.env;
  const secrets = new Map<string, Promise<string>>();
  return async (ref) => {
    if ("env" in ref) {
      const value = env[ref.env];
      if (value === undefined || value === "") {
        throw new Error(`credential: environment variable ${ref.env} is not set`);
      }
      return value;
    }
    let secret = secrets.get(ref.secretArn);
    if (secret === undefined) {
      secret = readSecret(options.secretsManager ?? defaultSecretsManager(), ref.secretArn);
      secrets.set(ref.secretArn, secret);
      // A failed read is not cached: the next request may succeed.
      secret.catch(() => secrets.delete(ref.secretArn));
    }
    return secret;
  };
}

async function readSecret(client: SecretsManagerPort, secretArn: string): Promise<string> {
  let output: { SecretString?: string };
  try {
    output = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(`credential: could not read secret ${secretArn} (${reason})`);
  }
  if (output.SecretString === undefined || output.SecretString === "") {
    throw new Error(`credential: secret ${secretArn} has no SecretString (binary secrets are not supported)`);
  }
  return output.SecretString;
}
