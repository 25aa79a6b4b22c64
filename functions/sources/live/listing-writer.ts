/**
 * Writes a JSON listing into a snapshot record by record: an opening (`{"Resources":[` or `[`), the
 * records separated by commas, and a closing that may name the count (`],"totalResults":N}`). Each
 * record is written as `JSON.stringify` of what `JSON.parse` made of the page, so the snapshot's
 * records are the API's records. A record whose id was already written (offset paging shifts when
 * the listing changes under it) is written once.
 */
import type { SnapshotFile } from "./snapshot-file.ts";

export class ListingWriter {
  private count = 0;
  private readonly ids = new Set<string>();
  private opened = false;

  constructor(
    private readonly file: SnapshotFile,
    private readonly opening: string,
  ) {}

  /** Records written. */
  get records(): number {
    return this.count;
  }

  /** Whether a record with this id was written already. */
  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Writes `record` unless its id (when it has one) was written before; says whether it wrote. */
  async add(record: unknown, id: string | undefined): Promise<boolean> {
    if (id !== undefined) {
      if (this.ids.has(id)) return false;
      this.ids.add(id);
    }
    if (!this.opened) {
      this.opened = true;
      await this.file.write(this.opening);
    } else await this.file.write(",");
    await this.file.write(JSON.stringify(record));
    this.count++;
    return true;
  }

  /** Closes the listing with `closing(count)`. */
  async finish(closing: (count: number) => string): Promise<void> {
    if (!this.opened) {
      this.opened = true;
      await this.file.write(this.opening);
    }
    await this.file.write(closing(this.count));
  }
}

/** A record's id as text (`id` of a JSON object, string or integer), for de-duplication. */
export function idOf(record: unknown, key = "id"): string | undefined {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return undefined;
  const id = (record as Record<string, unknown>)[key];
  if (typeof id === "string" && id !== "") return id;
  if (typeof id === "number" && Number.isFinite(id)) return String(id);
  return undefined;
}
