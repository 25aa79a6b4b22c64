/**
 * The synthetic workforce: the people in the HR roster (with a realistic mix of leavers, rehires,
 * people on leave, future leavers, contractors and role changers) plus former workers who left
 * before the roster's history begins — their accounts linger in systems but they are not in HR.
 * Every choice comes from a seeded stream and is an offset from `now`, so the same seed gives the
 * same people on any day, only shifted in time.
 */
import type { Instant, IsoDate, PersonStatus, WorkerType } from "../../functions/core/model.ts";
import { HOUR_MS } from "../../functions/core/time.ts";
import { Rng } from "./prng.ts";
import { addDays, ZoneClock } from "./time-format.ts";
import { DEPARTMENT_WEIGHTS, DEPARTMENTS, FIRST_NAMES, LAST_NAMES } from "./vocabulary.ts";

export interface GenPerson {
  employeeId: string;
  firstName: string;
  lastName: string;
  /** Lowercase email local part, unique across people and former workers. */
  local: string;
  department: string;
  title: string;
  workerType: WorkerType;
  status: Exclude<PersonStatus, "unknown">;
  hireDate: IsoDate;
  hiredAt: Instant;
  terminationDate?: IsoDate;
  /** Exact instant of a termination that took effect mid-day (for-cause, walked out today). */
  terminatedAt?: Instant;
  /** When the person leaves (past or future); absent for stayers and for rehires, who are active. */
  leavesAt?: Instant;
  managerId?: string;
  previousDepartment?: string;
  roleChangedAt?: Instant;
  /** Holds admin rights in every system (an IT/Security administrator). */
  isAdmin: boolean;
  rehire: boolean;
  /** In the HR roster (false: a former worker who left before the roster's history). */
  inRoster: boolean;
}

export interface PopulationOptions {
  people: number;
  seed: number;
  now: Instant;
  zone: string;
  /** Former workers not in the roster, per rostered person. */
  formerRatio?: number;
  /** Employee number of the first (oldest) worker; numbers grow with hire order. */
  firstEmployeeNumber?: number;
  /** Email local parts already taken (hand-curated people). */
  reservedLocals?: Iterable<string>;
}

export interface Population {
  now: Instant;
  today: IsoDate;
  clock: ZoneClock;
  people: GenPerson[];
  formers: GenPerson[];
}

const DEPARTED_SHARE = 0.08;
const REHIRE_SHARE = 0.006;
const FUTURE_LEAVER_SHARE = 0.012;
const ON_LEAVE_SHARE = 0.02;
const CONTRACTOR_SHARE = 0.09;
const ROLE_CHANGE_SHARE = 0.04;
const MIN_ADMINS = 3;

export function buildPopulation(options: PopulationOptions): Population {
  const { now, seed } = options;
  const clock = new ZoneClock(options.zone);
  const today = clock.date(now);
  const rng = Rng.of(seed, "population");
  const names = new UniqueLocalParts(options.reservedLocals ?? []);
  const formerCount = Math.round(options.people * (options.formerRatio ?? 0.42));
  const firstNumber = options.firstEmployeeNumber ?? 100001;

  const formers: GenPerson[] = [];
  for (let j = 0; j < formerCount; j++) {
    formers.push(formerWorker(rng, names, String(firstNumber + j), today, clock));
  }
  const people: GenPerson[] = [];
  for (let i = 0; i < options.people; i++) {
    const person = rosterPerson(rng, names, String(firstNumber + formerCount + i), today, clock, now);
    // A tree of teams of eight: the first person is the CEO.
    if (i > 0) person.managerId = people[Math.floor((i - 1) / 8)]?.employeeId;
    people.push(person);
  }
  ensureAdmins(people);
  return { now, today, clock, people, formers };
}

