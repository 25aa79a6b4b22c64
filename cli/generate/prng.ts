/**
 * Seeded randomness for the generator: mulberry32 (tiny, fast, good enough for synthetic data) and
 * integer hashes for ids. `Math.random` is never used, so a seed always yields the same bytes.
 */

/** A 32-bit FNV-1a hash of a text, to derive independent streams from one seed ("seed/okta"). */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * MurmurHash3's finaliser: a bijection on 32-bit integers. Ids built from `mix32(seq ^ salt)` are
 * therefore unique per sequence number while looking random.
 */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A stream for one purpose, independent of the order other streams are used in. */
  static of(seed: number, purpose: string): Rng {
    return new Rng(mix32(seed ^ hashText(purpose)));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** A random span in [minMs, maxMs], in whole seconds (exports rarely carry milliseconds). */
  duration(minMs: number, maxMs: number): number {
    return Math.floor(this.between(minMs, maxMs) / 1000) * 1000;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("Rng.pick: empty list");
    return item;
  }

  /** Picks by weight; `weights` has one entry per item. */
  weighted<T>(items: readonly T[], cumulativeWeights: readonly number[]): T {
    const total = cumulativeWeights[cumulativeWeights.length - 1] ?? 0;
    const x = this.next() * total;
    for (let i = 0; i < cumulativeWeights.length; i++) {
      if (x < (cumulativeWeights[i] ?? 0)) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `value` in base 62, left-padded to `width` characters. */
export function base62(value: number, width: number): string {
  let v = value >>> 0;
  let out = "";
  for (let i = 0; i < width; i++) {
    out = BASE62.charAt(v % 62) + out;
    v = Math.floor(v / 62);
  }
  return out;
}

/** `value` as lowercase hex, left-padded to `width`. */
export function hex(value: number, width: number): string {
  return (value >>> 0).toString(16).padStart(width, "0").slice(-width);
}
