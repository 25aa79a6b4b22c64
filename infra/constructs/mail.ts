/**
 * SES: the verified sender domain the report and alert emails come from. Only the handlers that
 * email (publish-report, send-manager-digests, check-guard-rails, abort-scan) may send, and only as
 * this identity.
 */
import { CfnOutput } from "aws-cdk-lib";
import { Grant, type IGrantable } from "aws-cdk-lib/aws-iam";
import { EmailIdentity, Identity } from "aws-cdk-lib/aws-ses";
import { Construct } from "constructs";
import { acknowledgeNag, type GrantableConstruct } from "../nag.ts";

export interface MailProps {
  /** The domain the reports are sent from, e.g. `acme.com`. Its DKIM records must be published in DNS. */
  readonly senderDomain: string;
  /** The one address on that domain the handlers may send as (`ses:FromAddress`). */
  readonly mailFrom: string;
}

export class Mail extends Construct {
  readonly identity: EmailIdentity;
  readonly mailFrom: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.mailFrom = props.mailFrom;
    // Easy DKIM without a Route 53 zone: the three CNAMEs are stack outputs for whoever runs the DNS.
    this.identity = new EmailIdentity(this, "SenderDomain", {
      identity: Identity.domain(props.senderDomain),
    });
    this.identity.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `DkimRecord${index + 1}`, {
        description: `DKIM CNAME ${index + 1} to publish for ${props.senderDomain}`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
  }

  /**
   * Raw email (HTML body plus CSV attachment) from this identity only, and only as `mailFrom`:
   * the domain identity would otherwise let a role send as anyone@domain (a CEO, a help desk).
   */
  grantSendRawEmail(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ["ses:SendRawEmail"],
      resourceArns: [this.identity.emailIdentityArn],
      conditions: { StringEquals: { "ses:FromAddress": this.mailFrom } },
    });
  }

  /** The account's send quota (GetSendQuota), which supports no resource-level permission. */
  grantReadSendQuota(grantee: GrantableConstruct): Grant {
    const grant = Grant.addToPrincipal({ grantee, actions: ["ses:GetSendQuota"], resourceArns: ["*"] });
    if (grant.principalStatement !== undefined) {
      acknowledgeNag(
        grantee,
        "AwsSolutions-IAM5[Resource::*]",
        "ses:GetSendQuota reads the account's sending rate and supports no resource-level permission (Resource must be *); it grants no sending.",
      );
    }
    return grant;
  }
}
