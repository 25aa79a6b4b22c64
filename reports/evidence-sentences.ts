/**
 * A finding's evidence as a compliance officer reads it: labelled facts in words, most telling
 * first — "Overdue: 492 days; disable was due 2 Aug 2025, 00:00 EDT" rather than
 * `hoursOverdue: 11807` — with durations in days or hours, instants and dates in the org's time
 * zone, and money in its currency. It knows the evidence keys each rule writes
 * (functions/core/rules/); a key it does not know is still shown, under a label made from its name.
 * findings.json and findings.csv keep the raw fields (evidence-text.ts).
 *
 * Pure and cheap: manager digests call it for every item, thousands of digests a night.
 */
import type { Evidence, EvidenceValue } from "../functions/core/finding.ts";
import { formatCount, formatMoney } from "./format.ts";
import { formatCalendarDate, type ZoneClock, zoneClock } from "./zone-clock.ts";

/** One fact: shown as `label: text`. */
export interface EvidenceLine {
  label: string;
  text: string;
  /**
   * Background rather than proof — who left and when, the item's names, how it was matched, its
   * cost: a listing that already shows those beside the finding (a manager's digest) leaves it out.
   */
  background?: true;
}

/** What the reader's org needs to read the facts in: its zone and its currency. */
export interface EvidenceReader {
  timezone: string;
  /** ISO 4217; USD when absent. */
  currency?: string | undefined;
}

export interface EvidenceOf {
  rule: string;
  subject: { id: string };
  evidence: Evidence;
}

/** Items a listed fact names before "and N more": the report's and the email's cells stay short. */
const LIST_ITEMS = 5;

export function evidenceSentences(finding: EvidenceOf, reader: EvidenceReader): EvidenceLine[] {
  const facts = new Facts(finding.evidence, finding.subject.id, zoneClock(reader.timezone), reader.currency);
  const sentences = RULE_SENTENCES.get(finding.rule);
  const lines: EvidenceLine[] = [];
  if (sentences !== undefined) {
    for (const line of sentences.lines(facts)) if (line !== undefined) lines.push(line);
  }
  const known = sentences?.keys;
  for (const key in finding.evidence) {
    if (known?.has(key)) continue;
    const line = unknownKeyLine(key, finding.evidence[key], facts);
    if (line !== undefined) lines.push(line);
  }
  return lines;
}

/** `Overdue: 492 days; …` — one line of plain text per fact. */
export function evidenceLineText(line: EvidenceLine): string {
  return `${line.label}: ${line.text}`;
}

// ---------------------------------------------------------------------------------------------
// Reading the evidence

class Facts {
  constructor(
    readonly evidence: Evidence,
    readonly subjectId: string,
    readonly clock: ZoneClock,
    readonly currency: string | undefined,
  ) {}

  text(key: string): string | undefined {
    const value = this.evidence[key];
    return typeof value === "string" && value !== "" ? value : undefined;
  }

  number(key: string): number | undefined {
    const value = this.evidence[key];
    return typeof value === "number" && Number.isFinite(value) ? value : undefined;
  }

  flag(key: string): boolean {
    return this.evidence[key] === true;
  }

  list(key: string): readonly string[] | undefined {
    const value = this.evidence[key];
    return Array.isArray(value) && value.length > 0 ? value : undefined;
  }

  /** `2 Aug 2025, 00:00 EDT`; text that is not an instant as it is. */
  instant(key: string): string | undefined {
    const text = this.text(key);
    return text === undefined ? undefined : (this.clock.instant(text) ?? text);
  }

  /** `1 Aug 2025`; text that is not a date as it is. */
  date(key: string): string | undefined {
    const text = this.text(key);
    return text === undefined ? undefined : (formatCalendarDate(text) ?? text);
  }
}

function line(label: string, text: string | undefined): EvidenceLine | undefined {
  return text === undefined || text === "" ? undefined : { label, text };
}

function background(label: string, text: string | undefined): EvidenceLine | undefined {
  return text === undefined || text === "" ? undefined : { label, text, background: true };
}

/** `1 hour`, `36 hours`, `492 days`: hours while they are the clearer unit, then days. */
export function hoursText(hours: number): string {
  return Math.abs(hours) < 48 ? counted(hours, "hour") : counted(Math.round(hours / 24), "day");
}

function daysText(days: number): string {
  return counted(days, "day");
}

/** A table's own entry only: a value such as `constructor` must not find Object's prototype. */
function wordFor<T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

