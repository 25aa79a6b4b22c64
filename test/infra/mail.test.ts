import type { CfnRole } from "aws-cdk-lib/aws-iam";
import type { CfnEmailIdentity } from "aws-cdk-lib/aws-ses";
import { describe, expect, it } from "vitest";
import { buildStackUnderTest, refersTo, statementsOfRole } from "./stack-under-test.ts";

// Prepare (once for the file)
const { stack, template, logicalId } = buildStackUnderTest();
const identityId = logicalId(stack.mail.identity.node.defaultChild as CfnEmailIdentity);

describe("mail", () => {
  it("verifies the sender domain as an SES identity", () => {
    // Assess
    template.resourceCountIs("AWS::SES::EmailIdentity", 1);
    template.hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: "acme.com" });
  });

  it("outputs the three DKIM CNAMEs to publish", () => {
    // Act
    const dkimOutputs = Object.entries(template.toJSON().Outputs ?? {}).filter(([name]) =>
      name.startsWith("MailDkimRecord"),
    );

    // Assess
    expect(dkimOutputs).toHaveLength(3);
    for (const [, output] of dkimOutputs) expect(refersTo(output, identityId)).toBe(true);
  });

  it("grants SendRawEmail only as the sender address, scoped to the identity's ARN, and nothing else of SES but reading the send quota", () => {
    // Act
    const sesStatements = stack.handlers.all
      .map((handler) => logicalId(handler.role.node.defaultChild as CfnRole))
      .flatMap((roleId) => statementsOfRole(template, roleId))
      .filter((statement) => statement.actions.some((action) => action.startsWith("ses:")));
    const quota = sesStatements.filter((statement) => statement.actions.includes("ses:GetSendQuota"));
    const sending = sesStatements.filter((statement) => !quota.includes(statement));

    // Assess
    expect(quota.map((statement) => statement.actions)).toEqual([["ses:GetSendQuota"]]);
    // publish-report, abort-scan, send-manager-digests, check-guard-rails and check-revocations
    // (the review handlers are in review-workflow.test.ts)
    expect(sending).toHaveLength(5);
    for (const statement of sending) {
      expect(statement.actions).toEqual(["ses:SendRawEmail"]);
      // As the deployed sender only, not as anyone on the verified domain.
      expect(statement.condition).toEqual({ StringEquals: { "ses:FromAddress": "deprov@acme.com" } });
      expect(statement.resource).toEqual({
        "Fn::Join": [
          "",
          [
            "arn:",
            { Ref: "AWS::Partition" },
            ":ses:",
            { Ref: "AWS::Region" },
            ":",
            { Ref: "AWS::AccountId" },
            ":identity/",
            { Ref: identityId },
          ],
        ],
      });
    }
  });
});
