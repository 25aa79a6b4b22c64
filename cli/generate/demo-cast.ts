/**
 * The hand-curated people and records of the demo org "Northwind Analytics": one story per rule
 * (so every rule fires) and the traps a naive scanner falls into (rehire, future leaver, alias
 * domain, service account, a departure inside the SLA, an export without login data, identity-map
 * and username-only matches). Every date is an offset from `now`; ids come from `demo-cases.ts`.
 */
import type { Instant } from "../../functions/core/model.ts";
import { DAY_MS, HOUR_MS } from "../../functions/core/time.ts";
import type { AccountOrigin, GenAccessKey, GenAccount, IdentityMapEntry } from "./account-plan.ts";
import type { AccountProduct } from "./account-systems.ts";
import type { GenAsset } from "./asset-plan.ts";
import { DEMO_IDS, DEMO_PEOPLE } from "./demo-cases.ts";
import { asciiLower, type GenPerson, type Population } from "./population.ts";
import type { GenResource } from "./resource-plan.ts";
import type { GenTicket } from "./ticket-plan.ts";
import { addDays } from "./time-format.ts";
import { departmentGroup, MACBOOK_PRO } from "./vocabulary.ts";

export interface DemoCast {
  people: GenPerson[];
  accounts: Record<AccountProduct, GenAccount[]>;
  assets: GenAsset[];
  tickets: GenTicket[];
  resources: GenResource[];
  identityMap: IdentityMapEntry[];
}

export interface DemoCastContext {
  population: Population;
  primaryDomain: string;
  aliasDomain: string;
  /** When the stale GitHub export was taken. */
  githubExportedAt: Instant;
}

interface PersonSpec {
  employeeId: string;
  firstName: string;
  lastName: string;
  department: string;
  title: string;
  hiredDaysAgo: number;
  /** Last working day was this many days ago. */
  leftDaysAgo?: number;
  /** Terminated at an exact instant this many hours ago. */
  leftHoursAgo?: number;
  /** Termination date this many days ahead. */
  leavesInDays?: number;
  /** A rehire: the first employment ended this many days ago. */
  firstStintEndedDaysAgo?: number;
  previousDepartment?: string;
  roleChangedDaysAgo?: number;
}

const P = DEMO_PEOPLE;

