// Where a lab or cleanup runs (DESIGN.md "Notebooks", Target): --local forces the embedded emulator;
// else an endpoint from AWS_ENDPOINT_URL* ; else real AWS when credentials resolve; else the
// embedded emulator, announced. Starting the embedded emulator is the caller's job (this module
// must not import src/emulator).

import { STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity } from "@smithy/types";
import { isCommercialRegion, suggestRegions } from "./regions.ts";

export const ENDPOINT_VARIABLES = [
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_EC2",
  "AWS_ENDPOINT_URL_APPRUNNER",
  "AWS_ENDPOINT_URL_STS",
] as const;

export const DEFAULT_EMULATOR_REGION = "us-east-1";

export type Target =
  | { kind: "embedded"; region: string; why: "forced" | "no-credentials" }
  | { kind: "endpoint"; region: string; endpoint: string | undefined; variables: string[] }
  | { kind: "aws"; region: string; profile: string | undefined; credentials: AwsCredentialIdentity };

export interface SelectTargetOptions {
  local: boolean;
  region: string | undefined;
  profile: string | undefined;
  env: NodeJS.ProcessEnv;
}

/** A problem with the user's input or environment: printed as is, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export async function selectTarget(options: SelectTargetOptions): Promise<Target> {
  if (options.region !== undefined) checkRegion(options.region);
  if (options.local) {
    return { kind: "embedded", region: options.region ?? DEFAULT_EMULATOR_REGION, why: "forced" };
  }
  const variables = ENDPOINT_VARIABLES.filter((name) => nonEmpty(options.env[name]));
  if (variables.length > 0) {
    const region = options.region ?? envRegion(options.env) ?? DEFAULT_EMULATOR_REGION;
    checkRegion(region);
    return { kind: "endpoint", region, endpoint: nonEmpty(options.env["AWS_ENDPOINT_URL"]), variables };
  }
  const credentials = await resolveCredentials(options.profile);
  if (credentials === undefined) {
    if (options.profile !== undefined) {
      throw new UsageError(
        `No credentials for profile "${options.profile}". Run "aws sso login --profile ${options.profile}" or check ~/.aws/config.`,
      );
    }
    return { kind: "embedded", region: options.region ?? DEFAULT_EMULATOR_REGION, why: "no-credentials" };
  }
  const region = options.region ?? envRegion(options.env) ?? (await profileRegion(options.profile));
  if (region === undefined) {
    throw new UsageError(
      "No region: pass --region (for example --region us-east-1) or set AWS_REGION. Nothing was created.",
    );
  }
  checkRegion(region);
  return { kind: "aws", region, profile: options.profile, credentials };
}

export function checkRegion(region: string): void {
  if (isCommercialRegion(region)) return;
  const near = suggestRegions(region);
  throw new UsageError(
    `Unknown region "${region}": expected a commercial AWS region such as us-east-1 or ap-northeast-1${
      near.length > 0 ? ` (did you mean ${near.join(", ")}?)` : ""
    }. Nothing was created.`,
  );
}

function envRegion(env: NodeJS.ProcessEnv): string | undefined {
  return nonEmpty(env["AWS_REGION"]) ?? nonEmpty(env["AWS_DEFAULT_REGION"]);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** The default provider chain (env, SSO, ini, process, container, instance metadata); undefined when nothing resolves. */
async function resolveCredentials(profile: string | undefined): Promise<AwsCredentialIdentity | undefined> {
  try {
    const provider = fromNodeProviderChain(profile === undefined ? {} : { profile });
    return await provider();
  } catch {
    return undefined;
  }
}

/** The region in ~/.aws/config for the profile, through the SDK's own resolution. */
async function profileRegion(profile: string | undefined): Promise<string | undefined> {
  const client = new STSClient(profile === undefined ? {} : { profile });
  try {
    return await client.config.region();
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}
