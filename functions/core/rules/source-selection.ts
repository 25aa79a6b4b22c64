/**
 * Which sources a rule may look at. Failed sources are skipped (they have no records, and
 * silence about them must not read as "clean"); ok sources that lack a field the rule needs
 * are reported "not evaluated" instead of guessed at (SPEC §4).
 */
import type { AccountField, SourceKind } from "../model.ts";
import type { ScanContext } from "../scan-context.ts";
import type { NotEvaluated } from "./rule.ts";

export function okSourceIds(context: ScanContext, kind: SourceKind): Set<string> {
  const ids = new Set<string>();
  for (const source of context.sources) {
    if (source.kind === kind && source.status === "ok") ids.add(source.id);
  }
  return ids;
}

export interface AccountSourceSplit {
  /** Ok account sources that provide the field. */
  evaluable: Set<string>;
  /** Ok account sources that do not: one entry each, with the reason. */
  notEvaluated: NotEvaluated[];
}

export function splitAccountSourcesByField(
  context: ScanContext,
  field: AccountField,
  consequence: string,
): AccountSourceSplit {
  const evaluable = new Set<string>();
  const notEvaluated: NotEvaluated[] = [];
  for (const source of context.sources) {
    if (source.kind !== "accounts" || source.status !== "ok") continue;
    if (source.provides.has(field)) evaluable.add(source.id);
    else notEvaluated.push({ sourceId: source.id, reason: `source provides no ${field}: ${consequence}` });
  }
  return { evaluable, notEvaluated };
}
