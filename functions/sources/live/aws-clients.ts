/**
 * The AWS SDK clients the credential-report reader uses, made through factories so that tests (and
 * a caller with its own credentials) can supply them. Clients are the SDK's own; tests mock them
 * with aws-sdk-client-mock. The SDK is loaded only when a credential report is read.
 */
import type { IAMClient, IAMClientConfig } from "@aws-sdk/client-iam";
import type { STSClient, STSClientConfig } from "@aws-sdk/client-sts";

export interface AwsClientFactories {
  iam(config: IAMClientConfig): Promise<IAMClient>;
  sts(config: STSClientConfig): Promise<STSClient>;
}

export const SDK_AWS_CLIENTS: AwsClientFactories = {
  iam: async (config) => new (await import("@aws-sdk/client-iam")).IAMClient(config),
  sts: async (config) => new (await import("@aws-sdk/client-sts")).STSClient(config),
};
