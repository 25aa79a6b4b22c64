/**
 * The workbook's shared strings (ECMA-376 Part 1, §18.4): most text cells hold an index into this
 * table. A string of several formatted runs is the runs' text joined; a phonetic guide (`rPh`, the
 * reading Japanese Excel keeps beside a name) is not part of the text.
 */
import { decodeEscapedCharacters } from "./escaped-characters.ts";
import { readXml } from "./xml-stream.ts";
import type { ZipParts } from "./zip-parts.ts";

export async function readSharedStrings(zip: ZipParts, part: string | undefined): Promise<string[]> {
  if (part === undefined || !zip.has(part)) return [];
  const strings: string[] = [];
  let text = "";
  let inText = false;
  let phonetic = 0;
  await readXml(zip.read(part), {
    open(name) {
      if (name === "si") text = "";
      else if (name === "rPh") phonetic++;
      else if (name === "t" && phonetic === 0) inText = true;
    },
    text(value) {
      if (inText) text += value;
    },
    close(name) {
      if (name === "t") inText = false;
      else if (name === "rPh") phonetic--;
      else if (name === "si") strings.push(decodeEscapedCharacters(text));
    },
  });
  return strings;
}
