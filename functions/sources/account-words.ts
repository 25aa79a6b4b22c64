/**
 * Account exports that write a word where deprov reads a flag. Slack's "Export member list" has a
 * `status` column (Member, Admin, Owner, Primary Owner, Multi-Channel Guest, Deactivated…) and no
 * active flag; Atlassian's user export writes "User status" Active or Suspended. A `csv` or `json`
 * accounts source maps its own words with `enabledValues` and `privilegedValues`, as a roster
 * maps its status words with `statusValues`. Nothing is guessed: a word the source did not map
 * rejects the record (for `enabled`) as any malformed value does, with a message naming the setting.
 */
import { normalizeStatusWord } from "./hr-status-words.ts";

/** A source's words for one flag: how they read, and the setting that maps them. */
export interface FlagWords {
  readonly setting: "enabledValues" | "privilegedValues";
  /** Normalized word (normalizeStatusWord) → the flag. */
  readonly lookup: ReadonlyMap<string, boolean>;
  /** The words as the config spells them, for messages. */
  readonly spellings: readonly string[];
}

export function flagWords(
  setting: FlagWords["setting"],
  values: Readonly<Record<string, boolean>> | undefined,
): FlagWords {
  const lookup = new Map<string, boolean>();
  for (const [word, flag] of Object.entries(values ?? {})) lookup.set(normalizeStatusWord(word), flag);
  return { setting, lookup, spellings: Object.keys(values ?? {}) };
}

/** The flag a word stands for in this source, or undefined when the source did not map it. */
export function flagOfWord(words: FlagWords, text: string): boolean | undefined {
  return words.lookup.get(normalizeStatusWord(text));
}

const LISTED_WORDS = 5;

/** What a value of the flag may be, for the message about one that is none of them. */
export function expectedFlag(words: FlagWords, booleans: string): string {
  if (words.spellings.length === 0) return booleans;
  const listed = words.spellings.slice(0, LISTED_WORDS).map((word) => JSON.stringify(word));
  const more = words.spellings.length > LISTED_WORDS ? ", …" : "";
  return `${booleans}, or a word of the source's "${words.setting}" (${listed.join(", ")}${more})`;
}

/** How to map words, for a source that maps none; nothing when it maps some already. */
export function flagWordHint(words: FlagWords): string | undefined {
  if (words.spellings.length > 0) return undefined;
  const example = words.setting === "enabledValues" ? '{"Deactivated": false}' : '{"Admin": true}';
  return `an export that writes words here maps each to true or false with "${words.setting}" on the source, e.g. ${example}`;
}
