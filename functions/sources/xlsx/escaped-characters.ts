/**
 * OOXML writes a character XML cannot hold as `_xHHHH_` (ECMA-376 Part 1, §22.9.2.19, ST_Xstring):
 * Excel writes a carriage return in a cell as `_x000D_`, and a literal `_x` as `_x005F_x`.
 */
const ESCAPED = /_x([0-9A-Fa-f]{4})_/g;

export function decodeEscapedCharacters(text: string): string {
  if (!text.includes("_x")) return text;
  return text.replace(ESCAPED, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
