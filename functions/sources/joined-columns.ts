/**
 * A name kept in several columns: HR exports often have "First Name" and "Last Name" and no full
 * name (BambooHR's and ADP's default reports), and a report that shows only "Jane" leaves the
 * reader guessing. A source may map `name` (or an account's `displayName`) to a list of columns;
 * their non-empty values are joined with a space, in the order listed, before the field is read.
 */
import type { TabularTable } from "./tabular-fields.ts";

/** `table`, with each joined field's parts (plan entries with `joinedTo`) joined into its own slot. */
export function withJoinedColumns(table: TabularTable): TabularTable {
  const parts = new Map<number, number[]>();
  table.plan.forEach((entry, slot) => {
    if (entry.joinedTo === undefined) return;
    parts.set(entry.joinedTo, [...(parts.get(entry.joinedTo) ?? []), slot]);
  });
  if (parts.size === 0) return table;
  const joined: unknown[] = new Array(table.plan.length).fill(undefined);
  const join = (values: ArrayLike<unknown>): ArrayLike<unknown> => {
    for (let slot = 0; slot < values.length; slot++) joined[slot] = values[slot];
    for (const [owner, slots] of parts) joined[owner] = joinedValue([owner, ...slots].map((s) => values[s]));
    return joined;
  };
  return {
    ...table,
    has: (slot) => table.has(slot) || (parts.get(slot) ?? []).some((part) => table.has(part)),
    forEach(visit, rejected, visitBroken) {
      table.forEach(
        (values, recordNo) => {
          visit(join(values), recordNo);
        },
        rejected,
        visitBroken === undefined
          ? undefined
          : (values, recordNo) => {
              visitBroken(join(values), recordNo);
            },
      );
    },
  };
}

/** The parts' text joined by a space; a part that is not text is handed on alone, for the reader to reject. */
function joinedValue(values: readonly unknown[]): unknown {
  const present = values.filter((value) => value !== undefined && value !== null && value !== "");
  if (present.length <= 1) return present[0];
  const notText = present.find((value) => typeof value !== "string" && typeof value !== "number");
  if (notText !== undefined) return notText;
  const text = present.map((value) => String(value).trim()).filter((part) => part.length > 0);
  return text.length === 0 ? undefined : text.join(" ");
}
