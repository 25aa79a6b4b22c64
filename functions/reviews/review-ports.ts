/** What access-review steps need besides the scan's ports. */
import type { ReviewStore } from "../ports/reviews/review-store.ts";
import type { TaskStore } from "../ports/tasks/task-store.ts";

/** Revocation tasks live in their own partition: the nightly task sync closes any `TASK` it did not plan. */
export const REVIEW_TASK_PARTITION = "REVIEW_TASK";

export interface ReviewPorts {
  store: ReviewStore;
  /** Remediation tasks opened for revoked access (partition `REVIEW_TASK`). */
  taskStore: TaskStore;
  /** The deployed decision page (a Lambda function URL): packets then carry signed links to it. */
  decisionUrl?: string;
}

export function reviewPortsOf(deps: { reviews?: ReviewPorts }): ReviewPorts {
  if (!deps.reviews) throw new Error("access reviews: this runtime has no review store");
  return deps.reviews;
}