function counted(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? "" : "s"}`;
}

/** `a, b, c and 4 more`: `total` counts items the evidence itself already left out. */
function listText(items: readonly string[], total = items.length): string {
  const shown = items.slice(0, LIST_ITEMS);
  const more = Math.max(total, items.length) - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${formatCount(more)} more` : shown.join(", ");
}

// ---------------------------------------------------------------------------------------------
// Facts several rules record (functions/core/rules/evidence.ts, dormancy.ts)

const ACCOUNT_KEYS = ["accountId", "username", "email", "privileged", "enabled"];
const TERMINATION_KEYS = ["terminationDate", "terminatedAt", "terminationInstant"];
const MATCH_KEYS = ["matchedBy", "matchedOn", "personStatus", ...TERMINATION_KEYS];
const DORMANCY_KEYS = [
  "lastLoginAt",
  "neverLoggedIn",
  "daysSinceLogin",
  "createdAt",
  "accountAgeDays",
  "dormantAfterDays",
];

/** The account's names the subject column does not already show, and its admin rights. */
function accountLine(
  facts: Facts,
  extraNames: readonly (string | undefined)[] = [],
): EvidenceLine | undefined {
  const names: string[] = [];
  for (const name of [...extraNames, facts.text("username"), facts.text("email")]) {
    if (name !== undefined && name !== facts.subjectId && !names.includes(name)) names.push(name);
  }
  const listed = names.join(", ");
  if (!facts.flag("privileged")) return background("Account", listed);
  return background("Account", listed === "" ? "has admin rights" : `${listed} (admin rights)`);
}

/** `1 Jun 2025 (last day)`, or the exact instant of a termination that has one. */
function leftLine(facts: Facts): EvidenceLine | undefined {
  const terminatedAt = facts.instant("terminatedAt");
  if (terminatedAt !== undefined) return background("Left", `${terminatedAt} (terminated)`);
  const lastDay = facts.date("terminationDate");
  return lastDay === undefined ? undefined : background("Left", `${lastDay} (last day)`);
}

const MATCH_METHODS: Record<string, string> = {
  "identity-map": "the identity map, to",
  "employee-id": "employee id",
  email: "email",
  username: "username",
};

/** How the record was tied to the person (SPEC §3: the correlation method is part of the proof). */
function matchedLine(facts: Facts): EvidenceLine | undefined {
  const method = facts.text("matchedBy");
  if (method === undefined) return undefined;
  const on = facts.text("matchedOn");
  const how = wordFor(MATCH_METHODS, method) ?? method;
  return background("Matched by", on === undefined ? how : `${how} ${on}`);
}

function lastSignInLine(facts: Facts): EvidenceLine {
  const at = facts.instant("lastLoginAt");
  if (at === undefined) return { label: "Last sign-in", text: "none recorded" };
  return { label: "Last sign-in", text: facts.flag("loginAfterTermination") ? `${at}, after they left` : at };
}

/** `no sign-in for 143 days (limit 90 days); last 3 Feb 2025, 10:00 EST`, or never, with the account's age. */
function dormancyText(facts: Facts): string | undefined {
  const limit = facts.number("dormantAfterDays");
  const limitText = limit === undefined ? "" : ` (limit ${daysText(limit)})`;
  const days = facts.number("daysSinceLogin");
  if (days !== undefined) {
    const last = facts.instant("lastLoginAt");
    return `no sign-in for ${daysText(days)}${limitText}${last === undefined ? "" : `; last ${last}`}`;
  }
  if (!facts.flag("neverLoggedIn")) return undefined;
  const created = facts.instant("createdAt");
  const age = facts.number("accountAgeDays");
  const since =
    created === undefined ? "" : `; created ${created}${age === undefined ? "" : `, ${daysText(age)} ago`}`;
  return `never signed in${since}${limitText}`;
}

// ---------------------------------------------------------------------------------------------
// Per rule: the keys it writes and the facts it shows, most telling first

interface RuleSentences {
  /** Every key the rule writes, shown or deliberately left to findings.csv (ids the row already shows). */
  keys: ReadonlySet<string>;
  lines(facts: Facts): readonly (EvidenceLine | undefined)[];
}

const RULE_SENTENCES = new Map<string, RuleSentences>();

function rule(id: string, keys: readonly string[], lines: RuleSentences["lines"]): void {
  RULE_SENTENCES.set(id, { keys: new Set(keys), lines });
}

