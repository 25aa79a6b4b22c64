/** What every account-format writer needs, and how it names accounts. */
import type { Instant } from "../../../functions/core/model.ts";
import type { GenAccount } from "../account-plan.ts";
import type { AccountSystem } from "../account-systems.ts";
import { base62, hashText, hex, mix32 } from "../prng.ts";

export interface AccountFileContext {
  system: AccountSystem;
  /** Lowercase org word used in hostnames (`northwind` → `northwind.okta.com`). */
  orgSlug: string;
  primaryDomain: string;
  /** When the export was taken. */
  asOf: Instant;
  /** Salt for ids, so two systems of one product do not share ids. */
  salt: number;
  pretty: boolean;
}

export interface AccountFormatWriter {
  /** The account's id in findings (SPEC §2 format table). */
  accountId(account: GenAccount, context: AccountFileContext): string;
  /** The name the config's `privileged` list uses for it (its login). */
  loginOf(account: GenAccount, context: AccountFileContext): string;
  /** Writes the export; returns its size in bytes. */
  write(path: string, accounts: readonly GenAccount[], context: AccountFileContext): number;
}

export function idSalt(seed: number, systemId: string): number {
  return mix32(seed ^ hashText(systemId));
}

/** Unique per `seq` (the first word is a bijection of it), random-looking otherwise. */
export function idWords(seq: number, salt: number): [number, number, number, number] {
  return [
    mix32(seq ^ salt),
    mix32(seq + salt + 0x9e3779b9),
    mix32(seq * 3 + salt + 7),
    mix32(seq * 5 + (salt ^ 0x5bd1e995)),
  ];
}

/** A v4-shaped GUID (Microsoft Graph ids, request ids). */
export function guid(seq: number, salt: number): string {
  const [a, b, c, d] = idWords(seq, salt);
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 16, 3)}-${"89ab".charAt(c & 3)}${hex(c >>> 4, 3)}-${hex(d, 8)}${hex(c >>> 16, 4)}`;
}

export function base62Id(seq: number, salt: number, words: number): string {
  const w = idWords(seq, salt);
  let id = "";
  for (let i = 0; i < words; i++) id += base62(w[i] ?? 0, 6);
  return id;
}
