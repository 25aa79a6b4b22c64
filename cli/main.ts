/** The `deprov` command: dispatches to a subcommand and maps failures to the exit codes of SPEC §1. */
import { ConfigError } from "../functions/config/config-error.ts";
import { EXIT, UsageError } from "./args.ts";
import { auditCommand } from "./commands/audit.ts";
import { findingsCommand } from "./commands/findings.ts";
import { generateCommand } from "./commands/generate.ts";
import { reviewCommand } from "./commands/review.ts";
import { scanCommand } from "./commands/scan.ts";
import { tasksCommand } from "./commands/tasks.ts";
import { validateCommand } from "./commands/validate.ts";
import { waiveCommand } from "./commands/waive.ts";

const USAGE = `deprov — audit and hygiene scanner for deprovisioning (offboarding)

Usage: deprov <command> [options]

Commands:
  scan       run the nightly scan once, locally, and write findings and the report
  validate   load the config and every source; print counts and every rejected record
  findings   list persisted findings (open, resolved, waived)
  tasks      list remediation tasks (open, closed) with their findings
  waive      record an exception (waiver) for a finding, with a reason, an approver and an expiry
  review     access-review campaigns: start, status, decide, close, advance
  audit      verify that the audit trail is complete and unaltered (audit verify)
  generate   write a synthetic org (config + sources in real formats)

Every command accepts --help, --config FILE and --state DIR.
Without --config, the bundled demo org is used: try \`deprov scan\`.`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  scan: scanCommand,
  validate: validateCommand,
  generate: generateCommand,
  findings: findingsCommand,
  tasks: tasksCommand,
  waive: (argv) => waiveCommand(argv),
  review: reviewCommand,
  audit: (argv) => auditCommand(argv),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(USAGE);
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`deprov: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.badInput;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) {
      console.error(error.message);
      return EXIT.badInput;
    }
    throw error;
  }
}
