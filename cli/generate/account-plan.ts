/**
 * What each system holds for each worker, before any format is applied: who has an account, whether
 * offboarding disabled it on time, late or never, when it was last used, which groups and keys it
 * carries. Plus service accounts, stray accounts nobody owns, and former workers' leftovers. The
 * format writers only turn these neutral records into each system's own shape.
 */
import type { Instant } from "../../functions/core/model.ts";
import { DAY_MS, HOUR_MS } from "../../functions/core/time.ts";
import type { AccountSystem } from "./account-systems.ts";
import { asciiLower, type GenPerson, type Population } from "./population.ts";
import { Rng } from "./prng.ts";
import {
  AWS_REGIONS,
  AWS_SERVICES,
  DEPARTMENTS,
  departmentGroup,
  FIRST_NAMES,
  LAST_NAMES,
  SERVICE_APPS,
} from "./vocabulary.ts";

export type AccountOrigin = "person" | "former" | "service" | "orphan";

export interface GenAccessKey {
  active: boolean;
  createdAt: Instant;
  lastUsedAt?: Instant;
  region: string;
  service: string;
}

export interface GenAccount {
  /** Position in the system's export; ids are derived from it. */
  seq: number;
  origin: AccountOrigin;
  firstName: string;
  lastName: string;
  /** The login where the system has its own (IAM user name, GitHub or Slack handle). */
  handle: string;
  /** As the system stores it: maybe the alias domain, maybe mixed case. */
  email: string;
  employeeId?: string;
  department?: string;
  title?: string;
  enabled: boolean;
  createdAt: Instant;
  lastLoginAt?: Instant;
  disabledAt?: Instant;
  privileged: boolean;
  groups: string[];
  /** IAM: console password; Okta/Google: whether the user has set one. */
  hasPassword: boolean;
  mfa: boolean;
  keys: GenAccessKey[];
  /** Okta lifecycle states beyond enabled/disabled: PROVISIONED, LOCKED_OUT, PASSWORD_EXPIRED. */
  oktaStatus?: string;
  /** An external guest (Entra `userType: Guest`). */
  guest?: boolean;
  /** The system's own id, when hand-curated (else derived from `seq`). */
  id?: string;
}

export interface IdentityMapEntry {
  source: string;
  accountId: string;
  employeeId: string;
}

export interface PlanContext {
  population: Population;
  system: AccountSystem;
  seed: number;
  /** When the export was taken: the state of each account is as of then. */
  asOf: Instant;
  primaryDomain: string;
  aliasDomain: string;
  /** Manual correlations the plan needs (renamed admin users, unlinked handles) are added here. */
  identityMap: IdentityMapEntry[];
}

const DISABLE_SLA_MS = 24 * HOUR_MS;
const SYSTEM_LAUNCH_DAYS_AGO = 1600;

/** Every account of one system, in export order: former workers, people, service accounts, strays. */
export function planAccounts(context: PlanContext): GenAccount[] {
  const planner = new AccountPlanner(context);
  for (const former of context.population.formers) planner.former(former);
  for (const person of context.population.people) planner.person(person);
  const people = context.population.people.length;
  for (let k = 0; k < Math.max(2, Math.round(people * 0.03)); k++) planner.service(k);
  for (let k = 0; k < Math.max(1, Math.round(people * 0.002)); k++) planner.stray(k);
  return planner.accounts;
}

class AccountPlanner {
  readonly accounts: GenAccount[] = [];
  private readonly rng: Rng;
  private readonly handles = new Set<string>();
  private readonly nextHandleSuffix = new Map<string, number>();
  private readonly launchedAt: Instant;

  constructor(private readonly context: PlanContext) {
    this.rng = Rng.of(context.seed, `accounts/${context.system.id}`);
    this.launchedAt = context.population.now - SYSTEM_LAUNCH_DAYS_AGO * DAY_MS;
  }

