/**
 * What happened after each person left, in order: termination, each account disabled (or still
 * enabled), devices still out, the offboarding ticket's steps. It is the evidence an auditor
 * reads per leaver, and what "SLA compliance" is counted from.
 */
import type { Instant } from "./model.ts";
import type { PersonFacts, ScanContext } from "./scan-context.ts";
import { DAY_MS, HOUR_MS, toIso } from "./time.ts";

export type LeaverEventKind =
  | "terminated"
  | "account-disabled"
  | "account-still-enabled"
  | "device-outstanding"
  | "ticket-requested"
  | "ticket-approved"
  | "ticket-completed"
  | "ticket-missing";

export interface LeaverEvent {
  /** ISO 8601; null for what has not happened. */
  at: string | null;
  kind: LeaverEventKind;
  label: string;
  late?: boolean;
}

export interface LeaverFacts {
  /** Overdue leavers whose termination is within `lookbackDays`: the SLA population. */
  departures: string[];
  /** Events by employee id, for the leavers above. */
  events: Record<string, LeaverEvent[]>;
  /** Termination instant (ISO) by employee id. */
  terminatedAt: Record<string, string>;
  /**
   * Leavers known to have breached the SLA, this scan's and those carried from earlier scans
   * (sla-breaches.ts); set by PersistFindings, absent in blobs written before it was kept.
   */
  slaBreaches?: Record<string, string>;
}

/**
 * Events from the records in this context. `includePersonEvents` adds the per-person ones
 * (termination, ticket) — once, in partition 0 — so partitions can be merged by concatenation.
 */
export function leaverFacts(context: ScanContext, includePersonEvents: boolean): LeaverFacts {
  const { now, policy } = context;
  const lookbackStart = now - policy.lookbackDays * DAY_MS;
  const slaMs = policy.disableWithinHours * HOUR_MS;
  const inScope = (facts: PersonFacts | undefined): facts is PersonFacts & { terminationInstant: Instant } =>
    facts?.overdue === true &&
    facts.terminationInstant !== undefined &&
    facts.terminationInstant >= lookbackStart;

  const facts: LeaverFacts = { departures: [], events: {}, terminatedAt: {} };
  const push = (employeeId: string, event: LeaverEvent) => {
    const list = facts.events[employeeId];
    if (list) list.push(event);
    else facts.events[employeeId] = [event];
  };

  for (const person of context.people) {
    if (!inScope(person)) continue;
    const id = person.person.employeeId;
    facts.terminatedAt[id] = toIso(person.terminationInstant);
    if (!includePersonEvents) continue;
    facts.departures.push(id);
    push(id, {
      at: toIso(person.terminationInstant),
      kind: "terminated",
      label: person.person.terminationDate ?? "termination",
    });
    const records = context.offboardingByEmployee.get(id) ?? [];
    if (records.length === 0) push(id, { at: null, kind: "ticket-missing", label: "no offboarding ticket" });
    for (const record of records) {
      const ticket = `ticket ${record.ticketId ?? "(no id)"}`;
      if (record.requestedAt !== undefined)
        push(id, { at: toIso(record.requestedAt), kind: "ticket-requested", label: ticket });
      if (record.approvedBy !== undefined) {
        push(id, {
          at: record.approvedAt === undefined ? null : toIso(record.approvedAt),
          kind: "ticket-approved",
          label: `${ticket} by ${record.approvedBy}`,
        });
      }
      if (record.completedAt !== undefined)
        push(id, { at: toIso(record.completedAt), kind: "ticket-completed", label: ticket });
    }
  }

  for (const { account, match } of context.accounts) {
    const person = match?.person;
    if (!inScope(person)) continue;
    const label = `${account.sourceId}: ${account.username ?? account.email ?? account.accountId}`;
    const id = person.person.employeeId;
    if (account.enabled) push(id, { at: null, kind: "account-still-enabled", label, late: true });
    else if (account.disabledAt !== undefined) {
      push(id, {
        at: toIso(account.disabledAt),
        kind: "account-disabled",
        label,
        late: account.disabledAt > person.terminationInstant + slaMs,
      });
    }
  }
  for (const { asset, match } of context.assets) {
    const person = match?.person;
    if (!inScope(person)) continue;
    push(person.person.employeeId, {
      at: null,
      kind: "device-outstanding",
      label: `${asset.sourceId}: ${asset.assetId}`,
      late: true,
    });
  }
  return facts;
}

/** Merges partitions' facts: events concatenate, then sort by time (outstanding last). */
export function mergeLeaverFacts(parts: readonly LeaverFacts[]): LeaverFacts {
  const merged: LeaverFacts = { departures: [], events: {}, terminatedAt: {} };
  for (const part of parts) {
    merged.departures.push(...part.departures);
    Object.assign(merged.terminatedAt, part.terminatedAt);
    for (const [id, events] of Object.entries(part.events)) {
      const list = merged.events[id] ?? [];
      list.push(...events);
      merged.events[id] = list;
    }
  }
  for (const events of Object.values(merged.events)) {
    events.sort((a, b) => (a.at ?? "\uffff").localeCompare(b.at ?? "\uffff"));
  }
  return merged;
}
