/**
 * `deprov audit verify`: checks that the local audit trail is complete and unaltered — the table
 * against its write-once copy, each scan's seal, and every blob the trail references (ADR 0009).
 */
import { resolve } from "node:path";
import { verifyAuditTrail } from "../../functions/ports/audit-verify.ts";
import { COMMON_OPTIONS, EXIT, parseCommandArgs, UsageError } from "../args.ts";
import { openLocalState } from "../local/embedded-dynamodb.ts";
import { DEFAULT_STATE_DIR } from "../resolve-config.ts";
import { terminalJson, terminalText } from "../terminal-text.ts";

export const AUDIT_HELP = `Usage: deprov audit verify [--state DIR] [--json]

Checks that the audit trail in the state folder is complete and unaltered: every entry in the
table equals its write-once copy in the archive (and none is missing from either), every scan's
seal still matches the entries it sealed, and every blob an entry references by SHA-256 (scan
results, finding transitions, task changes) still hashes to it.

  --json       print the full verification (every problem and warning) as JSON
  --state DIR  local state folder (default: .deprov/)

Exit codes: 0 the trail verifies, 1 it does not (the first bad entry is named), 2 no state folder.`;

export async function auditCommand(argv: string[], options: { now?: () => number } = {}): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "audit",
    argv,
    { ...COMMON_OPTIONS, json: { type: "boolean" } },
    true,
  );
  if (values.help) {
    console.log(AUDIT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1 || positionals[0] !== "verify") {
    throw new UsageError(
      `deprov audit: expected "verify", got "${positionals.join(" ")}" (see deprov audit --help)`,
    );
  }
  const stateDir = resolve(values.state ?? DEFAULT_STATE_DIR);
  const state = await openLocalState(stateDir, { existingOnly: true });
  if (state === undefined) throw new UsageError(`deprov audit verify: no state folder at ${stateDir}`);
  try {
    const archive = state.stateStore.auditArchive;
    if (archive === undefined) throw new Error("the local state store keeps no audit archive");
    const result = await verifyAuditTrail({
      stateStore: state.stateStore,
      archive,
      blobStore: state.blobStore,
      now: (options.now ?? Date.now)(),
    });
    if (values.json) {
      console.log(terminalJson(result));
      return result.ok ? EXIT.ok : EXIT.findings;
    }
    for (const warning of result.warnings)
      console.log(terminalText(`warning: ${warning.subject} ${warning.problem}`));
    const [first] = result.problems;
    if (first !== undefined) {
      const more = result.problems.length - 1;
      console.log(
        terminalText(
          `deprov audit verify: FAILED: ${first.subject} ${first.problem}` +
            (more > 0 ? ` (and ${more} more problem${more === 1 ? "" : "s"}; --json lists them)` : ""),
        ),
      );
      return EXIT.findings;
    }
    console.log(
      `Audit trail verified: ${result.tableEntries} entries in the table equal their write-once copies; ` +
        `${result.seals} scan seals match; ${result.blobsChecked} referenced blobs unchanged.`,
    );
    return EXIT.ok;
  } finally {
    await state.close();
  }
}
