/**
 * A UTF-8 byte order mark at the start of a text (Excel and some Windows tools write one): not part
 * of the data, so every reader of a file or a page drops it the same way.
 */
const BOM = 0xfeff;

/** 1 when the text starts with a byte order mark, else 0: where its content starts. */
export function bomLength(text: string): 0 | 1 {
  return text.charCodeAt(0) === BOM ? 1 : 0;
}

export function withoutBom(text: string): string {
  return bomLength(text) === 1 ? text.slice(1) : text;
}
