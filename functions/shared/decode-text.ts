/**
 * Bytes of an export or a config file as text. Most are UTF-8, with or without a byte order mark.
 * Windows tools also write UTF-16 with a byte order mark: Excel's "Unicode Text" (tab-separated),
 * and PowerShell's `Export-Csv -Encoding Unicode` (or `BigEndianUnicode`), which administrators use
 * to export Active Directory users with their names intact. Read as UTF-8, those would be a NUL
 * between every two letters; their mark says what they are. Without a mark, bytes are UTF-8
 * (functions/sources/undecodable-bytes.ts warns when they are not).
 */
const UTF16_LE = [0xff, 0xfe];
const UTF16_BE = [0xfe, 0xff];

export function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, UTF16_LE)) return new TextDecoder("utf-16le").decode(bytes);
  if (startsWith(bytes, UTF16_BE)) return new TextDecoder("utf-16be").decode(bytes);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

function startsWith(bytes: Uint8Array, mark: readonly number[]): boolean {
  return bytes.length >= mark.length && mark.every((byte, i) => bytes[i] === byte);
}
