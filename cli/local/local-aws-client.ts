/**
 * SDK clients for the local stand-ins (embedded DynamoDB-compatible store, SES-compatible sink):
 * dummy credentials, the local endpoint. The SDK warns on every run that its future versions need
 * Node 22; that says nothing about a local stand-in, so the warning is switched off only while
 * the client is constructed (the SDK reads the variable then, once per process).
 */
export interface LocalClientOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
}

export function localAwsClient<C>(construct: (options: LocalClientOptions) => C, endpoint: string): C {
  const variable = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";
  const before = process.env[variable];
  process.env[variable] = "true";
  try {
    return construct({
      endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 3,
    });
  } finally {
    if (before === undefined) delete process.env[variable];
    else process.env[variable] = before;
  }
}