const PEOPLE: readonly PersonSpec[] = [
  {
    employeeId: P.derekHolloway,
    firstName: "Derek",
    lastName: "Holloway",
    department: "IT",
    title: "Cloud Infrastructure Lead",
    hiredDaysAgo: 1900,
    leftDaysAgo: 20,
  },
  {
    employeeId: P.priyaRaman,
    firstName: "Priya",
    lastName: "Raman",
    department: "Sales",
    title: "Account Executive",
    hiredDaysAgo: 800,
    leftDaysAgo: 45,
  },
  {
    employeeId: P.tomBrennan,
    firstName: "Tom",
    lastName: "Brennan",
    department: "Marketing",
    title: "Content Strategist",
    hiredDaysAgo: 1200,
    leftDaysAgo: 60,
  },
  {
    employeeId: P.lindaOkafor,
    firstName: "Linda",
    lastName: "Okafor",
    department: "Finance",
    title: "Controller",
    hiredDaysAgo: 2500,
    leftDaysAgo: 90,
  },
  {
    employeeId: P.kevinMarsh,
    firstName: "Kevin",
    lastName: "Marsh",
    department: "Engineering",
    title: "Senior Software Engineer",
    hiredDaysAgo: 1400,
    leftDaysAgo: 30,
  },
  {
    employeeId: P.graceLiu,
    firstName: "Grace",
    lastName: "Liu",
    department: "Customer Success",
    title: "Customer Success Manager",
    hiredDaysAgo: 900,
    leftDaysAgo: 40,
  },
  {
    employeeId: P.omarHaddad,
    firstName: "Omar",
    lastName: "Haddad",
    department: "Sales",
    title: "Regional Sales Manager",
    hiredDaysAgo: 1100,
  },
  {
    employeeId: P.helenPark,
    firstName: "Helen",
    lastName: "Park",
    department: "Operations",
    title: "Program Manager",
    hiredDaysAgo: 800,
  },
  {
    employeeId: P.ninaPetrova,
    firstName: "Nina",
    lastName: "Petrova",
    department: "Engineering",
    title: "Staff Engineer",
    hiredDaysAgo: 1500,
  },
  {
    employeeId: P.rajMalhotra,
    firstName: "Raj",
    lastName: "Malhotra",
    department: "Data",
    title: "Data Engineer",
    hiredDaysAgo: 600,
  },
  {
    employeeId: P.victorAlvarez,
    firstName: "Victor",
    lastName: "Alvarez",
    department: "Operations",
    title: "Procurement Specialist",
    hiredDaysAgo: 1000,
    leftDaysAgo: 100,
  },
  {
    employeeId: P.ameliaBrooks,
    firstName: "Amelia",
    lastName: "Brooks",
    department: "Marketing",
    title: "Brand Designer",
    hiredDaysAgo: 700,
    leftDaysAgo: 50,
  },
  {
    employeeId: P.frankDelgado,
    firstName: "Frank",
    lastName: "Delgado",
    department: "IT",
    title: "Salesforce Administrator",
    hiredDaysAgo: 2000,
    leftDaysAgo: 75,
  },
  {
    employeeId: P.brianFoster,
    firstName: "Brian",
    lastName: "Foster",
    department: "Data",
    title: "Analytics Manager",
    hiredDaysAgo: 1300,
    leftDaysAgo: 35,
  },
  {
    employeeId: P.mariaGonzalez,
    firstName: "Maria",
    lastName: "Gonzalez",
    department: "Sales",
    title: "Account Executive",
    hiredDaysAgo: 1600,
    previousDepartment: "Finance",
    roleChangedDaysAgo: 60,
  },
  {
    employeeId: P.danielKim,
    firstName: "Daniel",
    lastName: "Kim",
    department: "Engineering",
    title: "Software Engineer",
    hiredDaysAgo: 300,
    firstStintEndedDaysAgo: 730,
  },
  {
    employeeId: P.oliviaBennett,
    firstName: "Olivia",
    lastName: "Bennett",
    department: "Finance",
    title: "Financial Analyst",
    hiredDaysAgo: 1250,
    leavesInDays: 30,
  },
  {
    employeeId: P.janeDoe,
    firstName: "Jane",
    lastName: "Doe",
    department: "Product",
    title: "Product Manager",
    hiredDaysAgo: 500,
  },
  {
    employeeId: P.ethanCole,
    firstName: "Ethan",
    lastName: "Cole",
    department: "Customer Success",
    title: "Support Engineer",
    hiredDaysAgo: 950,
    leftHoursAgo: 6,
  },
  {
    employeeId: P.samuelOsei,
    firstName: "Samuel",
    lastName: "Osei",
    department: "Engineering",
    title: "Software Engineer",
    hiredDaysAgo: 520,
  },
  {
    employeeId: P.lauraChen,
    firstName: "Laura",
    lastName: "Chen",
    department: "Data",
    title: "Data Analyst",
    hiredDaysAgo: 430,
  },
];

/** Email local parts of the curated people, reserved before the seeded population is drawn. */
export const CURATED_LOCALS: readonly string[] = [
  ...PEOPLE.map((p) => `${asciiLower(p.firstName)}.${asciiLower(p.lastName)}`),
  "r.kowalski",
  "it-admin-old",
];

