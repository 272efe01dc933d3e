// Where a lab or cleanup runs (README "The notebooks", Target): --local forces the embedded emulator;
// else an endpoint from AWS_ENDPOINT_URL* ; else real AWS when credentials resolve; else the
// embedded emulator, announced, but only when no credential source is configured at all: a
// configured source that fails (an expired SSO session, AWS_PROFILE naming a missing profile) is
// a credential error with what to do, never a silent emulator run. Starting the embedded emulator
// is the caller's job (this module must not import src/emulator).

import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { parseEndpoint } from "./check-endpoint.ts";
import { envRegion, nonEmpty, UsageError } from "./command-line.ts";
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
  | {
      kind: "aws";
      region: string;
      /** --profile, else AWS_PROFILE. */
      profile: string | undefined;
      /**
       * The SDK's default chain, resolved once here and handed to the clients as a provider: it
       * memoizes and refreshes credentials that expire (SSO, assumed roles) during a long run.
       */
      credentials: AwsCredentialIdentityProvider;
    };

export interface SelectTargetOptions {
  local: boolean;
  region: string | undefined;
  profile: string | undefined;
  env: NodeJS.ProcessEnv;
  /** cleanup: never the embedded emulator for want of credentials (it would find nothing and say so). */
  noEmulatorFallback?: boolean;
  /** Asked for a profile's MFA code (role profiles with mfa_serial); none: such a profile fails with what to do. */
  mfaCodeProvider?: (serial: string) => Promise<string>;
}

export async function selectTarget(options: SelectTargetOptions): Promise<Target> {
  if (options.region !== undefined) checkRegion(options.region);
  if (options.local) {
    return { kind: "embedded", region: options.region ?? DEFAULT_EMULATOR_REGION, why: "forced" };
  }
  const variables = ENDPOINT_VARIABLES.filter((name) => nonEmpty(options.env[name]));
  for (const name of variables) parseEndpoint(name, options.env[name] ?? "");
  if (variables.length > 0) {
    const region = options.region ?? envRegion(options.env) ?? DEFAULT_EMULATOR_REGION;
    checkRegion(region);
    return { kind: "endpoint", region, endpoint: nonEmpty(options.env["AWS_ENDPOINT_URL"]), variables };
  }
  const profile = options.profile ?? nonEmpty(options.env["AWS_PROFILE"]);
  const sources = configuredCredentialSources(options.env, profile, options.profile !== undefined);
  const credentials = fromNodeProviderChain({
    ...(profile === undefined ? {} : { profile }),
    ...(options.mfaCodeProvider === undefined ? {} : { mfaCodeProvider: options.mfaCodeProvider }),
  });
  try {
    await credentials();
  } catch (error) {
    if (sources.length > 0) throw credentialError(error, sources, profile, options.env);
    if (options.noEmulatorFallback) {
      throw new UsageError(
        "No AWS credentials found (no profile, no AWS_ACCESS_KEY_ID, no ~/.aws/config default). " +
          "Pass --profile <name> (after `aws sso login --profile <name>` for an SSO profile), or set AWS_ENDPOINT_URL " +
          "to clean up an emulator. A notebook's embedded emulator (--local) is gone with its process: nothing to clean up there.",
      );
    }
    return { kind: "embedded", region: options.region ?? DEFAULT_EMULATOR_REGION, why: "no-credentials" };
  }
  const region = options.region ?? envRegion(options.env) ?? (await profileRegion(profile));
  if (region === undefined) {
    throw new UsageError(
      "No region: pass --region (for example --region us-east-1) or set AWS_REGION. Nothing was created.",
    );
  }
  checkRegion(region);
  return { kind: "aws", region, profile, credentials };
}

/**
 * Credential sources the user configured, in words ("--profile dev", "AWS_PROFILE=dev",
 * "AWS_ACCESS_KEY_ID", "the default profile in ~/.aws/config"). When one is configured and the
 * chain still fails, the user meant AWS: that is an error, not a reason to use the emulator.
 */
export function configuredCredentialSources(
  env: NodeJS.ProcessEnv,
  profile: string | undefined,
  profileFromFlag: boolean,
): string[] {
  const sources: string[] = [];
  if (profile !== undefined)
    sources.push(profileFromFlag ? `--profile ${profile}` : `AWS_PROFILE=${profile}`);
  for (const name of [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  ]) {
    if (nonEmpty(env[name]) !== undefined) sources.push(name);
  }
  if (profile === undefined) {
    const { config, credentials } = sharedFiles(env);
    if (hasSection(config, /^\[(profile\s+)?default\]/m)) sources.push(`the default profile in ${config}`);
    if (hasSection(credentials, /^\[default\]/m)) sources.push(`the default profile in ${credentials}`);
  }
  return sources;
}

/** The shared config and credentials files, where the SDK and the CLI look for them. */
function sharedFiles(env: NodeJS.ProcessEnv): { config: string; credentials: string } {
  const home = nonEmpty(env["HOME"]) ?? homedir();
  return {
    config: nonEmpty(env["AWS_CONFIG_FILE"]) ?? join(home, ".aws", "config"),
    credentials: nonEmpty(env["AWS_SHARED_CREDENTIALS_FILE"]) ?? join(home, ".aws", "credentials"),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function hasSection(path: string, section: RegExp): boolean {
  try {
    return existsSync(path) && section.test(readFileSync(path, "utf8"));
  } catch {
    return false;
  }
}

function credentialError(
  error: unknown,
  sources: string[],
  profile: string | undefined,
  env: NodeJS.ProcessEnv,
): UsageError {
  const { config, credentials } = sharedFiles(env);
  if (
    profile !== undefined &&
    !hasSection(config, new RegExp(`^\\[(profile\\s+)?${escapeRegExp(profile)}\\]`, "m")) &&
    !hasSection(credentials, new RegExp(`^\\[${escapeRegExp(profile)}\\]`, "m"))
  ) {
    return new UsageError(
      `No profile "${profile}" (from ${sources[0]}) in ${config} or ${credentials}. ` +
        `Check the name (aws configure list-profiles), or create it with "aws configure sso --profile ${profile}". ` +
        "Stopped before any AWS call; the emulator is not used in its place (--local for the emulator).",
    );
  }
  const why = (error instanceof Error ? error.message : String(error)).trim().replace(/\.$/, "");
  const login = profile === undefined ? "aws sso login" : `aws sso login --profile ${profile}`;
  const mfa = /multi-factor|mfa/i.test(why)
    ? " This profile assumes a role with MFA: run the notebook in an interactive terminal, which asks for the code."
    : "";
  return new UsageError(
    `AWS credentials from ${sources.join(", ")} could not be resolved: ${why}.${mfa} ` +
      `For an SSO profile, run "${login}" and try again; otherwise check the profile in ~/.aws/config and ~/.aws/credentials` +
      `${profile === undefined ? " or the AWS_* variables" : ""}. ` +
      "Stopped before any AWS call; the emulator is not used in its place (--local for the emulator).",
  );
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
