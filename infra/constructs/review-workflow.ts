/**
 * Access reviews in AWS: the review state machine (statemachines/access-review.asl.json, the
 * file the local runner executes) with its own handlers, its own EventBridge Scheduler schedule,
 * and the decision page — a Lambda function URL with auth NONE, because the signed, expiring,
 * single-use link is the credential.
 */

import { type FunctionUrl, FunctionUrlAuthType, InvokeMode } from "aws-cdk-lib/aws-lambda";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import {
  ACCESS_REVIEW_HANDLERS,
  DECISION_PAGE_HANDLER,
  type HandlerSpec,
} from "../../functions/handlers/catalogue.ts";
import { type DeprovHandler, Handlers, type HandlersProps } from "./handlers.ts";
import { ScanWorkflow } from "./scan-workflow.ts";
import { NightlySchedule } from "./schedule.ts";

export const DEFAULT_REVIEW_SCHEDULE = "cron(0 9 15 1 ? *)";

export interface ReviewWorkflowProps {
  readonly definitionFile: string;
  /** The function factory's settings, shared with the nightly scan's handlers. */
  readonly handlers: Omit<HandlersProps, "catalogue">;
  readonly logRetention: RetentionDays;
  /** When campaigns start. @default once a year, 15 January 09:00 */
  readonly scheduleExpression?: string;
  readonly timezone?: string;
  /** @default ACCESS_REVIEW_HANDLERS */
  readonly catalogue?: readonly HandlerSpec[];
}

export class ReviewWorkflow extends Construct {
  readonly decision: DeprovHandler;
  readonly decisionUrl: FunctionUrl;
  readonly handlers: Handlers;
  readonly workflow: ScanWorkflow;
  readonly schedule: NightlySchedule;

  constructor(scope: Construct, id: string, props: ReviewWorkflowProps) {
    super(scope, id);
    const decisionHandlers = new Handlers(this, "DecisionPage", {
      ...props.handlers,
      catalogue: [DECISION_PAGE_HANDLER],
    });
    const decision = decisionHandlers.all[0];
    if (!decision) throw new Error("infra: the decision page handler was not built");
    this.decision = decision;
    this.decisionUrl = decision.fn.addFunctionUrl({
      authType: FunctionUrlAuthType.NONE,
      invokeMode: InvokeMode.BUFFERED,
    });

    this.handlers = new Handlers(this, "Handlers", {
      ...props.handlers,
      catalogue: props.catalogue ?? ACCESS_REVIEW_HANDLERS,
      environment: { ...props.handlers.environment, DECISION_URL: this.decisionUrl.url },
    });
    this.workflow = new ScanWorkflow(this, "AccessReview", {
      definitionFile: props.definitionFile,
      handlers: this.handlers.all,
      logRetention: props.logRetention,
    });
    this.schedule = new NightlySchedule(this, "Schedule", {
      stateMachine: this.workflow.stateMachine,
      scheduleExpression: props.scheduleExpression ?? DEFAULT_REVIEW_SCHEDULE,
      timezone: props.timezone,
      purpose: "deprov access-review campaign",
    });
  }
}