export function buildDemoCast(context: DemoCastContext): DemoCast {
  const { population, primaryDomain } = context;
  const { now, clock, today } = population;
  const ago = (days: number, extraMinutes = 0): Instant => now - days * DAY_MS - extraMinutes * 60_000;

  const people = PEOPLE.map((spec, index) => curatedPerson(spec, index, population));
  const who = (employeeId: string): GenPerson => {
    const person = people.find((p) => p.employeeId === employeeId);
    if (person === undefined) throw new Error(`demo cast: no curated person ${employeeId}`);
    return person;
  };
  const left = (employeeId: string): Instant => who(employeeId).leavesAt ?? now;

  /** An account of a curated person with everyday defaults: enabled, in daily use. */
  const accountOf = (employeeId: string, id: string, fields: Partial<GenAccount> = {}): GenAccount => {
    const person = who(employeeId);
    return {
      seq: 0,
      origin: "person",
      firstName: person.firstName,
      lastName: person.lastName,
      handle: person.local,
      email: `${person.local}@${primaryDomain}`,
      employeeId: person.employeeId,
      department: person.department,
      title: person.title,
      enabled: true,
      createdAt: person.hiredAt + 9 * HOUR_MS + 17 * 60_000,
      lastLoginAt: ago(1, 143),
      privileged: false,
      groups: [departmentGroup(person.department)],
      hasPassword: true,
      mfa: true,
      keys: [],
      id,
      ...fields,
    };
  };
  /** An account no rostered person holds: a service account or a stray. */
  const standalone = (
    id: string,
    origin: AccountOrigin,
    names: { firstName: string; lastName: string; handle: string },
    fields: Partial<GenAccount>,
  ): GenAccount => ({
    seq: 0,
    origin,
    ...names,
    email: `${names.handle}@${primaryDomain}`,
    enabled: true,
    createdAt: ago(365),
    privileged: false,
    groups: [],
    hasPassword: true,
    mfa: true,
    keys: [],
    id,
    ...fields,
  });
  const key = (createdAt: Instant, lastUsedAt: Instant | undefined, service: string): GenAccessKey => ({
    active: true,
    createdAt,
    lastUsedAt,
    region: "us-east-1",
    service,
  });
  const I = DEMO_IDS;

  const accounts: Record<AccountProduct, GenAccount[]> = {
    aws: [
      accountOf(P.derekHolloway, I.aws.derekHolloway, {
        privileged: true,
        lastLoginAt: left(P.derekHolloway) - 3 * DAY_MS - 4 * HOUR_MS,
        keys: [key(ago(700, 55), ago(2, 310), "ec2")],
      }),
      accountOf(P.ninaPetrova, I.aws.ninaPetrova, {
        lastLoginAt: ago(3, 75),
        keys: [key(ago(400, 20), ago(200, 605), "s3")],
      }),
      accountOf(P.rajMalhotra, I.aws.rajMalhotra, {
        lastLoginAt: ago(1, 90),
        keys: [key(ago(120, 33), undefined, "s3")],
      }),
      accountOf(P.lauraChen, I.aws.lauraChen, { lastLoginAt: ago(1, 200) }),
      standalone(
        I.aws.svcBackup,
        "service",
        { firstName: "backup", lastName: "service account", handle: I.aws.svcBackup },
        {
          createdAt: ago(60, 12),
          hasPassword: false,
          mfa: false,
          keys: [key(ago(60, 10), now - 47 * 60_000, "s3")],
        },
      ),
    ],
    okta: [
      accountOf(P.tomBrennan, I.okta.tomBrennan, {
        enabled: false,
        lastLoginAt: left(P.tomBrennan) - DAY_MS - 5 * HOUR_MS,
        disabledAt: left(P.tomBrennan) + 5 * DAY_MS + 3 * HOUR_MS + 12 * 60_000,
      }),
      accountOf(P.omarHaddad, I.okta.omarHaddad, { lastLoginAt: ago(120, 313) }),
      standalone(
        I.okta.robertKowalski,
        "orphan",
        { firstName: "Robert", lastName: "Kowalski", handle: "r.kowalski" },
        { title: "Contractor", createdAt: ago(300, 400), lastLoginAt: ago(10, 95) },
      ),
      accountOf(P.danielKim, I.okta.danielKim),
      accountOf(P.oliviaBennett, I.okta.oliviaBennett),
      accountOf(P.janeDoe, I.okta.janeDoe, {
        // Signed up with the alias domain and capitalised her name: still the same address.
        email: `Jane.Doe@${context.aliasDomain}`,
        employeeId: undefined,
        lastLoginAt: ago(2, 66),
      }),
      accountOf(P.ethanCole, I.okta.ethanCole, { lastLoginAt: now - 8 * HOUR_MS - 21 * 60_000 }),
    ],
    slack: [
      accountOf(P.priyaRaman, I.slack.priyaRaman, { lastLoginAt: undefined }),
      accountOf(P.mariaGonzalez, I.slack.mariaGonzalez, { groups: ["sales", "finance-admins"] }),
      accountOf(P.danielKim, I.slack.danielKim),
      accountOf(P.oliviaBennett, I.slack.oliviaBennett),
      accountOf(P.ethanCole, I.slack.ethanCole),
    ],
    google: [
      accountOf(P.lindaOkafor, I.google.lindaOkafor, {
        enabled: false,
        lastLoginAt: left(P.lindaOkafor) - 2 * DAY_MS - 3 * HOUR_MS,
        disabledAt: left(P.lindaOkafor) + 2 * HOUR_MS,
      }),
      accountOf(P.helenPark, I.google.helenPark, { createdAt: ago(730, 500), lastLoginAt: ago(200, 130) }),
      standalone(
        I.google.itAdminOld,
        "orphan",
        { firstName: "IT", lastName: "Admin", handle: "it-admin-old" },
        { privileged: true, createdAt: ago(1500, 45), lastLoginAt: ago(150, 222) },
      ),
      accountOf(P.danielKim, I.google.danielKim),
      accountOf(P.oliviaBennett, I.google.oliviaBennett),
      accountOf(P.ethanCole, I.google.ethanCole, { lastLoginAt: now - 8 * HOUR_MS - 2 * 60_000 }),
    ],
    entra: [accountOf(P.helenPark, I.entra.helenPark, { createdAt: ago(730, 480), lastLoginAt: undefined })],
    github: [
      accountOf(P.samuelOsei, I.github.samuelOsei, {
        handle: I.github.samuelOsei,
        email: "", // never linked to SSO: only the identity map ties it to Samuel
        createdAt: ago(500, 70),
        lastLoginAt: context.githubExportedAt - 3 * DAY_MS - 2 * HOUR_MS,
      }),
    ],
    salesforce: [
      accountOf(P.graceLiu, I.salesforce.graceLiu, {
        lastLoginAt: left(P.graceLiu) - 2 * DAY_MS - 6 * HOUR_MS,
      }),
      accountOf(P.frankDelgado, I.salesforce.frankDelgado, {
        enabled: false,
        privileged: true,
        lastLoginAt: left(P.frankDelgado) - DAY_MS - 2 * HOUR_MS,
        disabledAt: left(P.frankDelgado) + 3 * HOUR_MS,
      }),
    ],
    zoom: [],
  };

  return {
    people,
    accounts,
    assets: curatedAssets(people, now),
    tickets: curatedTickets(people, population, primaryDomain),
    resources: [
      {
        resourceId: I.resources.revenueSyncJob,
        type: "scheduled-job",
        owner: `${who(P.brianFoster).local}@${primaryDomain}`,
        schedule: "0 2 * * *",
      },
      { resourceId: I.resources.forecastRepo, type: "repository", owner: P.brianFoster },
    ],
    identityMap: [{ source: "github", accountId: I.github.samuelOsei, employeeId: P.samuelOsei }],
  };

  function curatedPerson(spec: PersonSpec, index: number, base: Population): GenPerson {
    const hireDate = addDays(today, -spec.hiredDaysAgo);
    const person: GenPerson = {
      employeeId: spec.employeeId,
      firstName: spec.firstName,
      lastName: spec.lastName,
      local: `${asciiLower(spec.firstName)}.${asciiLower(spec.lastName)}`,
      department: spec.department,
      title: spec.title,
      workerType: "employee",
      status: "active",
      hireDate,
      hiredAt: clock.startOfDay(hireDate),
      managerId: base.people[1 + (index % 8)]?.employeeId,
      isAdmin: false,
      rehire: false,
      inRoster: true,
    };
    if (spec.leftDaysAgo !== undefined) {
      person.status = "terminated";
      person.terminationDate = addDays(today, -spec.leftDaysAgo);
      person.leavesAt = clock.endOfDay(person.terminationDate);
    } else if (spec.leftHoursAgo !== undefined) {
      person.status = "terminated";
      person.terminatedAt = now - spec.leftHoursAgo * HOUR_MS;
      person.terminationDate = clock.date(person.terminatedAt);
      person.leavesAt = person.terminatedAt;
    } else if (spec.leavesInDays !== undefined) {
      person.terminationDate = addDays(today, spec.leavesInDays);
      person.leavesAt = clock.endOfDay(person.terminationDate);
    } else if (spec.firstStintEndedDaysAgo !== undefined) {
      person.rehire = true;
      person.terminationDate = addDays(today, -spec.firstStintEndedDaysAgo);
    }
    if (spec.previousDepartment !== undefined && spec.roleChangedDaysAgo !== undefined) {
      person.previousDepartment = spec.previousDepartment;
      person.roleChangedAt = clock.startOfDay(addDays(today, -spec.roleChangedDaysAgo));
    }
    return person;
  }
}

