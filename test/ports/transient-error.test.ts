import { ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";
import { S3ServiceException } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { TransientError } from "../../functions/ports/aws-errors.ts";
import { SinkHttpError } from "../../functions/ports/tasks/sink-http-client.ts";
import { asStepError, isTransientFailure } from "../../functions/ports/transient-error.ts";

const throttledDynamoDb = new ProvisionedThroughputExceededException({
  message: "The level of configured provisioned throughput for the table was exceeded.",
  $metadata: { httpStatusCode: 400 },
});
const s3SlowDown = new S3ServiceException({
  name: "SlowDown",
  message: "Please reduce your request rate.",
  $fault: "server",
  $metadata: { httpStatusCode: 503 },
});
const sesThrottled = Object.assign(new Error("Maximum sending rate exceeded."), {
  name: "Throttling",
  $fault: "client",
  $metadata: { httpStatusCode: 400 },
});
const connectionReset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });

describe("isTransientFailure", () => {
  it.each([
    ["DynamoDB ProvisionedThroughputExceededException", throttledDynamoDb],
    ["S3 SlowDown (503)", s3SlowDown],
    ["SES Throttling", sesThrottled],
    ["a reset connection", connectionReset],
    ["a task sink's 429", new SinkHttpError("jira: POST /rest/api/3/issue failed: HTTP 429", "jira", 429)],
    [
      "a task sink that does not answer",
      new SinkHttpError("webhook: POST h failed: no answer", "webhook", undefined),
    ],
  ])("is true for %s", (_, error) => {
    expect(isTransientFailure(error)).toBe(true);
  });

  it.each([
    [
      "a refused permission",
      Object.assign(new Error("not authorized"), {
        name: "AccessDeniedException",
        $fault: "client",
        $metadata: { httpStatusCode: 403 },
      }),
    ],
    [
      "a failed condition",
      Object.assign(new Error("The conditional request failed"), {
        name: "ConditionalCheckFailedException",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    ["a task sink refusing the request", new SinkHttpError("jira: POST failed: HTTP 400", "jira", 400)],
    ["a plain bug", new TypeError("x is undefined")],
    ["a non-error", "boom"],
  ])("is false for %s", (_, error) => {
    expect(isTransientFailure(error)).toBe(false);
  });
});

describe("asStepError", () => {
  it("turns a transient failure into TransientError, keeping what it said and the original as cause", () => {
    // Act
    const error = asStepError(s3SlowDown);

    // Assess
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).name).toBe("TransientError");
    expect((error as Error).message).toBe("SlowDown: Please reduce your request rate.");
    expect((error as Error).cause).toBe(s3SlowDown);
  });

  it("leaves other errors as they are", () => {
    // Prepare
    const bug = new TypeError("x is undefined");

    // Act + Assess
    expect(asStepError(bug)).toBe(bug);
  });
});
