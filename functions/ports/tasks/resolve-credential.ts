/**
 * Turns a credential reference from the config (`{ env }` or `{ secretArn }`, never a literal
 * secret) into the secret: an environment variable locally, AWS Secrets Manager in AWS. Errors
 * name the reference, never the value.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { CredentialRef } from "../../config/schema.ts";
import type { Instant } from "../../core/model.ts";

export type ResolveCredential = (ref: CredentialRef) => Promise<string>;

/** The part of the Secrets Manager client this port uses; a fake stands in for it in tests. */
export interface SecretsManagerPort {
  send(command: GetSecretValueCommand): Promise<{ SecretString?: string }>;
}

export interface CredentialResolverOptions {
  env?: NodeJS.ProcessEnv;
  /** Defaults to one client per process, configured from the Lambda environment. */
  secretsManager?: SecretsManagerPort;
  /**
   * How long a secret read from Secrets Manager is reused. A resolver lives as long as a warm
   * Lambda (hours): without an expiry a rotated token would never be picked up there.
   */
  secretTtlMs?: number;
  /** Clock for the expiry; injectable for tests. */
  now?: () => Instant;
}

/** Short enough that a rotation reaches every warm Lambda within minutes; long enough for one sync run. */
export const DEFAULT_SECRET_TTL_MS = 5 * 60_000;

let sharedClient: SecretsManagerClient | undefined;

function defaultSecretsManager(): SecretsManagerPort {
  sharedClient ??= new SecretsManagerClient({});
  return sharedClient;
}

/**
 * Secrets are read once per resolver and TTL: a sync run asks for the same token on every
 * request, and a rotation is picked up once the TTL has passed.
 */
export function credentialResolver(options: CredentialResolverOptions = {}): ResolveCredential {
  const env = options.env ?? process.env;
  const ttlMs = options.secretTtlMs ?? DEFAULT_SECRET_TTL_MS;
  const now = options.now ?? Date.now;
  const secrets = new Map<string, { value: Promise<string>; expiresAt: Instant }>();
  return async (ref) => {
    if ("env" in ref) {
      const value = env[ref.env];
      if (value === undefined || value === "") {
        throw new Error(`credential: environment variable ${ref.env} is not set`);
      }
      return value;
    }
    const cached = secrets.get(ref.secretArn);
    if (cached !== undefined && cached.expiresAt > now()) return cached.value;
    const entry = {
      value: readSecret(options.secretsManager ?? defaultSecretsManager(), ref.secretArn),
      expiresAt: now() + ttlMs,
    };
    secrets.set(ref.secretArn, entry);
    // A failed read is not cached: the next request may succeed.
    entry.value.catch(() => {
      if (secrets.get(ref.secretArn) === entry) secrets.delete(ref.secretArn);
    });
    return entry.value;
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
