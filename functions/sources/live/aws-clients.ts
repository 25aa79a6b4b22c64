/**
 * The AWS SDK clients the credential-report reader uses, made through factories so that tests (and
 * a caller with its own credentials) can supply them. Clients are the SDK's own; tests mock them
 * with aws-sdk-client-mock.
 */
import { IAMClient, type IAMClientConfig } from "@aws-sdk/client-iam";
import { STSClient, type STSClientConfig } from "@aws-sdk/client-sts";

export interface AwsClientFactories {
  iam(config: IAMClientConfig): IAMClient;
  sts(config: STSClientConfig): STSClient;
}

export const SDK_AWS_CLIENTS: AwsClientFactories = {
  iam: (config) => new IAMClient(config),
  sts: (config) => new STSClient(config),
};
