/** Email subjects carry roster and config text: one line of it (see functions/core/one-line.ts). */
export { oneLine } from "../../functions/core/one-line.ts";
