import { startEmbeddedDynamoDb } from "../../../cli/local/embedded-dynamodb.ts";
import { DynamoDbTaskStore } from "../../../functions/ports/tasks/dynamodb-task-store.ts";
import { taskStoreContract } from "./task-store.contract.ts";

taskStoreContract("DynamoDB on the embedded dynalite", async () => {
  const db = await startEmbeddedDynamoDb();
  return { store: new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state }), close: db.close };
});
