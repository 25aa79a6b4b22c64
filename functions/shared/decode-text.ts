/**
 * Bytes of an export or a config file as text. Most are UTF-8, with or without a byte order mark.
 * Windows tools also write UTF-16 with a byte order mark: Excel's "Unicode Text" (tab-separated),
 * and PowerShell's `Export-Csv -Encoding Unicode` (or `BigEndianUnicode`), which administrators use
 * to export Active Directory users with their names intact. Read as UTF-8, those would be a NUL
 * between every two letters; their mark says what they are. Without a mark, bytes are UTF-8
 * (functions/sources/undecodable-bytes.ts warns when they are not), unless the source names its
 * `encoding`: Excel's "CSV (Comma delimited)" writes the system's code page, Windows-1252 in
 * Western Europe and the US, Shift_JIS in Japan.
 */
import { startsWithBytes } from "./starts-with-bytes.ts";

const UTF16_LE = [0xff, 0xfe];
const UTF16_BE = [0xfe, 0xff];

const UTF8 = [0xef, 0xbb, 0xbf];

/** `encoding`: a WHATWG encoding label (`windows-1252`, `shift_jis`), for bytes without a byte order mark. */
export function decodeText(bytes: Uint8Array, encoding?: string): string {
  if (startsWithBytes(bytes, UTF16_LE)) return new TextDecoder("utf-16le").decode(bytes);
  if (startsWithBytes(bytes, UTF16_BE)) return new TextDecoder("utf-16be").decode(bytes);
  if (encoding !== undefined && !startsWithBytes(bytes, UTF8) && !isUtf8Label(encoding)) {
    return new TextDecoder(encoding).decode(bytes);
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

/** Whether `label` names an encoding TextDecoder can read (WHATWG labels, as Node's full ICU has them). */
export function isEncodingLabel(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

function isUtf8Label(label: string): boolean {
  return new TextDecoder(label).encoding === "utf-8";
}