/** A laptop each: handed back by leavers, except Kevin Marsh (overdue) and Ethan Cole (still inside the window). */
function curatedAssets(people: readonly GenPerson[], now: Instant): GenAsset[] {
  const kept: ReadonlySet<string> = new Set([DEMO_PEOPLE.kevinMarsh, DEMO_PEOPLE.ethanCole]);
  return people.map((person, index) => {
    const gone = person.leavesAt !== undefined && person.leavesAt <= now;
    const holds = !gone || kept.has(person.employeeId);
    const checkoutAt =
      person.employeeId === DEMO_PEOPLE.kevinMarsh
        ? now - 700 * DAY_MS - 3 * HOUR_MS
        : person.employeeId === DEMO_PEOPLE.ethanCole
          ? now - 400 * DAY_MS - 5 * HOUR_MS
          : person.hiredAt + DAY_MS + 10 * HOUR_MS;
    const purchasedAt = checkoutAt - 12 * DAY_MS;
    return {
      id: 0,
      tag: `NOR-900${person.employeeId.slice(-3)}`,
      serial: `C02${person.employeeId}NW${String(index + 10)}`,
      model: MACBOOK_PRO,
      state: holds ? "deployed" : "ready",
      holder: holds ? person : undefined,
      holderUserId: 900 + index,
      holderHasEmployeeNumber: true,
      purchasedAt,
      lastCheckoutAt: checkoutAt,
      checkouts: 1,
      updatedAt: holds ? checkoutAt : Math.min(now, (person.leavesAt ?? now) + 2 * DAY_MS + 3 * HOUR_MS),
    };
  });
}

