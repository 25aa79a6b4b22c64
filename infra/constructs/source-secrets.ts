/**
 * Credentials of live sources (API tokens) and the decision links' key live in Secrets Manager
 * under `deprov/`; the config references them by ARN. Nothing is deployed here: the secrets are
 * the operator's to create.
 */
import { ArnFormat, Stack } from "aws-cdk-lib";
import { Grant } from "aws-cdk-lib/aws-iam";
import { REVIEW_LINK_KEY_SECRET } from "../../functions/config/schema.ts";
import { acknowledgeNag, type GrantableConstruct } from "../nag.ts";

export const SOURCE_SECRET_PREFIX = "deprov/";

/** GetSecretValue on secrets named `deprov/*` only: no listing, no other secret, no writes. */
export function grantSourceSecretsRead(grantee: GrantableConstruct): Grant {
  const secretsArn = Stack.of(grantee).formatArn({
    service: "secretsmanager",
    resource: "secret",
    resourceName: `${SOURCE_SECRET_PREFIX}*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const grant = Grant.addToPrincipal({
    grantee,
    actions: ["secretsmanager:GetSecretValue"],
    resourceArns: [secretsArn],
  });
  acknowledgeNag(
    grantee,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${SOURCE_SECRET_PREFIX}*]`,
    "Secrets Manager appends a random six-character suffix to every secret ARN, so a secret can only be granted by name with a trailing wildcard; the grant is GetSecretValue alone, on the deprov/ namespace that holds the live sources' credentials.",
  );
  return grant;
}

/**
 * GetSecretValue on the decision links' key alone. `??????` matches exactly the six characters
 * Secrets Manager appends to a secret's name; `*` would also match any longer name that starts
 * the same (`deprov/review-link-key-old-AbCdEf`).
 */
export function grantReviewLinkKeyRead(grantee: GrantableConstruct): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: ["secretsmanager:GetSecretValue"],
    resourceArns: [
      Stack.of(grantee).formatArn({
        service: "secretsmanager",
        resource: "secret",
        resourceName: `${REVIEW_LINK_KEY_SECRET}-??????`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    ],
  });
}