  person(person: GenPerson): void {
    const { rng, context } = this;
    const { asOf, system } = context;
    const coverage = person.isAdmin
      ? 1
      : person.workerType === "contractor"
        ? system.coverage * 0.85
        : system.coverage;
    if (!rng.chance(coverage)) return;
    const createdAt = Math.min(
      asOf,
      Math.max(this.launchedAt, person.hiredAt) + rng.duration(8 * HOUR_MS, 80 * HOUR_MS),
    );
    if (createdAt >= asOf) return; // hired after this export was taken
    const account = this.base(person, "person", createdAt);
    account.privileged = person.isAdmin || rng.chance(0.002);
    account.groups = this.groupsOf(person);
    const leftAt = person.leavesAt !== undefined && person.leavesAt <= asOf ? person.leavesAt : undefined;
    if (leftAt === undefined) this.stayer(account, person);
    else if (!this.leaver(account, leftAt)) return;
    if (system.product === "aws") this.awsCredentials(account, person);
    if (system.product === "github" && rng.chance(0.02)) {
      // Never linked to the SAML identity: no email; IT mapped half of them by hand.
      account.email = "";
      if (rng.chance(0.5)) {
        context.identityMap.push({
          source: system.id,
          accountId: account.handle,
          employeeId: person.employeeId,
        });
      }
    }
    if (system.product === "aws" && person.isAdmin) {
      // Admins use a separate IAM user; only the identity map ties it to them.
      account.handle = `${person.local}-admin`;
      context.identityMap.push({
        source: system.id,
        accountId: account.handle,
        employeeId: person.employeeId,
      });
    }
    this.push(account);
  }

  former(former: GenPerson): void {
    const { rng, context } = this;
    if (!rng.chance(context.system.formerCoverage)) return;
    const leftAt = former.leavesAt ?? context.asOf;
    const createdAt =
      Math.max(this.launchedAt - 900 * DAY_MS, former.hiredAt) + rng.duration(8 * HOUR_MS, 80 * HOUR_MS);
    const account = this.base(
      former,
      "former",
      Math.min(createdAt, leftAt - rng.duration(30 * DAY_MS, 200 * DAY_MS)),
    );
    account.groups = [departmentGroup(former.department)];
    account.lastLoginAt = leftAt - rng.duration(1 * HOUR_MS, 240 * HOUR_MS);
    // Nobody disabled a few of them: enabled accounts of people HR no longer lists (orphans).
    if (!rng.chance(0.015)) {
      account.enabled = false;
      account.disabledAt = leftAt + rng.duration(1 * HOUR_MS, 120 * HOUR_MS);
    }
    if (context.system.product === "aws") this.awsCredentials(account, former);
    this.push(account);
  }

  service(k: number): void {
    const { rng, context } = this;
    const app = rng.pick(SERVICE_APPS);
    const name = `svc-${app}-${k + 1}`;
    const createdAt = context.asOf - rng.duration(30 * DAY_MS, 1500 * DAY_MS);
    const account = this.blank(app, "service account", "service", name, createdAt);
    account.privileged = rng.chance(0.05);
    account.enabled = rng.chance(0.95);
    account.lastLoginAt = rng.chance(0.8)
      ? context.asOf - rng.duration(1 * HOUR_MS, 72 * HOUR_MS)
      : undefined;
    if (!account.enabled) account.disabledAt = context.asOf - rng.duration(2 * DAY_MS, 300 * DAY_MS);
    if (context.system.product === "aws") {
      account.hasPassword = false;
      account.mfa = false;
      account.lastLoginAt = undefined;
      account.keys = [this.accessKey(account, 0.8)];
    }
    this.push(account);
  }

  /** Accounts nobody can attribute: a contractor's personal login, a test user, a guest. */
  stray(k: number): void {
    const { rng, context } = this;
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const style = rng.int(0, 2);
    const name =
      style === 0
        ? `${asciiLower(first).charAt(0)}${asciiLower(last)}${k + 1}`
        : style === 1
          ? `test.user${k + 1}`
          : `temp.contractor${k + 1}`;
    const createdAt = context.asOf - rng.duration(30 * DAY_MS, 900 * DAY_MS);
    const account = this.blank(first, last, "orphan", this.claimHandle(name), createdAt);
    account.enabled = rng.chance(0.9);
    if (!account.enabled) account.disabledAt = createdAt + rng.duration(1 * DAY_MS, 25 * DAY_MS);
    account.lastLoginAt = rng.chance(0.7) ? context.asOf - rng.duration(1 * DAY_MS, 200 * DAY_MS) : undefined;
    if (account.lastLoginAt !== undefined && account.lastLoginAt < createdAt) account.lastLoginAt = createdAt;
    account.guest = context.system.product === "entra" && style === 0;
    if (context.system.product === "aws") this.awsCredentials(account, undefined);
    this.push(account);
  }