/** Complete tickets for leavers, except Victor Alvarez (none), Amelia Brooks (never approved) and Ethan Cole (in progress). */
function curatedTickets(
  people: readonly GenPerson[],
  population: Population,
  primaryDomain: string,
): GenTicket[] {
  const { now, clock } = population;
  const staff = (department: string, fallback: string): string => {
    const found = population.people.find(
      (p) => p.department === department && p.status === "active" && p.leavesAt === undefined,
    );
    return `${found?.local ?? fallback}@${primaryDomain}`;
  };
  const hr = staff("People", "hr-operations");
  const it = staff("IT", "it-service-desk");
  const managerEmail = (person: GenPerson): string => {
    const manager = population.people.find((p) => p.employeeId === person.managerId);
    return manager === undefined ? hr : `${manager.local}@${primaryDomain}`;
  };
  const tickets: GenTicket[] = [];
  for (const person of people) {
    const ticketId = `RITM0900${person.employeeId.slice(-3)}`;
    const base = { ticketId, employeeId: person.employeeId, requestedBy: managerEmail(person) };
    if (person.rehire && person.terminationDate !== undefined) {
      const leftAt = clock.endOfDay(person.terminationDate);
      tickets.push({
        ...base,
        requestedAt: leftAt - 10 * DAY_MS + 9 * HOUR_MS + 41 * 60_000,
        approvedBy: hr,
        approvedAt: leftAt - 9 * DAY_MS + 14 * HOUR_MS + 5 * 60_000,
        completedAt: leftAt - 6 * HOUR_MS - 20 * 60_000,
        completedBy: it,
      });
      continue;
    }
    const leavesAt = person.leavesAt;
    if (leavesAt === undefined || person.employeeId === DEMO_PEOPLE.victorAlvarez) continue;
    if (leavesAt > now) {
      tickets.push({
        ...base,
        requestedAt: now - 2 * DAY_MS - 4 * HOUR_MS,
        approvedBy: hr,
        approvedAt: now - DAY_MS - 7 * HOUR_MS,
      });
      continue;
    }
    if (person.employeeId === DEMO_PEOPLE.ethanCole) {
      tickets.push({
        ...base,
        requestedAt: now - 5 * HOUR_MS - 40 * 60_000,
        approvedBy: hr,
        approvedAt: now - 4 * HOUR_MS,
      });
      continue;
    }
    const completedAt =
      person.employeeId === DEMO_PEOPLE.tomBrennan
        ? leavesAt + 5 * DAY_MS + 11 * HOUR_MS + 12 * 60_000
        : leavesAt - 6 * HOUR_MS - 35 * 60_000;
    const ticket: GenTicket = {
      ...base,
      requestedAt: leavesAt - 11 * DAY_MS + 10 * HOUR_MS + 23 * 60_000,
      approvedBy: hr,
      approvedAt: leavesAt - 10 * DAY_MS + 13 * HOUR_MS + 48 * 60_000,
      completedAt,
      completedBy: it,
    };
    if (person.employeeId === DEMO_PEOPLE.ameliaBrooks) {
      ticket.approvedBy = undefined;
      ticket.approvedAt = undefined;
    }
    tickets.push(ticket);
  }
  return tickets;
}
