/**
 * `deprov findings`: list persisted findings. Open and waived ones come from the latest
 * successful scan's result blob (they are all in it, carried ones included); resolved ones are
 * only in the state store.
 */
import { resolve } from "node:path";
import { SEVERITY_RANK } from "../../functions/core/finding.ts";
import { withLifecycle } from "../../functions/core/lifecycle/reconcile.ts";
import type {
  FindingStatus,
  LifecycleFields,
  LifecycleFinding,
  StoredFinding,
} from "../../functions/core/lifecycle/types.ts";
import { ALL_RULES } from "../../functions/core/rules/registry.ts";
import type { BlobStore } from "../../functions/ports/blob-store.ts";
import { readFindingsBlob } from "../../functions/ports/result-blob.ts";
import type { StateStore } from "../../functions/ports/state-store.ts";
import { COMMON_OPTIONS, EXIT, parseCommandArgs, UsageError } from "../args.ts";
import { DEFAULT_STACK, openDeployedState, readStackOutputs } from "../aws/deployed-stack.ts";
import { openLocalState } from "../local/embedded-dynamodb.ts";
import { DEFAULT_STATE_DIR } from "../resolve-config.ts";
import { terminalJson, terminalText } from "../terminal-text.ts";

/** Where the findings are read: the local state folder, or the deployed stack's tables and bucket. */
interface FindingsState {
  stateStore: StateStore;
  blobStore: BlobStore;
  close(): Promise<void>;
}

export const FINDINGS_HELP = `Usage: deprov findings [--status open|resolved|waived|all] [--rule RULE] [--json] [--state DIR] [--aws [--stack NAME]]

Lists the findings persisted by earlier scans: open and waived ones as of the latest successful
scan, resolved ones from the state store.

  --status STATUS  open (default), resolved, waived or all
  --rule RULE      only findings of this rule, e.g. ghost-account
  --json           print the findings as JSON (with evidence and lifecycle)
  --state DIR      local state folder (default: .deprov/)
  --aws            read the deployed stack's tables and bucket instead (AWS credentials from the environment)
  --stack NAME     the deployed CloudFormation stack (default: Deprov)`;

const STATUS_FILTERS = ["open", "resolved", "waived", "all"] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number];
const STATUS_ORDER: Record<FindingStatus, number> = { open: 0, waived: 1, resolved: 2 };

export async function findingsCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("findings", argv, {
    ...COMMON_OPTIONS,
    status: { type: "string" },
    rule: { type: "string" },
    json: { type: "boolean" },
    aws: { type: "boolean" },
    stack: { type: "string" },
  });
  if (values.help) {
    console.log(FINDINGS_HELP);
    return EXIT.ok;
  }
  const status = parseStatus(values.status);
  if (values.rule !== undefined) checkRule(values.rule);
  if (values.stack !== undefined && !values.aws) throw new UsageError("--stack goes with --aws");
  const stateDir = values.aws
    ? `the deployed stack ${values.stack ?? DEFAULT_STACK}`
    : resolve(values.state ?? DEFAULT_STATE_DIR);
  const state: FindingsState | undefined = values.aws
    ? openDeployedState(await readStackOutputs(values.stack ?? DEFAULT_STACK))
    : await openLocalState(stateDir, { existingOnly: true });
  if (state === undefined) return noState(stateDir, values.json === true);

  let findings: LifecycleFinding[];
  let scan: { scanId: string; evaluatedAt: string } | undefined;
  try {
    const latest = await state.stateStore.latestSuccessfulScan();
    scan = latest && { scanId: latest.scanId, evaluatedAt: new Date(latest.evaluatedAt).toISOString() };
    findings = [];
    if (status !== "resolved" && latest !== undefined) {
      const current = await readFindingsBlob(state.blobStore, latest.resultKey);
      if (current === undefined) {
        throw new UsageError(
          `${stateDir}: the result of scan ${latest.scanId} (${latest.resultKey}) is missing from the state folder`,
        );
      }
      for (const finding of current)
        if (status === "all" || finding.status === status) findings.push(finding);
    }
    if (status === "resolved" || status === "all") {
      for (const stored of await state.stateStore.listStoredFindings("resolved"))
        findings.push(fromStored(stored));
    }
  } finally {
    await state.close();
  }
  const selected = findings
    .filter((f) => values.rule === undefined || f.rule === values.rule)
    .sort(compareListed);

  if (values.json) {
    console.log(terminalJson({ scan: scan ?? null, status, findings: selected.map(toJson) }));
    return EXIT.ok;
  }
  if (selected.length > 0) console.log(findingsListTable(selected));
  const source = scan ? ` (latest scan ${scan.scanId}, evaluated ${scan.evaluatedAt})` : "";
  console.log(`${selected.length} ${status === "all" ? "" : `${status} `}findings${source}`);
  return EXIT.ok;
}

