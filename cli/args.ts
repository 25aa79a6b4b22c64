/** Shared command-line plumbing: option parsing with clear errors, and the exit codes of SPEC §1. */
import { type ParseArgsConfig, parseArgs } from "node:util";

export const EXIT = { ok: 0, findings: 1, badInput: 2, aborted: 3, failed: 4 } as const;

export class UsageError extends Error {
  override name = "UsageError";
}

export const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  config: { type: "string" },
  state: { type: "string" },
} as const satisfies ParseArgsConfig["options"];

export function parseCommandArgs<O extends NonNullable<ParseArgsConfig["options"]>>(
  command: string,
  argv: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(`deprov ${command}: ${(error as Error).message} (see deprov ${command} --help)`);
  }
}

/** `--now` pins the evaluation instant; it must carry an offset so it is unambiguous. */
export function parseNow(value: string | undefined): number {
  if (value === undefined) return Date.now();
  const ms =
    /(Z|[+-]\d{2}:?\d{2})$/.test(value) || /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `--now: expected an ISO 8601 instant with offset such as 2026-11-26T09:00:00Z, got "${value}"`,
    );
  }
  return ms;
}
