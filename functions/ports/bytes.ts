/**
 * The pinned @types/node (20.9) declares `Buffer` against an older `Uint8Array`, so the compiler
 * rejects a Buffer where newer typings expect `Uint8Array`, although every Buffer is one at run
 * time. This view (no copy) is the one place that bridges the two.
 */
export function asBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
