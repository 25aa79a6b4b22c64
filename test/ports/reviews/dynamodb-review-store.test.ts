import { startEmbeddedDynamoDb } from "../../../cli/local/embedded-dynamodb.ts";
import { DynamoDbReviewStore } from "../../../functions/ports/reviews/dynamodb-review-store.ts";
import { reviewStoreContract } from "./review-store.contract.ts";

reviewStoreContract("DynamoDB on the embedded dynalite", async () => {
  const db = await startEmbeddedDynamoDb();
  return {
    store: new DynamoDbReviewStore({ client: db.client, tableName: db.tables.state }),
    close: db.close,
  };
});