  /** An active person: enabled, mostly in daily use, some dormant or never used. */
  private stayer(account: GenAccount, person: GenPerson): void {
    const { rng, context } = this;
    const asOf = context.asOf;
    const roll = rng.next();
    let lastLogin: Instant | undefined;
    if (person.status === "leave") lastLogin = asOf - rng.duration(15 * DAY_MS, 150 * DAY_MS);
    else if (roll < 0.86) lastLogin = asOf - rng.duration(1 * HOUR_MS, 14 * 24 * HOUR_MS);
    else if (roll < 0.94) lastLogin = asOf - rng.duration(91 * DAY_MS, 400 * DAY_MS);
    account.lastLoginAt = lastLogin !== undefined && lastLogin > account.createdAt ? lastLogin : undefined;
    if (person.status === "leave" && rng.chance(0.25)) {
      account.enabled = false;
      account.disabledAt = asOf - rng.duration(5 * DAY_MS, 60 * DAY_MS);
      account.oktaStatus = "SUSPENDED";
    } else if (account.lastLoginAt === undefined && asOf - account.createdAt < 14 * DAY_MS) {
      account.oktaStatus = "PROVISIONED";
    } else if (rng.chance(0.004)) {
      account.oktaStatus = rng.chance(0.5) ? "LOCKED_OUT" : "PASSWORD_EXPIRED";
    }
  }

  /**
   * A leaver: most accounts were disabled inside the SLA (and then kept, or deleted), some late,
   * some never. Returns false when the account was deleted and is not in the export.
   */
  private leaver(account: GenAccount, leftAt: Instant): boolean {
    const { rng, context } = this;
    const since = context.asOf - leftAt;
    account.lastLoginAt = Math.max(account.createdAt, leftAt - rng.duration(1 * HOUR_MS, 240 * HOUR_MS));
    const roll = rng.next();
    if (since < DISABLE_SLA_MS) {
      // Offboarding is under way.
      if (roll < 0.4) this.disable(account, leftAt + rng.next() * since);
      return true;
    }
    if (roll < 0.3) return false;
    if (roll < 0.75) this.disable(account, leftAt + rng.duration(15 * 60_000, 20 * 60 * 60_000));
    else if (roll < 0.88)
      this.disable(
        account,
        leftAt + Math.min(since, rng.duration(2 * DAY_MS, 40 * DAY_MS)) * rng.between(0.9, 1),
      );
    else if (rng.chance(0.25)) account.lastLoginAt = leftAt + rng.next() * since; // a ghost still in use
    return true;
  }

  private disable(account: GenAccount, at: Instant): void {
    account.enabled = false;
    account.disabledAt = Math.min(at, this.context.asOf);
    for (const key of account.keys) key.active = false;
  }

  private awsCredentials(account: GenAccount, person: GenPerson | undefined): void {
    const { rng } = this;
    account.hasPassword = account.enabled && rng.chance(0.9);
    account.mfa = account.hasPassword && rng.chance(0.85);
    const technical =
      person !== undefined && ["Engineering", "Data", "IT", "Security"].includes(person.department);
    if (rng.chance(technical ? 0.6 : 0.2)) account.keys.push(this.accessKey(account, 0.75));
    if (rng.chance(0.05)) account.keys.push(this.accessKey(account, 0.5));
  }

