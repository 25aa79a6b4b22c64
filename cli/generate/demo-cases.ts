/**
 * The bundled demo org's expected results, machine-readable: for each of the 13 rules the subjects
 * that must fire, and the traps — subjects that must produce no finding at all. Ids here are fixed
 * (hand-curated records in `demo-cast.ts` use them), so they hold whatever day the demo is built for.
 */
import type { Severity, SubjectType } from "../../functions/core/finding.ts";

export const RULE_IDS = [
  "ghost-account",
  "orphan-account",
  "late-disable",
  "overdue-deletion",
  "unreturned-device",
  "unused-license",
  "dormant-account",
  "stale-credential",
  "undocumented-offboarding",
  "system-without-admin",
  "orphaned-resource",
  "retained-access-after-role-change",
  "stale-source",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** Source ids of the demo config. */
export const DEMO_SOURCES = {
  roster: "hr",
  aws: "aws-prod",
  okta: "okta",
  slack: "slack",
  google: "google-workspace",
  entra: "entra",
  github: "github",
  salesforce: "salesforce",
  zoom: "zoom",
  laptops: "laptops",
  offboarding: "offboarding",
  resources: "resources",
} as const;

/** Employee numbers of the hand-curated people. */
export const DEMO_PEOPLE = {
  derekHolloway: "100901",
  priyaRaman: "100902",
  tomBrennan: "100903",
  lindaOkafor: "100904",
  kevinMarsh: "100905",
  graceLiu: "100906",
  omarHaddad: "100907",
  helenPark: "100908",
  ninaPetrova: "100909",
  rajMalhotra: "100910",
  victorAlvarez: "100911",
  ameliaBrooks: "100912",
  frankDelgado: "100913",
  brianFoster: "100914",
  mariaGonzalez: "100915",
  danielKim: "100920",
  oliviaBennett: "100921",
  janeDoe: "100922",
  ethanCole: "100923",
  samuelOsei: "100924",
  lauraChen: "100925",
} as const;

/** Fixed ids of the hand-curated records, in each system's own id format. */
export const DEMO_IDS = {
  aws: {
    derekHolloway: "derek.holloway",
    ninaPetrova: "nina.petrova",
    rajMalhotra: "raj.malhotra",
    lauraChen: "laura.chen",
    svcBackup: "svc-backup",
  },
  okta: {
    tomBrennan: "00u8kq2w1xTbRn9Ld4x7",
    omarHaddad: "00u8kq3b7vOmHd2Qa5x7",
    robertKowalski: "00u6zr1p0cRkW3oYt8x7",
    danielKim: "00uaq5m2s9DkIm4Rh1x7",
    oliviaBennett: "00uaq7c4t1ObEn6Nt2x7",
    janeDoe: "00u9f3d8e2JdOe5Aw6x7",
    ethanCole: "00ub2h6j4kEcOl7Ee3x7",
  },
  slack: {
    priyaRaman: "U04PQ8RMN2A",
    mariaGonzalez: "U03MG7ZQ5TB",
    danielKim: "U06DK2MNB8C",
    oliviaBennett: "U05OB9TRX4D",
    ethanCole: "U04EC3LKW7E",
  },
  google: {
    lindaOkafor: "104728391056283746519",
    helenPark: "117394820561739284615",
    itAdminOld: "101847362910584736291",
    danielKim: "112093847561029384756",
    oliviaBennett: "109283746510293847561",
    ethanCole: "115029384756102938475",
  },
  entra: {
    helenPark: "5c1e7a2b-93d4-4f6a-8b21-7d0e4c9f3a18",
  },
  github: {
    samuelOsei: "sosei-dev",
  },
  salesforce: {
    graceLiu: "0055e00000GrLiuAAE",
    frankDelgado: "0055e00000FkDlgAAC",
  },
  laptops: {
    kevinMarsh: "NOR-900905",
    ethanCole: "NOR-900923",
  },
  resources: {
    revenueSyncJob: "job-nightly-revenue-sync",
    forecastRepo: "northwind/forecast-models",
  },
} as const;

export interface DemoSubject {
  type: SubjectType;
  id: string;
}

export interface ExpectedFinding {
  rule: RuleId;
  sourceId: string;
  subject: DemoSubject;
  /** The employee number the finding is about, or null (orphans, systems). */
  personId: string | null;
  severity: Severity;
  /** The story, for the README and for failing tests. */
  why: string;
}

export interface DemoTrap {
  sourceId: string;
  subject: DemoSubject;
  /** The rules a naive scanner would wrongly fire here; no rule may fire on it. */
  guards: readonly RuleId[];
  why: string;
}

const account = (id: string): DemoSubject => ({ type: "account", id });
const person = (id: string): DemoSubject => ({ type: "person", id });
const system = (id: string): DemoSubject => ({ type: "system", id });
const S = DEMO_SOURCES;
const P = DEMO_PEOPLE;
const I = DEMO_IDS;

export const DEMO_EXPECTED_FINDINGS: readonly ExpectedFinding[] = [
  {
    rule: "ghost-account",
    sourceId: S.aws,
    subject: account(I.aws.derekHolloway),
    personId: P.derekHolloway,
    severity: "critical",
    why: "Derek Holloway (IT) left 20 days ago; his privileged IAM user still has a console password and an access key used 2 days ago.",
  },
  {
    rule: "ghost-account",
    sourceId: S.slack,
    subject: account(I.slack.priyaRaman),
    personId: P.priyaRaman,
    severity: "high",
    why: "Priya Raman (Sales) left 45 days ago; her Slack account is still active.",
  },
  {
    rule: "ghost-account",
    sourceId: S.salesforce,
    subject: account(I.salesforce.graceLiu),
    personId: P.graceLiu,
    severity: "high",
    why: "Grace Liu (Customer Success) left 40 days ago; her Salesforce user is still active.",
  },
  {
    rule: "orphan-account",
    sourceId: S.okta,
    subject: account(I.okta.robertKowalski),
    personId: null,
    severity: "high",
    why: "Okta user r.kowalski@northwind.com is active, signed in 10 days ago, and matches nobody in HR.",
  },
  {
    rule: "orphan-account",
    sourceId: S.google,
    subject: account(I.google.itAdminOld),
    personId: null,
    severity: "critical",
    why: "it-admin-old@northwind.com is a Google Workspace super admin that belongs to nobody.",
  },
  {
    rule: "late-disable",
    sourceId: S.okta,
    subject: account(I.okta.tomBrennan),
    personId: P.tomBrennan,
    severity: "medium",
    why: "Tom Brennan left 60 days ago; Okta deprovisioned him 5 days after his last day (SLA: 24 hours).",
  },
  {
    rule: "overdue-deletion",
    sourceId: S.google,
    subject: account(I.google.lindaOkafor),
    personId: P.lindaOkafor,
    severity: "medium",
    why: "Linda Okafor left 90 days ago; her Google account was suspended on time but never deleted (due after 30 days).",
  },
  {
    rule: "overdue-deletion",
    sourceId: S.okta,
    subject: account(I.okta.tomBrennan),
    personId: P.tomBrennan,
    severity: "medium",
    why: "Tom Brennan's deprovisioned Okta user still exists 60 days after he left.",
  },
  {
    rule: "overdue-deletion",
    sourceId: S.salesforce,
    subject: account(I.salesforce.frankDelgado),
    personId: P.frankDelgado,
    severity: "medium",
    why: "Frank Delgado's deactivated Salesforce user still exists 75 days after he left.",
  },
  {
    rule: "unreturned-device",
    sourceId: S.laptops,
    subject: { type: "asset", id: I.laptops.kevinMarsh },
    personId: P.kevinMarsh,
    severity: "high",
    why: "Kevin Marsh left 30 days ago; his MacBook is still checked out to him (return due after 14 days).",
  },
  {
    rule: "unused-license",
    sourceId: S.salesforce,
    subject: account(I.salesforce.graceLiu),
    personId: P.graceLiu,
    severity: "low",
    why: "A $150/month Salesforce seat held by Grace Liu, who left 40 days ago.",
  },
  {
    rule: "unused-license",
    sourceId: S.okta,
    subject: account(I.okta.omarHaddad),
    personId: P.omarHaddad,
    severity: "low",
    why: "Omar Haddad is active but has not signed in to Okta ($6/month) for 120 days.",
  },
  {
    rule: "unused-license",
    sourceId: S.slack,
    subject: account(I.slack.priyaRaman),
    personId: P.priyaRaman,
    severity: "low",
    why: "A $12.50/month Slack seat held by Priya Raman, who left 45 days ago.",
  },
  {
    rule: "dormant-account",
    sourceId: S.google,
    subject: account(I.google.helenPark),
    personId: P.helenPark,
    severity: "low",
    why: "Helen Park's free Google account, created 2 years ago, has not been used for 200 days.",
  },
  {
    rule: "stale-credential",
    sourceId: S.aws,
    subject: account(I.aws.ninaPetrova),
    personId: P.ninaPetrova,
    severity: "medium",
    why: "Nina Petrova's active IAM access key was last used 200 days ago.",
  },
  {
    rule: "stale-credential",
    sourceId: S.aws,
    subject: account(I.aws.rajMalhotra),
    personId: P.rajMalhotra,
    severity: "medium",
    why: "Raj Malhotra's active IAM access key, created 120 days ago, has never been used.",
  },
  {
    rule: "undocumented-offboarding",
    sourceId: S.roster,
    subject: person(P.victorAlvarez),
    personId: P.victorAlvarez,
    severity: "medium",
    why: "Victor Alvarez left 100 days ago and has no offboarding ticket.",
  },
  {
    rule: "undocumented-offboarding",
    sourceId: S.roster,
    subject: person(P.ameliaBrooks),
    personId: P.ameliaBrooks,
    severity: "medium",
    why: "Amelia Brooks left 50 days ago; her offboarding ticket was completed but never approved.",
  },
  {
    rule: "system-without-admin",
    sourceId: S.salesforce,
    subject: system(S.salesforce),
    personId: null,
    severity: "high",
    why: "Salesforce's only admin, Frank Delgado, left 75 days ago and his user is deactivated: nobody can administer it.",
  },
  {
    rule: "orphaned-resource",
    sourceId: S.resources,
    subject: { type: "resource", id: I.resources.revenueSyncJob },
    personId: P.brianFoster,
    severity: "high",
    why: "The nightly revenue sync job still runs as Brian Foster, who left 35 days ago.",
  },
  {
    rule: "orphaned-resource",
    sourceId: S.resources,
    subject: { type: "resource", id: I.resources.forecastRepo },
    personId: P.brianFoster,
    severity: "medium",
    why: "The forecast-models repository is owned by Brian Foster, who left 35 days ago.",
  },
  {
    rule: "retained-access-after-role-change",
    sourceId: S.slack,
    subject: account(I.slack.mariaGonzalez),
    personId: P.mariaGonzalez,
    severity: "high",
    why: "Maria Gonzalez moved from Finance to Sales 60 days ago and is still in finance-admins.",
  },
  {
    rule: "stale-source",
    sourceId: S.github,
    subject: system(S.github),
    personId: null,
    severity: "medium",
    why: "The GitHub members export is 30 days old (limit: 7 days).",
  },
];

export const DEMO_TRAPS: readonly DemoTrap[] = [
  {
    sourceId: S.roster,
    subject: person(P.danielKim),
    guards: ["undocumented-offboarding"],
    why: "Daniel Kim left 2 years ago and was rehired last year: he is active.",
  },
  ...[
    [S.okta, I.okta.danielKim],
    [S.slack, I.slack.danielKim],
    [S.google, I.google.danielKim],
  ].map(([sourceId, id]) => ({
    sourceId: sourceId as string,
    subject: account(id as string),
    guards: ["ghost-account", "unused-license"] as const,
    why: "Daniel Kim is a rehire: his enabled accounts are legitimate.",
  })),
  {
    sourceId: S.roster,
    subject: person(P.oliviaBennett),
    guards: ["undocumented-offboarding"],
    why: "Olivia Bennett's termination date is next month: she has not left yet.",
  },
  ...[
    [S.okta, I.okta.oliviaBennett],
    [S.slack, I.slack.oliviaBennett],
    [S.google, I.google.oliviaBennett],
  ].map(([sourceId, id]) => ({
    sourceId: sourceId as string,
    subject: account(id as string),
    guards: ["ghost-account"] as const,
    why: "Olivia Bennett leaves next month: her accounts stay enabled until then.",
  })),
  {
    sourceId: S.okta,
    subject: account(I.okta.janeDoe),
    guards: ["orphan-account"],
    why: "Okta has Jane.Doe@northwind.io; HR has jane.doe@northwind.com: an alias domain and different case are the same address.",
  },
  {
    sourceId: S.aws,
    subject: account(I.aws.svcBackup),
    guards: ["orphan-account", "stale-credential"],
    why: "svc-backup matches the declared service-account pattern ^svc- and its key is in daily use.",
  },
  {
    sourceId: S.roster,
    subject: person(P.ethanCole),
    guards: ["undocumented-offboarding"],
    why: "Ethan Cole was terminated 6 hours ago: offboarding is inside the 24-hour SLA.",
  },
  ...[
    [S.okta, I.okta.ethanCole],
    [S.slack, I.slack.ethanCole],
    [S.google, I.google.ethanCole],
  ].map(([sourceId, id]) => ({
    sourceId: sourceId as string,
    subject: account(id as string),
    guards: ["ghost-account", "unused-license"] as const,
    why: "Ethan Cole was terminated 6 hours ago: his accounts may still be enabled inside the 24-hour SLA.",
  })),
  {
    sourceId: S.laptops,
    subject: { type: "asset", id: I.laptops.ethanCole },
    guards: ["unreturned-device"],
    why: "Ethan Cole has 14 days to return his laptop.",
  },
  {
    sourceId: S.entra,
    subject: account(I.entra.helenPark),
    guards: ["dormant-account"],
    why: "The Entra export has no signInActivity: dormancy there is not evaluated, even for Helen Park who is dormant in Google.",
  },
  {
    sourceId: S.github,
    subject: account(I.github.samuelOsei),
    guards: ["orphan-account"],
    why: "GitHub login sosei-dev has no SAML email; only the identity map ties it to Samuel Osei.",
  },
  {
    sourceId: S.aws,
    subject: account(I.aws.lauraChen),
    guards: ["orphan-account"],
    why: "IAM user laura.chen carries no email: it matches Laura Chen by username = email local part.",
  },
];

/** The expected findings grouped by rule: rule id → subject ids that must fire. */
export function expectedSubjectsByRule(): Record<RuleId, string[]> {
  const byRule = Object.fromEntries(RULE_IDS.map((rule) => [rule, [] as string[]])) as Record<
    RuleId,
    string[]
  >;
  for (const expected of DEMO_EXPECTED_FINDINGS) byRule[expected.rule].push(expected.subject.id);
  return byRule;
}
