/**
 * A full garbage collection on demand, for the local runtime's memory peaks: V8 offers it only
 * behind `--expose-gc`, which can be switched on at run time and then reached from a new context.
 * A Lambda's memory ends with its invocation; locally, steps share a heap, and what one step
 * dropped (a scan's parsed exports, ~1 GB at 100,000 people) otherwise lingers into the next.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

export function collectGarbage(): void {
  gc();
}