  /** A key created during the account's life, last used before it was disabled (if it was). */
  private accessKey(account: GenAccount, recentShare: number): GenAccessKey {
    const { rng } = this;
    const until = account.enabled ? this.context.asOf : (account.disabledAt ?? this.context.asOf);
    const createdAt = account.createdAt + rng.duration(0, Math.max(0, until - account.createdAt - DAY_MS));
    const roll = rng.next();
    let lastUsedAt: Instant | undefined;
    if (roll < recentShare) lastUsedAt = until - rng.duration(1 * HOUR_MS, 240 * HOUR_MS);
    else if (roll < recentShare + 0.15) lastUsedAt = until - rng.duration(91 * DAY_MS, 400 * DAY_MS);
    if (lastUsedAt !== undefined && lastUsedAt < createdAt) lastUsedAt = createdAt + HOUR_MS;
    return {
      active: account.enabled,
      createdAt,
      lastUsedAt,
      region: rng.pick(AWS_REGIONS),
      service: rng.pick(AWS_SERVICES),
    };
  }

  private groupsOf(person: GenPerson): string[] {
    const { rng } = this;
    const groups = [departmentGroup(person.department)];
    const department = DEPARTMENTS.find((d) => d.name === person.department);
    if (department !== undefined && department.restrictedGroups.length > 0 && rng.chance(0.12)) {
      groups.push(rng.pick(department.restrictedGroups));
    }
    if (person.previousDepartment !== undefined && rng.chance(0.5)) {
      // Moved teams but kept the old team's access.
      const previous = DEPARTMENTS.find((d) => d.name === person.previousDepartment);
      if (previous !== undefined && previous.restrictedGroups.length > 0) {
        const group = rng.pick(previous.restrictedGroups);
        if (!groups.includes(group)) groups.push(group);
      }
    }
    return groups;
  }

  private base(person: GenPerson, origin: AccountOrigin, createdAt: Instant): GenAccount {
    const { rng, context } = this;
    const account = this.blank(person.firstName, person.lastName, origin, person.local, createdAt);
    account.department = person.department;
    account.title = person.title;
    account.handle = this.handleFor(person);
    const style = rng.next();
    if (style < 0.03) account.email = `${person.local}@${context.aliasDomain}`;
    else if (style < 0.06) account.email = `${capitalise(person.local)}@${context.primaryDomain}`;
    if (rng.chance(context.system.employeeIdRate)) account.employeeId = person.employeeId;
    return account;
  }

  private blank(
    first: string,
    last: string,
    origin: AccountOrigin,
    local: string,
    createdAt: Instant,
  ): GenAccount {
    return {
      seq: 0,
      origin,
      firstName: first,
      lastName: last,
      handle: local,
      email: `${local}@${this.context.primaryDomain}`,
      enabled: true,
      createdAt,
      privileged: false,
      groups: [],
      hasPassword: true,
      mfa: true,
      keys: [],
    };
  }

  /** The system's own login for a person, where it is not the email local part. */
  private handleFor(person: GenPerson): string {
    const { rng, context } = this;
    const first = asciiLower(person.firstName);
    const last = asciiLower(person.lastName);
    let handle = person.local;
    if (context.system.product === "github") {
      const style = rng.int(0, 3);
      handle =
        [`${first}${last}`, `${first.charAt(0)}${last}`, `${first}-${last.charAt(0)}`, `${last}${first}-nw`][
          style
        ] ?? handle;
    } else if (context.system.product === "slack" && rng.chance(0.3)) {
      handle = `${first}${last.charAt(0)}`;
    }
    return this.claimHandle(handle);
  }

  /** Logins are unique within a system: a taken one gets the next free number. */
  private claimHandle(handle: string): string {
    let unique = handle;
    let suffix = this.nextHandleSuffix.get(handle) ?? 2;
    while (this.handles.has(unique)) unique = `${handle}${suffix++}`;
    this.nextHandleSuffix.set(handle, suffix);
    this.handles.add(unique);
    return unique;
  }

  private push(account: GenAccount): void {
    account.seq = this.accounts.length;
    this.accounts.push(account);
  }
}

/** `jane.doe` → `Jane.Doe`: how people type their own address. */
export function capitalise(local: string): string {
  return local.replace(/(^|[.-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}
