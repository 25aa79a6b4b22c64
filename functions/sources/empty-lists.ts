/**
 * One shared empty list for every account without groups or credentials, so a million accounts do
 * not carry two million empty arrays. Nothing downstream mutates these lists (rules only read them;
 * the collector only sets `privileged`); they are frozen so that a future mutation fails loudly
 * instead of silently giving every account the same group.
 */
import type { Credential } from "../core/model.ts";

export const NO_GROUPS: string[] = Object.freeze<string[]>([]) as string[];

export const NO_CREDENTIALS: Credential[] = Object.freeze<Credential[]>([]) as Credential[];