rule(
  "ghost-account",
  [...ACCOUNT_KEYS, ...MATCH_KEYS, "disableDueAt", "hoursOverdue", "lastLoginAt", "loginAfterTermination"],
  (facts) => {
    const hours = facts.number("hoursOverdue");
    const due = facts.instant("disableDueAt");
    return [
      line(
        "Overdue",
        hours === undefined
          ? undefined
          : `${hoursText(hours)}${due === undefined ? "" : `; disable was due ${due}`}`,
      ),
      lastSignInLine(facts),
      leftLine(facts),
      accountLine(facts),
      matchedLine(facts),
    ];
  },
);

rule(
  "late-disable",
  [
    ...ACCOUNT_KEYS,
    ...MATCH_KEYS,
    "disableWithinHours",
    "disableDueAt",
    "disabledAt",
    "hoursLate",
    "hoursAfterTermination",
  ],
  (facts) => {
    const late = facts.number("hoursLate");
    const disabled = facts.instant("disabledAt");
    const after = facts.number("hoursAfterTermination");
    const within = facts.number("disableWithinHours");
    const due = facts.instant("disableDueAt");
    const disabledText =
      disabled === undefined
        ? ""
        : `; disabled ${disabled}${after === undefined ? "" : `, ${hoursText(after)} after they left`}`;
    return [
      line("Disabled late", late === undefined ? undefined : `by ${hoursText(late)}${disabledText}`),
      line(
        "Deadline",
        due === undefined
          ? undefined
          : `${due}${within === undefined ? "" : ` (${hoursText(within)} after leaving)`}`,
      ),
      leftLine(facts),
      accountLine(facts),
      matchedLine(facts),
    ];
  },
);

const DELETION_BASES: Record<string, (days: string) => string> = {
  termination: (days) => `${days} after the last day`,
  disabledAt: (days) => `${days} after it was disabled`,
};

rule(
  "overdue-deletion",
  [
    ...ACCOUNT_KEYS,
    ...MATCH_KEYS,
    "deletionBasis",
    "deleteAfterDays",
    "disabledAt",
    "deleteDueAt",
    "daysOverdue",
  ],
  (facts) => {
    const days = facts.number("daysOverdue");
    const due = facts.instant("deleteDueAt");
    const basis = facts.text("deletionBasis");
    const after = facts.number("deleteAfterDays");
    const deadline =
      basis === "deleteAfter"
        ? "the account's own deletion date"
        : basis !== undefined && after !== undefined
          ? wordFor(DELETION_BASES, basis)?.(daysText(after))
          : undefined;
    const dueText =
      due === undefined ? "" : `; deletion was due ${due}${deadline === undefined ? "" : `, ${deadline}`}`;
    return [
      line("Deletion overdue", days === undefined ? undefined : `${daysText(days)}${dueText}`),
      line("Disabled", facts.instant("disabledAt")),
      leftLine(facts),
      accountLine(facts),
      matchedLine(facts),
    ];
  },
);

rule(
  "unreturned-device",
  [
    "assetId",
    "serial",
    "type",
    "status",
    "assignedTo",
    "assignedAt",
    ...MATCH_KEYS,
    "deviceReturnDays",
    "returnDueAt",
    "daysOverdue",
  ],
  (facts) => {
    const days = facts.number("daysOverdue");
    const due = facts.instant("returnDueAt");
    const within = facts.number("deviceReturnDays");
    const dueText =
      due === undefined
        ? ""
        : `; return was due ${due}${within === undefined ? "" : `, ${daysText(within)} after the last day`}`;
    const serial = facts.text("serial");
    const status = facts.text("status");
    const device = [facts.text("type"), serial && `serial ${serial}`, status && `status ${status}`];
    const assignedTo = facts.text("assignedTo");
    const assignedAt = facts.instant("assignedAt");
    const assigned = [assignedTo && `to ${assignedTo}`, assignedAt && `since ${assignedAt}`];
    return [
      line("Return overdue", days === undefined ? undefined : `${daysText(days)}${dueText}`),
      background("Device", device.filter((part) => part).join(", ")),
      line("Assigned", assigned.filter((part) => part).join(" ")),
      leftLine(facts),
      matchedLine(facts),
    ];
  },
);

const COST_FROM: Record<string, string> = {
  source: "the system's price per seat",
  account: "the account's own cost",
};

