// The SDK clients every command uses, built in one place. Region and credentials come from the
// default provider chain unless given; an explicit endpoint (the emulator) gets dummy credentials
// when none are configured, since the emulator does not check signatures.

import { AppRunnerClient } from "@aws-sdk/client-apprunner";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient } from "@aws-sdk/client-ecs";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { STSClient } from "@aws-sdk/client-sts";
import { fromIni } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

export interface ClientOptions {
  region: string;
  /** A named profile from ~/.aws/config (real AWS only). */
  profile?: string;
  /** An endpoint for every service (the emulator); undefined means AWS's own endpoints or AWS_ENDPOINT_URL*. */
  endpoint?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** SDK attempts per call, retries with backoff on throttling and 5xx (default 8). */
  maxAttempts?: number;
}

export interface AwsClients {
  ec2: EC2Client;
  appRunner: AppRunnerClient;
  sts: STSClient;
  lambda: LambdaClient;
  ecs: ECSClient;
  region: string;
  endpoint: string | undefined;
  destroy: () => void;
}

export const EMULATOR_CREDENTIALS: AwsCredentialIdentity = {
  accessKeyId: "AKIAEMULATOR00000000",
  secretAccessKey: "emulator-does-not-check-signatures",
};

export function createAwsClients(options: ClientOptions): AwsClients {
  const credentials =
    options.credentials ??
    (options.profile
      ? fromIni({ profile: options.profile })
      : options.endpoint
        ? EMULATOR_CREDENTIALS
        : undefined);
  const config = {
    region: options.region,
    maxAttempts: options.maxAttempts ?? 8,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  };
  const ec2 = new EC2Client(config);
  const appRunner = new AppRunnerClient(config);
  const sts = new STSClient(config);
  const lambda = new LambdaClient(config);
  const ecs = new ECSClient(config);
  return {
    ec2,
    appRunner,
    sts,
    lambda,
    ecs,
    region: options.region,
    endpoint: options.endpoint,
    destroy: () => {
      ec2.destroy();
      appRunner.destroy();
      sts.destroy();
      lambda.destroy();
      ecs.destroy();
    },
  };
}
