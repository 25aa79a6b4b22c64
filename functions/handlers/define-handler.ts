/**
 * Every Lambda handler has the same thin shape: validate the event (zod), call one scan step with
 * the dependencies, return its small result. Locally the same step runs with local dependencies.
 *
 * An error that a later attempt usually gets past — a throttled or unreachable AWS service, a
 * dropped connection (aws-errors.ts) — leaves as `TransientError`, the name every Task's Retry
 * lists: the state machine retries it with backoff instead of failing the step on a passing fault.
 */
import type { z } from "zod";
import { errorCodeOf, isTransientError, TransientError } from "../ports/aws-errors.ts";
import type { ScanDependencies } from "../scan/scan-dependencies.ts";

export type Step<I, O> = (deps: ScanDependencies, input: I) => Promise<O>;

export interface DefinedHandler<O> {
  /** For the local runtime and tests: the same validation and step, given dependencies. */
  withDependencies(deps: ScanDependencies): (event: unknown) => Promise<O>;
  /** The Lambda entry point. */
  handler(event: unknown): Promise<O>;
}

export function defineHandler<S extends z.ZodType, O>(
  name: string,
  schema: S,
  step: Step<z.output<S>, O>,
): DefinedHandler<O> {
  const run = (deps: ScanDependencies) => async (event: unknown) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((i) => `${i.path.join(".") || "(event)"}: ${i.message}`)
        .join("; ");
      throw new InvalidEventError(`${name}: invalid input: ${problems}`);
    }
    try {
      return await step(deps, parsed.data);
    } catch (error) {
      if (error instanceof TransientError || !isTransientError(error)) throw error;
      throw new TransientError(
        `${name}: ${errorCodeOf(error)}: ${error instanceof Error ? error.message : ""}`,
        {
          cause: error,
        },
      );
    }
  };
  return {
    withDependencies: run,
    handler: async (event) => {
      const { awsDependencies, logger } = await awsRuntime();
      logger.info("step started", { step: name });
      const result = await run(awsDependencies())(event);
      logger.info("step finished", { step: name });
      return result;
    },
  };
}

/**
 * The AWS clients and the Powertools logger, loaded on the first Lambda invocation: the local
 * runtime imports the same handler modules (in worker threads too) and needs neither.
 */
async function awsRuntime() {
  const [{ awsDependencies }, { logger }] = await Promise.all([
    import("./aws-dependencies.ts"),
    import("./logger.ts"),
  ]);
  return { awsDependencies, logger };
}

export class InvalidEventError extends Error {
  override name = "InvalidEventError";
}