rule(
  "unused-license",
  [...ACCOUNT_KEYS, ...MATCH_KEYS, ...DORMANCY_KEYS, "reason", "monthlyCost", "costFrom"],
  (facts) => {
    const cost = facts.number("monthlyCost");
    const from = wordFor(COST_FROM, facts.text("costFrom"));
    const departed = facts.text("reason") === "departed";
    return [
      background(
        "Cost",
        cost === undefined
          ? undefined
          : `${formatMoney(cost, facts.currency)} a month${from === undefined ? "" : ` (${from})`}`,
      ),
      line("Unused", departed ? "the holder has left" : dormancyText(facts)),
      departed ? leftLine(facts) : undefined,
      departed ? lastSignInLine(facts) : undefined,
      accountLine(facts),
      matchedLine(facts),
    ];
  },
);

rule("dormant-account", [...ACCOUNT_KEYS, ...MATCH_KEYS, ...DORMANCY_KEYS], (facts) => [
  line("Dormant", dormancyText(facts)),
  accountLine(facts),
  matchedLine(facts),
]);

rule(
  "stale-credential",
  [
    ...ACCOUNT_KEYS,
    ...MATCH_KEYS,
    "credentialIds",
    "credentialUse",
    "neverUsed",
    "maxIdleDays",
    "credentialMaxIdleDays",
  ],
  (facts) => {
    const idle = facts.number("maxIdleDays");
    const limit = facts.number("credentialMaxIdleDays");
    const limitText = limit === undefined ? "" : ` (limit ${daysText(limit)})`;
    const use = facts.list("credentialUse") ?? facts.list("credentialIds");
    return [
      line(
        "Unused",
        idle === undefined ? `never used, age unknown${limitText}` : `up to ${daysText(idle)}${limitText}`,
      ),
      line("Credentials", use && listText(use.map((text) => facts.clock.instantsIn(text)))),
      leftLine(facts),
      accountLine(facts),
      matchedLine(facts),
    ];
  },
);

rule(
  "orphan-account",
  [
    ...ACCOUNT_KEYS,
    "displayName",
    "employeeId",
    "createdAt",
    "lastLoginAt",
    "suggestedPersonId",
    "suggestedBy",
  ],
  (facts) => {
    const employeeId = facts.text("employeeId");
    const suggested = facts.text("suggestedPersonId");
    const by = facts.text("suggestedBy") === "display-name" ? "by display name" : facts.text("suggestedBy");
    return [
      line(
        "Unmatched",
        employeeId === undefined
          ? "no one on the roster matches its id, email or username"
          : `its employee id ${employeeId} is not on the roster`,
      ),
      accountLine(facts, [facts.text("displayName")]),
      line(
        "Possible match",
        suggested && `${suggested}${by === undefined ? "" : `, ${by}`} (a suggestion, not correlated)`,
      ),
      line("Created", facts.instant("createdAt")),
      lastSignInLine(facts),
    ];
  },
);

rule(
  "orphaned-resource",
  ["resourceId", "type", "schedule", "scheduledJob", "ownerId", ...MATCH_KEYS, "reassignDueAt"],
  (facts) => {
    const type = facts.text("type");
    const schedule = facts.text("schedule");
    const kind = facts.flag("scheduledJob") ? "scheduled job" : undefined;
    const resource = [kind, type && type !== kind ? type : undefined, schedule && `runs ${schedule}`];
    const owner = facts.text("ownerId");
    return [
      line("Reassignment was due", facts.instant("reassignDueAt")),
      background("Resource", resource.filter((part) => part).join(", ")),
      leftLine(facts),
      owner === facts.text("matchedOn") ? undefined : background("Owner", owner),
      matchedLine(facts),
    ];
  },
);

const MISSING_PARTS: Record<string, string> = {
  record: "the offboarding record",
  approvedBy: "approval",
  completedAt: "completion date",
  completedBy: "who completed it",
};

rule(
  "undocumented-offboarding",
  [
    "employeeId",
    "personStatus",
    ...TERMINATION_KEYS,
    "missing",
    "recordsFound",
    "ticketId",
    "recordSourceId",
    "requestedAt",
    "requestedBy",
    "approvedBy",
    "approvedAt",
    "completedAt",
    "completedBy",
    "offboardingSources",
  ],
  (facts) => {
    const missing = facts.list("missing");
    const ticket = facts.text("ticketId");
    const where = facts.text("recordSourceId");
    const found = facts.number("recordsFound");
    const searched = facts.list("offboardingSources");
    const record =
      ticket === undefined
        ? searched && `none found in ${listText(searched)}`
        : `ticket ${ticket}${where === undefined ? "" : ` in ${where}`}${found !== undefined && found > 1 ? ` (the most complete of ${formatCount(found)})` : ""}`;
    const step = (at: string, by: string) => {
      const parts = [facts.instant(at), facts.text(by) && `by ${facts.text(by)}`];
      return parts.filter((part) => part).join(" ");
    };
    return [
      line("Missing", missing && listText(missing.map((part) => wordFor(MISSING_PARTS, part) ?? part))),
      line("Record", record),
      leftLine(facts),
      line("Requested", step("requestedAt", "requestedBy")),
      line("Approved", step("approvedAt", "approvedBy")),
      line("Completed", step("completedAt", "completedBy")),
    ];
  },
);

