import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineHandler, InvalidEventError } from "../../functions/handlers/define-handler.ts";
import { TransientError } from "../../functions/ports/aws-errors.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";

const deps = {} as ScanDependencies;

function failingWith(error: unknown) {
  return defineHandler("Step", z.object({ scanId: z.string() }), async () => {
    throw error;
  }).withDependencies(deps);
}

describe("defineHandler", () => {
  it.each([
    ["a throttled AWS call", Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" })],
    [
      "a server fault",
      Object.assign(new Error("Internal"), { $fault: "server", $metadata: { httpStatusCode: 500 } }),
    ],
    ["a dropped connection", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })],
    ["a socket timeout", Object.assign(new Error("socket hang up"), { name: "TimeoutError" })],
  ])("turns %s into TransientError, which the state machine retries", async (_what, error) => {
    // Act
    const failure = await failingWith(error)({ scanId: "s1" }).catch((thrown: unknown) => thrown);

    // Assess
    expect(failure).toBeInstanceOf(TransientError);
    expect((failure as TransientError).name).toBe("TransientError");
    expect((failure as TransientError).message).toContain("Step: ");
    expect((failure as TransientError).cause).toBe(error);
  });

  it("lets every other error through as it is", async () => {
    // Prepare
    const bug = new TypeError("cannot read properties of undefined");

    // Act
    const failure = await failingWith(bug)({ scanId: "s1" }).catch((thrown: unknown) => thrown);
    const invalid = await failingWith(bug)({}).catch((thrown: unknown) => thrown);

    // Assess
    expect(failure).toBe(bug);
    expect(invalid).toBeInstanceOf(InvalidEventError);
  });
});
