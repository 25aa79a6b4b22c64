/**
 * Which sources a rule may look at. Failed sources are skipped (they have no records, and
 * silence about them must not read as "clean"); read sources that lack a field the rule needs
 * are reported "not evaluated" instead of guessed at (SPEC §4). Suspect sources (SPEC §5) were
 * read: what their records show is real, so rules that judge each record look at them; rules that
 * conclude from something *missing* from a source only look at complete (`ok`) sources.
 */
import type { AccountField, SourceKind } from "../model.ts";
import { type ScanContext, wasRead } from "../scan-context.ts";
import type { NotEvaluated } from "./rule.ts";
import type { WithheldBranch } from "./withheld-branch.ts";

/** Sources of `kind` whose records were read (ok or suspect). */
export function readSourceIds(context: ScanContext, kind: SourceKind): Set<string> {
  const ids = new Set<string>();
  for (const source of context.sources) {
    if (source.kind === kind && wasRead(source.status)) ids.add(source.id);
  }
  return ids;
}

export interface AccountSourceSplit {
  /** Read account sources that provide the field. */
  evaluable: Set<string>;
  /** Read account sources that do not: one entry each, with the reason. */
  notEvaluated: NotEvaluated[];
}

/** `withholds`: for a rule that still runs on a source without the field, the branch that needs it. */
export function splitAccountSourcesByField(
  context: ScanContext,
  field: AccountField,
  consequence: string,
  withholds?: WithheldBranch,
): AccountSourceSplit {
  const evaluable = new Set<string>();
  const notEvaluated: NotEvaluated[] = [];
  for (const source of context.sources) {
    if (source.kind !== "accounts" || !wasRead(source.status)) continue;
    if (source.provides.has(field)) {
      evaluable.add(source.id);
      continue;
    }
    const gap: NotEvaluated = { sourceId: source.id, reason: `source provides no ${field}: ${consequence}` };
    if (withholds !== undefined) gap.withholds = withholds;
    notEvaluated.push(gap);
  }
  return { evaluable, notEvaluated };
}