rule(
  "system-without-admin",
  ["privilegedAccounts", "disabled", "heldByDepartedPerson", "heldByNoPerson", "privilegedAccountIds"],
  (facts) => {
    const total = facts.number("privilegedAccounts");
    const parts = [
      [facts.number("disabled"), "disabled"],
      [facts.number("heldByDepartedPerson"), "held by someone who left"],
      [facts.number("heldByNoPerson"), "held by no one on the roster"],
    ] as const;
    const breakdown = parts
      .filter(([count]) => count !== undefined && count > 0)
      .map(([count, what]) => `${formatCount(count ?? 0)} ${what}`);
    const ids = facts.list("privilegedAccountIds");
    return [
      line(
        "Admin accounts",
        total === undefined ? undefined : `${formatCount(total)}, none usable: ${breakdown.join(", ")}`,
      ),
      line("Admins", ids && listText(ids, total)),
    ];
  },
);

const EXPORTED_AT_FROM: Record<string, string> = {
  config: "as configured",
  "file-mtime": "from the file's modification time",
  api: "when the API was read",
};

rule(
  "stale-source",
  ["kind", "format", "exportedAt", "exportedAtFrom", "ageDays", "maxSourceAgeDays"],
  (facts) => {
    const age = facts.number("ageDays");
    const limit = facts.number("maxSourceAgeDays");
    const exported = facts.instant("exportedAt");
    const from = wordFor(EXPORTED_AT_FROM, facts.text("exportedAtFrom"));
    const exportedText =
      exported === undefined ? "" : `; exported ${exported}${from === undefined ? "" : `, ${from}`}`;
    return [
      line(
        "Data age",
        age === undefined
          ? undefined
          : `${daysText(age)}${limit === undefined ? "" : ` (limit ${daysText(limit)})`}${exportedText}`,
      ),
    ];
  },
);

rule(
  "retained-access-after-role-change",
  [
    ...ACCOUNT_KEYS,
    ...MATCH_KEYS,
    "groups",
    "allowedDepartments",
    "currentDepartment",
    "previousDepartment",
    "roleChangedAt",
    "roleChangeGraceDays",
    "graceEndedAt",
  ],
  (facts) => {
    const groups = facts.list("groups");
    const from = facts.text("previousDepartment");
    const to = facts.text("currentDepartment");
    const changed = facts.instant("roleChangedAt");
    const moved = [from && `from ${from}`, to && `to ${to}`, changed && `on ${changed}`];
    const grace = facts.number("roleChangeGraceDays");
    const ended = facts.instant("graceEndedAt");
    const allowed = facts.list("allowedDepartments");
    return [
      line("Restricted groups", groups && listText(groups)),
      line("Moved", moved.filter((part) => part).join(" ")),
      line(
        "Grace ended",
        ended === undefined
          ? undefined
          : `${ended}${grace === undefined ? "" : ` (${daysText(grace)} after the move)`}`,
      ),
      line("Allowed for", allowed && listText(allowed)),
      accountLine(facts),
      matchedLine(facts),
    ];
  },
);

// ---------------------------------------------------------------------------------------------
// Keys no rule above declares: still shown, in words where the value allows

function unknownKeyLine(
  key: string,
  value: EvidenceValue | undefined,
  facts: Facts,
): EvidenceLine | undefined {
  if (value === undefined || value === null || value === "" || value === false) return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  return { label: labelOf(key), text: valueText(value, facts.clock) };
}

function valueText(value: EvidenceValue, clock: ZoneClock): string {
  if (value === null) return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return formatCount(value);
  if (typeof value === "string") return clock.instant(value) ?? formatCalendarDate(value) ?? value;
  return listText(value.map((item) => clock.instant(item) ?? formatCalendarDate(item) ?? item));
}

/** `hoursOverdue` → `Hours overdue`; `source_id` → `Source id`. */
function labelOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words === "" ? key : words.charAt(0).toUpperCase() + words.slice(1);
}
