/** Whether `bytes` begin with `prefix`: a byte order mark, a file format's signature. */
export function startsWithBytes(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}
