/** cdk-nag acknowledgements: always one finding at a time, always with the reason it is acceptable. */
import { type CfnElement, Stack, Validations } from "aws-cdk-lib";
import type { IGrantable } from "aws-cdk-lib/aws-iam";
import type { IConstruct } from "constructs";

/** Acknowledges one cdk-nag finding on `scope` and everything below it. */
export function acknowledgeNag(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The way cdk-nag spells a resource's ARN in an IAM5 finding (`<LogicalId.Arn>`), so that an
 * acknowledgement names the one resource it is about rather than every wildcard.
 */
export function nagArnReference(resource: CfnElement): string {
  return `<${Stack.of(resource).getLogicalId(resource)}.Arn>`;
}

/** A grantee that is also a construct, so that the wildcard it receives can be acknowledged on it. */
export type GrantableConstruct = IGrantable & IConstruct;
