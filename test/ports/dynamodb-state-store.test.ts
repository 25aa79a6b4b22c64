import { startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { stateStoreContract } from "./state-store.contract.ts";

stateStoreContract("DynamoDB on the embedded dynalite", async () => {
  const db = await startEmbeddedDynamoDb();
  return { store: new DynamoDbStateStore({ client: db.client, tables: db.tables }), close: db.close };
});
