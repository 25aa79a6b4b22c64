/**
 * The deployed stack's names, from its CloudFormation outputs (SPEC §8: `--stack NAME`, default
 * `Deprov`), and the state ports pointed at its tables and bucket — the same DynamoDB and S3
 * code the Lambdas run.
 */
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { DynamoDbReviewStore } from "../../functions/ports/reviews/dynamodb-review-store.ts";
import { S3BlobStore } from "../../functions/ports/s3-blob-store.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";
import { REVIEW_TASK_PARTITION, type ReviewPorts } from "../../functions/reviews/review-ports.ts";
import { UsageError } from "../args.ts";

export const DEFAULT_STACK = "Deprov";

export interface StackOutputs {
  stateMachineArn: string;
  reviewStateMachineArn: string;
  stateTable: string;
  auditTable: string;
  bucket: string;
}

const REQUIRED = {
  stateMachineArn: "StateMachineArn",
  reviewStateMachineArn: "ReviewStateMachineArn",
  stateTable: "StateTableName",
  auditTable: "AuditTableName",
  bucket: "BlobBucketName",
} as const;

export async function readStackOutputs(
  stackName: string,
  client = new CloudFormationClient({}),
): Promise<StackOutputs> {
  let outputs: Record<string, string>;
  try {
    const described = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = described.Stacks?.[0];
    if (!stack) throw new UsageError(`--stack ${stackName}: no such CloudFormation stack`);
    outputs = Object.fromEntries(
      (stack.Outputs ?? []).flatMap((o) =>
        o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue]] : [],
      ),
    );
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const name = (error as { name?: string }).name ?? "Error";
    throw new UsageError(
      `--stack ${stackName}: cannot read the stack's outputs (${name}: ${(error as Error).message})`,
    );
  }
  const missing = Object.values(REQUIRED).filter((key) => outputs[key] === undefined);
  if (missing.length > 0)
    throw new UsageError(
      `--stack ${stackName}: the stack has no output ${missing.join(", ")}; deploy this version of deprov`,
    );
  return Object.fromEntries(
    Object.entries(REQUIRED).map(([field, key]) => [field, outputs[key]]),
  ) as unknown as StackOutputs;
}

export interface DeployedState {
  stateStore: DynamoDbStateStore;
  taskStore: DynamoDbTaskStore;
  blobStore: S3BlobStore;
  reviews: ReviewPorts;
  close(): Promise<void>;
}

/** The deployed tables and bucket through the same ports the Lambdas use (read-only use by the commands). */
export function openDeployedState(outputs: StackOutputs): DeployedState {
  const dynamodb = new DynamoDBClient({});
  const s3 = new S3Client({});
  return {
    stateStore: new DynamoDbStateStore({
      client: dynamodb,
      tables: { state: outputs.stateTable, audit: outputs.auditTable },
    }),
    taskStore: new DynamoDbTaskStore({ client: dynamodb, tableName: outputs.stateTable }),
    blobStore: new S3BlobStore({ client: s3, bucket: outputs.bucket }),
    reviews: {
      store: new DynamoDbReviewStore({ client: dynamodb, tableName: outputs.stateTable }),
      taskStore: new DynamoDbTaskStore({
        client: dynamodb,
        tableName: outputs.stateTable,
        partition: REVIEW_TASK_PARTITION,
      }),
    },
    close: async () => {
      dynamodb.destroy();
      s3.destroy();
    },
  };
}