function rosterPerson(
  rng: Rng,
  names: UniqueLocalParts,
  employeeId: string,
  today: IsoDate,
  clock: ZoneClock,
  now: Instant,
): GenPerson {
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const department = rng.weighted(DEPARTMENTS, DEPARTMENT_WEIGHTS);
  const workerType: WorkerType = rng.chance(CONTRACTOR_SHARE) ? "contractor" : "employee";
  const roll = rng.next();
  const person: GenPerson = {
    employeeId,
    firstName,
    lastName,
    local: names.claim(firstName, lastName),
    department: department.name,
    title: rng.pick(department.titles),
    workerType,
    status: "active",
    hireDate: today,
    hiredAt: 0,
    isAdmin: false,
    rehire: false,
    inRoster: true,
  };
  let hireDaysAgo = workerType === "contractor" ? rng.int(20, 900) : rng.int(20, 3650);
  if (roll < DEPARTED_SHARE) {
    person.status = "terminated";
    if (rng.chance(0.03)) {
      // Walked out today: still inside the disable SLA when the scan runs.
      person.terminatedAt = now - rng.duration(1 * HOUR_MS, 20 * HOUR_MS);
      person.terminationDate = clock.date(person.terminatedAt);
      hireDaysAgo = rng.int(60, 2500);
    } else {
      const daysAgo = rng.int(1, 730);
      person.terminationDate = addDays(today, -daysAgo);
      hireDaysAgo = daysAgo + rng.int(60, 2500);
    }
  } else if (roll < DEPARTED_SHARE + REHIRE_SHARE) {
    person.rehire = true;
    person.terminationDate = addDays(today, -rng.int(400, 1100));
    hireDaysAgo = rng.int(30, 360);
  } else if (roll < DEPARTED_SHARE + REHIRE_SHARE + FUTURE_LEAVER_SHARE) {
    person.terminationDate = addDays(today, rng.int(1, 60));
  } else if (roll < DEPARTED_SHARE + REHIRE_SHARE + FUTURE_LEAVER_SHARE + ON_LEAVE_SHARE) {
    person.status = "leave";
  }
  person.hireDate = addDays(today, -hireDaysAgo);
  person.hiredAt = clock.startOfDay(person.hireDate);
  if (!person.rehire && person.terminationDate !== undefined) {
    person.leavesAt = person.terminatedAt ?? clock.endOfDay(person.terminationDate);
  }
  if (person.status !== "terminated" && hireDaysAgo > 30 && rng.chance(ROLE_CHANGE_SHARE)) {
    const previous = rng.pick(DEPARTMENTS.filter((d) => d.name !== department.name));
    person.previousDepartment = previous.name;
    person.roleChangedAt = clock.startOfDay(addDays(today, -rng.int(3, Math.min(400, hireDaysAgo - 1))));
  }
  person.isAdmin =
    (department.name === "IT" || department.name === "Security") &&
    person.status === "active" &&
    person.leavesAt === undefined &&
    rng.chance(0.05);
  return person;
}

function formerWorker(
  rng: Rng,
  names: UniqueLocalParts,
  employeeId: string,
  today: IsoDate,
  clock: ZoneClock,
): GenPerson {
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const department = rng.weighted(DEPARTMENTS, DEPARTMENT_WEIGHTS);
  const leftDaysAgo = rng.int(735, 3000);
  const terminationDate = addDays(today, -leftDaysAgo);
  const hireDate = addDays(terminationDate, -rng.int(200, 2500));
  return {
    employeeId,
    firstName,
    lastName,
    local: names.claim(firstName, lastName),
    department: department.name,
    title: rng.pick(department.titles),
    workerType: "employee",
    status: "terminated",
    hireDate,
    hiredAt: clock.startOfDay(hireDate),
    terminationDate,
    leavesAt: clock.endOfDay(terminationDate),
    isAdmin: false,
    rehire: false,
    inRoster: false,
  };
}

/** Small orgs may draw no administrator at all; every system needs a few (IT staff first). */
function ensureAdmins(people: GenPerson[]): void {
  let admins = people.filter((p) => p.isAdmin).length;
  const eligible = (p: GenPerson): boolean =>
    !p.isAdmin && p.status === "active" && p.leavesAt === undefined && !p.rehire;
  const candidates = [
    ...people.filter((p) => eligible(p) && p.department === "IT"),
    ...people.slice(9).filter((p) => eligible(p) && p.department !== "IT"),
  ];
  for (const person of candidates) {
    if (admins >= MIN_ADMINS) return;
    if (!eligible(person)) continue;
    person.isAdmin = true;
    if (person.department !== "IT") {
      person.department = "IT";
      person.title = "Systems Administrator";
    }
    admins++;
  }
}

/** `first.last`, then `first.last2`, `first.last3`, … as mail systems do. */
class UniqueLocalParts {
  private readonly taken: Set<string>;
  private readonly nextSuffix = new Map<string, number>();

  constructor(reserved: Iterable<string>) {
    this.taken = new Set(reserved);
  }

  claim(firstName: string, lastName: string): string {
    const base = `${asciiLower(firstName)}.${asciiLower(lastName)}`;
    let local = base;
    let suffix = this.nextSuffix.get(base) ?? 2;
    while (this.taken.has(local)) {
      local = `${base}${suffix}`;
      suffix++;
    }
    this.nextSuffix.set(base, suffix);
    this.taken.add(local);
    return local;
  }
}

export function asciiLower(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, "");
}
