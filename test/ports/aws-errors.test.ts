import { ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";
import { S3ServiceException } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { isTransientError } from "../../functions/ports/aws-errors.ts";

describe("isTransientError, as the state machine's Retry needs it", () => {
  it.each([
    [
      "DynamoDB ProvisionedThroughputExceededException (a 400)",
      new ProvisionedThroughputExceededException({
        message: "The level of configured provisioned throughput for the table was exceeded.",
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      "S3 SlowDown (503)",
      new S3ServiceException({
        name: "SlowDown",
        message: "Please reduce your request rate.",
        $fault: "server",
        $metadata: { httpStatusCode: 503 },
      }),
    ],
    [
      "SES Throttling (a 400)",
      Object.assign(new Error("Maximum sending rate exceeded."), {
        name: "Throttling",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    ["a reset connection", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })],
  ])("is true for %s", (_, error) => {
    expect(isTransientError(error)).toBe(true);
  });

  it.each([
    [
      "a refused permission",
      Object.assign(new Error("not authorized"), {
        name: "AccessDeniedException",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
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
    ["a plain bug", new TypeError("x is undefined")],
  ])("is false for %s", (_, error) => {
    expect(isTransientError(error)).toBe(false);
  });
});
