/**
 * Devices in the asset inventory: a laptop for nearly everyone, phones, monitors and security keys
 * for some, spares on the shelf. Most leavers handed theirs back; some did not, a few were lost.
 */
import type { Instant } from "../../functions/core/model.ts";
import { DAY_MS, HOUR_MS } from "../../functions/core/time.ts";
import type { GenPerson, Population } from "./population.ts";
import { Rng } from "./prng.ts";
import { type DeviceModel, EXTRA_DEVICE_MODELS, LAPTOP_MODELS } from "./vocabulary.ts";

export type AssetState = "deployed" | "ready" | "pending" | "lost";

export interface GenAsset {
  /** Snipe-IT's numeric id. */
  id: number;
  tag: string;
  serial: string;
  model: DeviceModel;
  state: AssetState;
  /** The person holding it (state `deployed`). */
  holder?: GenPerson;
  /** Snipe-IT's user id for the holder. */
  holderUserId?: number;
  /** Whether the holder's Snipe-IT user record carries the employee number (LDAP imports often lack it). */
  holderHasEmployeeNumber: boolean;
  purchasedAt: Instant;
  /** Survives check-in: the last time it went out. */
  lastCheckoutAt?: Instant;
  checkouts: number;
  updatedAt: Instant;
}

export function planAssets(population: Population, seed: number, tagPrefix: string): GenAsset[] {
  const rng = Rng.of(seed, "assets");
  const { now } = population;
  const assets: GenAsset[] = [];
  const add = (
    model: DeviceModel,
    person: GenPerson | undefined,
    userId: number,
    startsAt: Instant,
  ): void => {
    const id = assets.length + 1;
    const purchasedAt = Math.min(now - DAY_MS, startsAt) - rng.duration(3 * DAY_MS, 60 * DAY_MS);
    const asset: GenAsset = {
      id,
      tag: `${tagPrefix}-${String(id).padStart(6, "0")}`,
      serial: `${model.serialPrefix}${rng.int(0, 0x7fffffff).toString(36).toUpperCase().padStart(6, "0")}${rng.int(10, 99)}`,
      model,
      state: "ready",
      holderHasEmployeeNumber: rng.chance(0.85),
      purchasedAt,
      checkouts: 0,
      updatedAt: purchasedAt,
    };
    if (person !== undefined) holdOrReturn(asset, person, userId, startsAt, rng, now);
    assets.push(asset);
  };
  population.people.forEach((person, index) => {
    const startsAt =
      Math.max(person.hiredAt, now - 4 * 365 * DAY_MS) + rng.duration(0 * HOUR_MS, 72 * HOUR_MS);
    if (startsAt >= now) return;
    if (rng.chance(0.97)) add(rng.pick(LAPTOP_MODELS), person, index + 1, startsAt);
    if (rng.chance(0.2)) add(rng.pick(EXTRA_DEVICE_MODELS), person, index + 1, startsAt);
  });
  const spares = Math.max(1, Math.round(population.people.length * 0.05));
  for (let k = 0; k < spares; k++) {
    add(
      rng.pick([...LAPTOP_MODELS, ...EXTRA_DEVICE_MODELS]),
      undefined,
      0,
      now - rng.duration(5 * DAY_MS, 700 * DAY_MS),
    );
  }
  return assets;
}

function holdOrReturn(
  asset: GenAsset,
  person: GenPerson,
  userId: number,
  checkoutAt: Instant,
  rng: Rng,
  now: Instant,
): void {
  asset.lastCheckoutAt = checkoutAt;
  asset.checkouts = 1;
  asset.updatedAt = checkoutAt;
  const left = person.leavesAt !== undefined && person.leavesAt <= now;
  const roll = rng.next();
  if (!left || roll < 0.17) {
    asset.state = "deployed";
    asset.holder = person;
    asset.holderUserId = userId;
    return;
  }
  const leftAt = person.leavesAt ?? now;
  asset.updatedAt = Math.min(now, leftAt + rng.duration(1 * DAY_MS, 20 * DAY_MS));
  asset.state = roll < 0.2 ? "lost" : roll < 0.3 ? "pending" : "ready";
}
