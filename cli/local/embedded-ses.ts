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
import { localAwsClient } from "./local-aws-client.ts";

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

function localSesClient(endpoint: string): SESClient {
  return localAwsClient((options) => new SESClient(options), endpoint);
}
