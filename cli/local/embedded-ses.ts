/**
 * The local SES: aws-ses-v2-local in-process on 127.0.0.1 (an OS-chosen port), reached through
 * the real `@aws-sdk/client-ses`, so local and AWS runs share one mail code path. It keeps the
 * sent mails in memory: `GET /store` lists them parsed (attachments included), `POST /clear-store`
 * empties it, `GET /` is a web UI to read them.
 *
 * Its store is module-global: every sink started in one process shares it. It also forwards each
 * mail to SMTP when the `SMTP_TRANSPORT` variable is set.
 */
import type { Server } from "node:http";
import { createRequire } from "node:module";
import { SESClient } from "@aws-sdk/client-ses";

type StartSesSink = (config?: { host?: string; port?: number }) => Promise<Server>;

/** The module as CommonJS `require` sees it; some loaders hand over the default export itself. */
type SesSinkModule = StartSesSink | { default: StartSesSink };

export interface EmbeddedSes {
  /** `http://127.0.0.1:<port>`: the SES endpoint, and the base of `/store` and `/clear-store`. */
  endpoint: string;
  client: SESClient;
  close(): Promise<void>;
}

export async function startEmbeddedSes(): Promise<EmbeddedSes> {
  const require = createRequire(import.meta.url);
  const loaded = require("aws-ses-v2-local") as SesSinkModule;
  const start = typeof loaded === "function" ? loaded : loaded.default;
  // Port 0: the sink passes it to `listen`, and the OS picks a free port.
  const server = await start({ host: "127.0.0.1", port: 0 });
  const address = server.address();
  if (address === null || typeof address === "string") {
    server.close();
    throw new Error("embedded SES: the mail sink has no TCP address");
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = localSesClient(endpoint);
  const close = async () => {
    client.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  };
  return { endpoint, client, close };
}

/**
 * A client for the sink with dummy credentials (the sink wants an AWS-style Authorization header
 * but checks nothing). The SDK's warning that its future versions need Node 22 says nothing
 * about this local sink, so it is switched off while the client is constructed.
 */
function localSesClient(endpoint: string): SESClient {
  const variable = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";
  const before = process.env[variable];
  process.env[variable] = "true";
  try {
    return new SESClient({
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