function parseStatus(value: string | undefined): StatusFilter {
  if (value === undefined) return "open";
  if ((STATUS_FILTERS as readonly string[]).includes(value)) return value as StatusFilter;
  throw new UsageError(`--status: expected one of ${STATUS_FILTERS.join(", ")}, got "${value}"`);
}

function noState(stateDir: string, json: boolean): number {
  if (json) console.log(JSON.stringify({ scan: null, findings: [] }, null, 2));
  else console.log(`No findings: no scan has been recorded in ${stateDir} yet (run deprov scan first).`);
  return EXIT.ok;
}

function fromStored(stored: StoredFinding): LifecycleFinding {
  const fields: LifecycleFields = {
    status: "resolved",
    firstSeenAt: stored.firstSeenAt,
    lastSeenAt: stored.lastSeenAt,
  };
  if (stored.resolvedAt !== undefined) fields.resolvedAt = stored.resolvedAt;
  if (stored.reopenedAt !== undefined) fields.reopenedAt = stored.reopenedAt;
  return withLifecycle(stored.finding, fields);
}

function compareListed(a: LifecycleFinding, b: LifecycleFinding): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function toJson(finding: LifecycleFinding) {
  const { firstSeenAt, lastSeenAt, resolvedAt, reopenedAt, waiver, ...rest } = finding;
  return {
    ...rest,
    firstSeenAt: iso(firstSeenAt),
    lastSeenAt: iso(lastSeenAt),
    ...(resolvedAt === undefined ? {} : { resolvedAt: iso(resolvedAt) }),
    ...(reopenedAt === undefined ? {} : { reopenedAt: iso(reopenedAt) }),
    ...(waiver === undefined
      ? {}
      : { waiver: { reason: waiver.reason, approvedBy: waiver.approvedBy, until: iso(waiver.until) } }),
  };
}

export function findingsListTable(findings: readonly LifecycleFinding[]): string {
  const header = ["id", "rule", "severity", "status", "subject", "person", "firstSeenAt", "lastSeenAt"];
  // Subjects and people are source text: nothing in them may reach the terminal as a control.
  const rows = findings.map((f) =>
    [
      f.id,
      f.rule,
      f.severity,
      f.status,
      `${f.subject.type}:${f.subject.id}`,
      f.personId ?? "-",
      iso(f.firstSeenAt),
      iso(f.lastSeenAt),
    ].map(terminalText),
  );
  // A loop, not Math.max(...rows): a large org lists more rows than a call can take arguments.
  const widths = header.map((h) => h.length);
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] ?? 0, (row[i] ?? "").length);
  }
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A misspelt rule would list no findings and exit 0, as if there were none. */
function checkRule(rule: string): void {
  const known = ALL_RULES.map((r) => r.id);
  if (!known.includes(rule))
    throw new UsageError(`--rule: no rule "${terminalText(rule)}"; the rules are ${known.join(", ")}`);
}
