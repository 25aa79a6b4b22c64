/**
 * Owned things that outlive their owner: scheduled jobs, repositories, datasets and shared drives.
 * Owners are referenced the way such inventories do — by email, employee number or username — and
 * a few are owned by service accounts.
 */
import type { GenPerson, Population } from "./population.ts";
import { Rng } from "./prng.ts";
import { CRON_SCHEDULES, REPOSITORY_WORDS, SERVICE_APPS } from "./vocabulary.ts";

export type ResourceType = "scheduled-job" | "repository" | "dataset" | "shared-drive";

export interface GenResource {
  resourceId: string;
  type: ResourceType;
  owner: string;
  schedule?: string;
}

export function planResources(
  population: Population,
  seed: number,
  orgSlug: string,
  primaryDomain: string,
): GenResource[] {
  const rng = Rng.of(seed, "resources");
  const { people } = population;
  const n = people.length;
  const taken = new Set<string>();
  const nextSuffix = new Map<string, number>();
  const unique = (id: string): string => {
    let candidate = id;
    let suffix = nextSuffix.get(id) ?? 2;
    while (taken.has(candidate)) candidate = `${id}-${suffix++}`;
    nextSuffix.set(id, suffix);
    taken.add(candidate);
    return candidate;
  };
  const ownerOf = (): string => {
    if (rng.chance(0.05)) return `svc-${rng.pick(SERVICE_APPS)}`;
    const person = rng.pick(people) as GenPerson;
    const style = rng.next();
    if (style < 0.5) return `${person.local}@${primaryDomain}`;
    return style < 0.8 ? person.employeeId : person.local;
  };
  const words = (): string => `${rng.pick(REPOSITORY_WORDS)}-${rng.pick(REPOSITORY_WORDS)}`;
  const resources: GenResource[] = [];
  for (let k = 0; k < Math.max(1, Math.round(n * 0.05)); k++) {
    resources.push({
      resourceId: unique(`job-${words()}`),
      type: "scheduled-job",
      owner: ownerOf(),
      schedule: rng.pick(CRON_SCHEDULES),
    });
  }
  for (let k = 0; k < Math.max(1, Math.round(n * 0.08)); k++) {
    resources.push({ resourceId: unique(`${orgSlug}/${words()}`), type: "repository", owner: ownerOf() });
  }
  for (let k = 0; k < Math.max(1, Math.round(n * 0.03)); k++) {
    const id = `${orgSlug}-warehouse.${rng.pick(REPOSITORY_WORDS)}_${rng.pick(REPOSITORY_WORDS)}`;
    resources.push({ resourceId: unique(id), type: "dataset", owner: ownerOf() });
  }
  for (let k = 0; k < Math.max(1, Math.round(n * 0.01)); k++) {
    const person = rng.pick(people) as GenPerson;
    resources.push({
      resourceId: unique(`drive:${person.department} Shared`),
      type: "shared-drive",
      owner: ownerOf(),
    });
  }
  return resources;
}
