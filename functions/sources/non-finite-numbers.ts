/**
 * Python's `json.dumps` writes a float that is not a number as `NaN`, and infinities as `Infinity`
 * and `-Infinity`: not JSON, so the whole file failed to parse. Scripts that export records from
 * pandas (`df.to_dict("records")`, then `json.dump`) write every missing number or date so. pandas
 * means "missing" by NaN, as an empty cell, so each such token is read as `null`, and one warning
 * counts them. Tokens inside strings are left alone.
 */

const QUOTE = 34;
const BACKSLASH = 92;
/** Only at a value's start: after `:`, `[`, `,` or white space (sticky, tried where a token may begin). */
const NON_FINITE = /(?:NaN|-?Infinity)(?![\p{L}\p{N}_])/uy;
const STARTS = new Set([78 /* N */, 73 /* I */, 45 /* - */]);

export interface NonFiniteReplaced {
  text: string;
  /** How many tokens were replaced by `null`. */
  replaced: number;
}

/**
 * Whether `text` may hold such a token: `NaN` or `Infinity` right after `:`, `[` or `,` (and white
 * space, or a minus). A fast check before withNonFiniteAsNull, which reads every character: ids and
 * encoded values hold the letters by chance (a Salesforce id `…ChfNaNLE`), after other letters.
 */
export function mayHoldNonFinite(text: string): boolean {
  for (const word of ["NaN", "Infinity"]) {
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
      if (startsAValue(text, at)) return true;
    }
  }
  return false;
}

function startsAValue(text: string, at: number): boolean {
  let before = at - 1;
  if (text.charCodeAt(before) === 45 /* - */) before--;
  while (before >= 0 && /\s/.test(text.charAt(before))) before--;
  const c = text.charAt(before);
  return c === ":" || c === "[" || c === ",";
}

/** `text` with every `NaN`, `Infinity` and `-Infinity` outside strings replaced by `null`; `undefined` when it has none. */
export function withNonFiniteAsNull(text: string): NonFiniteReplaced | undefined {
  let out = "";
  let copiedTo = 0;
  let replaced = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      continue;
    }
    if (!STARTS.has(c)) continue;
    NON_FINITE.lastIndex = i;
    const token = NON_FINITE.exec(text);
    if (token === null) continue;
    out += `${text.slice(copiedTo, i)}null`;
    i += token[0].length - 1;
    copiedTo = i + 1;
    replaced++;
  }
  return replaced === 0 ? undefined : { text: out + text.slice(copiedTo), replaced };
}

/** The file-level warning about the tokens read as `null`. */
export function nonFiniteWarning(replaced: number): { record: string; field: string; reason: string } {
  return {
    record: "(file)",
    field: "(values)",
    reason: `${replaced} ${replaced === 1 ? "value is" : "values are"} written NaN or Infinity, which is not JSON (Python's json.dumps writes a missing number so): each is read as empty`,
  };
}
