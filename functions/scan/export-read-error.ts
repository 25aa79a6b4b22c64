/** The export could not be read at all: the source fails. */
export class ExportReadError extends Error {
  override name = "ExportReadError";
  /** For a live source: whether the system answered at all before the read failed. */
  readonly reachable: boolean | undefined;

  constructor(message: string, details: { reachable?: boolean } = {}) {
    super(message);
    this.reachable = details.reachable;
  }
}
