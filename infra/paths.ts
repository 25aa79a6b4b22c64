/** Where the CDK app finds the project's own files, independent of the shell's working directory. */
import { fileURLToPath } from "node:url";

/** The repository root: handler entry paths and the lock file are resolved against it. */
export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The nightly scan's ASL definition, shared with the local runner. */
export const NIGHTLY_SCAN_DEFINITION = fileURLToPath(
  new URL("../statemachines/nightly-scan.asl.json", import.meta.url),
);

/** The access-review ASL definition, shared with the local runner. */
export const ACCESS_REVIEW_DEFINITION = fileURLToPath(
  new URL("../statemachines/access-review.asl.json", import.meta.url),
);

/** The lock file NodejsFunction hashes and bundles against. */
export const LOCK_FILE = fileURLToPath(new URL("../package-lock.json", import.meta.url));
