// The workload half of the stack: an App Runner VPC connector and service running the probe app, or
// an EC2 instance whose user data is the bash probe. Both sit in the private subnets with a private
// IP only: the position App Runner's Hyperplane ENIs have (docs/FACTS.md).

import {
  type AppRunnerClient,
  CreateServiceCommand,
  CreateVpcConnectorCommand,
  DescribeServiceCommand,
  ListServicesCommand,
} from "@aws-sdk/client-apprunner";
import {
  DescribeInstanceTypeOfferingsCommand,
  RunInstancesCommand,
  waitUntilInstanceRunning,
} from "@aws-sdk/client-ec2";
import { isNotAppRunnerCustomer } from "../aws/errors.ts";
import { labTags, tagSpecification } from "../aws/tags.ts";
import { buildProbeAppEnvironment, PROBE_APP_PORT, renderInstanceProbeScript } from "../probe/index.ts";
import { callAws } from "./aws-call.ts";
import { type LabContext, sleep, throwIfAborted } from "./lab-context.ts";
import type { PlannedStep } from "./plan-stack.ts";
import { PROBE_DESTINATION } from "./probe-destination.ts";
import { isNotFoundError } from "./retry.ts";
import { type CreatedResource, requireCreated, type StackState } from "./stack-state.ts";

type Step<K extends PlannedStep["kind"]> = Extract<PlannedStep, { kind: K }>;

export const SERVICE_IMAGE = "public.ecr.aws/docker/library/node:24-alpine";
export const INSTANCE_TYPE = "t4g.nano";

/** App Runner refused the account (not a customer): auto mode falls back to an instance. */
export class NotAppRunnerCustomerError extends Error {
  override name = "NotAppRunnerCustomer";
}

/** The connector named an AZ App Runner does not support (the message names it; no public list). */
export class UnsupportedConnectorZoneError extends Error {
  override name = "UnsupportedConnectorZone";
}

/** Can this account use App Runner? ListServices is refused for accounts that are not customers, and by policies without it. */
export async function detectAppRunnerAccess(
  ctx: LabContext,
): Promise<{ ok: true } | { ok: false; why: string }> {
  try {
    await callAws(ctx, "apprunner:ListServices", (o) =>
      ctx.clients.appRunner.send(new ListServicesCommand({}), o),
    );
    return { ok: true };
  } catch (error) {
    if (error instanceof Error && isNotAppRunnerCustomer(error)) return { ok: false, why: error.message };
    // A policy without apprunner:* (the instance workload needs none): same network, an instance.
    if (error instanceof Error && /^(AccessDenied|AccessDeniedException)$/.test(error.name))
      return { ok: false, why: `apprunner:ListServices is denied to these credentials` };
    throw error;
  }
}

export async function createVpcConnector(
  ctx: LabContext,
  step: Step<"vpc-connector">,
  state: StackState,
): Promise<CreatedResource> {
  const subnets = step.subnetKeys.map((key) => requireCreated(state, key));
  const securityGroupId = requireCreated(state, step.securityGroupKey).id;
  try {
    return await requestVpcConnector(ctx, step, subnets, securityGroupId);
  } catch (error) {
    if (!isUnsupportedZoneError(error)) throw error;
    // Some zones do not support connectors and AWS publishes no list (docs/FACTS.md); the error names
    // them. The lab's network only has to show where egress goes, so one zone is enough: drop the
    // refused subnets and try once more, and stop with what to do only when none is left.
    const refused = subnets.filter((subnet) => namesSubnet(error.message, subnet));
    const kept = subnets.filter((subnet) => !refused.includes(subnet));
    if (refused.length > 0 && kept.length > 0) {
      ctx.narrator.warn(
        `App Runner does not support a VPC connector in ${describeZones(refused)}; creating it with ${describeZones(kept)} only. ` +
          "Enough for this lab; for production AWS recommends subnets in at least three supported zones.",
      );
      try {
        return await requestVpcConnector(ctx, step, kept, securityGroupId);
      } catch (retryError) {
        if (!isUnsupportedZoneError(retryError)) throw retryError;
        throw unsupportedZoneError(ctx, retryError.message, subnets);
      }
    }
    throw unsupportedZoneError(ctx, error.message, subnets);
  }
}

async function requestVpcConnector(
  ctx: LabContext,
  step: Step<"vpc-connector">,
  subnets: CreatedResource[],
  securityGroupId: string,
): Promise<CreatedResource> {
  try {
    const reply = await callAws(
      ctx,
      "apprunner:CreateVpcConnector",
      (o) =>
        ctx.clients.appRunner.send(
          new CreateVpcConnectorCommand({
            VpcConnectorName: step.name,
            Subnets: subnets.map((subnet) => subnet.id),
            SecurityGroups: [securityGroupId],
            Tags: labTags(ctx.stackName, step.name),
          }),
          o,
        ),
      { also: isNotFoundError },
    );
    const arn = reply.VpcConnector?.VpcConnectorArn;
    if (arn === undefined) throw new Error("CreateVpcConnector returned no VpcConnectorArn");
    return {
      key: step.key,
      kind: step.kind,
      id: arn,
      facts: { subnets: subnets.map((s) => s.id) },
    };
  } catch (error) {
    if (error instanceof Error && isNotAppRunnerCustomer(error))
      throw new NotAppRunnerCustomerError(error.message);
    throw error;
  }
}

/** AWS's wording is not published; it names an Availability Zone (or "AZ") and says "support". */
function isUnsupportedZoneError(error: unknown): error is Error {
  return (
    error instanceof Error &&
    /availability zone|\bAZs?\b/i.test(error.message) &&
    /support/i.test(error.message)
  );
}

/** Does the message name this subnet, by ID, zone name or zone ID? */
function namesSubnet(message: string, subnet: CreatedResource): boolean {
  const names = [subnet.id, subnet.facts.availabilityZone, subnet.facts.availabilityZoneId];
  return names.some((name) => name !== undefined && name !== "" && new RegExp(`\\b${name}\\b`).test(message));
}

function describeZones(subnets: CreatedResource[]): string {
  return subnets
    .map((subnet) => {
      const id = subnet.facts.availabilityZoneId;
      return `${subnet.facts.availabilityZone ?? "?"}${id ? ` (${id})` : ""}`;
    })
    .join(", ");
}

function unsupportedZoneError(
  ctx: LabContext,
  message: string,
  subnets: CreatedResource[],
): UnsupportedConnectorZoneError {
  return new UnsupportedConnectorZoneError(
    `App Runner does not support a VPC connector in the zones the lab picked in ${ctx.clients.region}: ` +
      `${describeZones(subnets)}. AWS said: "${message}" AWS publishes no list of these zones.`,
  );
}

export async function createService(
  ctx: LabContext,
  step: Step<"service">,
  state: StackState,
): Promise<CreatedResource> {
  const connectorArn = requireCreated(state, step.connectorKey).id;
  let arn: string;
  let url: string;
  try {
    const reply = await callAws(ctx, "apprunner:CreateService", (o) =>
      ctx.clients.appRunner.send(
        new CreateServiceCommand({
          ServiceName: step.name,
          SourceConfiguration: {
            ImageRepository: {
              ImageIdentifier: SERVICE_IMAGE,
              ImageRepositoryType: "ECR_PUBLIC",
              ImageConfiguration: {
                Port: String(PROBE_APP_PORT),
                // No StartCommand: the image's own `node` starts the app from NODE_OPTIONS
                // (src/probe/probe-app.ts says why).
                RuntimeEnvironmentVariables: buildProbeAppEnvironment(),
              },
            },
            // true is rejected for ECR Public images (docs/FACTS.md).
            AutoDeploymentsEnabled: false,
          },
          InstanceConfiguration: { Cpu: "0.25 vCPU", Memory: "0.5 GB" },
          NetworkConfiguration: { EgressConfiguration: { EgressType: "VPC", VpcConnectorArn: connectorArn } },
          Tags: labTags(ctx.stackName, step.name),
        }),
        o,
      ),
    );
    arn = reply.Service?.ServiceArn ?? "";
    url = reply.Service?.ServiceUrl ?? "";
    if (arn === "") throw new Error("CreateService returned no ServiceArn");
    ctx.onCreating?.({ key: step.key, kind: step.kind, id: arn });
  } catch (error) {
    if (error instanceof Error && isNotAppRunnerCustomer(error))
      throw new NotAppRunnerCustomerError(error.message);
    throw error;
  }
  const running = await waitForServiceStatus(ctx, ctx.clients.appRunner, arn, ["RUNNING"], ["CREATE_FAILED"]);
  return { key: step.key, kind: step.kind, id: arn, facts: { serviceUrl: running.url || url } };
}

export class ServiceFailedError extends Error {
  override name = "ServiceFailed";
}

/**
 * App Runner has no SDK waiters (docs/FACTS.md): poll DescribeService until one of the wanted states,
 * failing on a failure state or after serviceMaxWaitMs.
 */
export async function waitForServiceStatus(
  ctx: LabContext,
  client: AppRunnerClient,
  arn: string,
  wanted: string[],
  failed: string[],
  /** A line to print once when the first answer is not yet a wanted state (what is waited for). */
  describeWait?: (status: string) => string,
): Promise<{ status: string; url: string }> {
  const deadline = Date.now() + ctx.timing.serviceMaxWaitMs;
  for (let polls = 0; ; polls++) {
    throwIfAborted(ctx.signal);
    const reply = await callAws(
      ctx,
      "apprunner:DescribeService",
      (o) => client.send(new DescribeServiceCommand({ ServiceArn: arn }), o),
      { also: isNotFoundError },
    );
    const status = reply.Service?.Status ?? "UNKNOWN";
    const url = reply.Service?.ServiceUrl ?? "";
    if (wanted.includes(status)) return { status, url };
    if (polls === 0 && describeWait !== undefined && !failed.includes(status))
      ctx.narrator.note(describeWait(status));
    if (failed.includes(status)) {
      throw new ServiceFailedError(
        `App Runner service ${arn} ended ${status}. Its event log is in the App Runner console` +
          (status === "CREATE_FAILED"
            ? " (a failed health check means nothing listened on ImageConfiguration.Port)."
            : "."),
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `App Runner service ${arn} still ${status} after ${Math.round(ctx.timing.serviceMaxWaitMs / 1000)} s (serviceMaxWaitMs).`,
      );
    }
    await sleep(ctx.timing.pollIntervalMs, ctx.signal);
  }
}

/**
 * The newest Amazon Linux 2023 arm64 AMI, the way AWS recommends: Amazon's public SSM parameter,
 * resolved by RunInstances itself ("resolve:ssm:" in ImageId; needs ssm:GetParameters). Sources:
 * AL2023 User Guide (the parameter names), EC2 User Guide "Reference AMIs using Systems Manager
 * parameters"; see docs/FACTS.md.
 */
export const AL2023_ARM64_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";

/**
 * The zones that offer the instance type (DescribeInstanceTypeOfferings): t4g (Graviton) types are
 * not offered in every zone of every region.
 */
export async function zonesOfferingInstanceType(ctx: LabContext, instanceType: string): Promise<Set<string>> {
  const zones = new Set<string>();
  let token: string | undefined;
  do {
    const page = await callAws(ctx, "ec2:DescribeInstanceTypeOfferings", (o) =>
      ctx.clients.ec2.send(
        new DescribeInstanceTypeOfferingsCommand({
          LocationType: "availability-zone",
          Filters: [{ Name: "instance-type", Values: [instanceType] }],
          ...(token === undefined ? {} : { NextToken: token }),
        }),
        o,
      ),
    );
    for (const offering of page.InstanceTypeOfferings ?? [])
      if (offering.Location !== undefined) zones.add(offering.Location);
    token = page.NextToken;
  } while (token !== undefined);
  return zones;
}

export async function runProbeInstance(
  ctx: LabContext,
  step: Step<"instance">,
  state: StackState,
): Promise<CreatedResource> {
  const subnetId = requireCreated(state, step.subnetKey).id;
  const groupId = requireCreated(state, step.securityGroupKey).id;
  const userData = renderInstanceProbeScript({
    host: PROBE_DESTINATION.host,
    port: PROBE_DESTINATION.port,
    intervalSeconds: ctx.timing.instanceProbeIntervalSeconds,
  });
  const reply = await callAws(
    ctx,
    "ec2:RunInstances",
    (o) =>
      ctx.clients.ec2.send(
        new RunInstancesCommand({
          ImageId: `resolve:ssm:${AL2023_ARM64_PARAMETER}`,
          InstanceType: INSTANCE_TYPE,
          MinCount: 1,
          MaxCount: 1,
          ClientToken: `${ctx.stackName}-${step.key}`,
          NetworkInterfaces: [
            { DeviceIndex: 0, SubnetId: subnetId, Groups: [groupId], AssociatePublicIpAddress: false },
          ],
          UserData: Buffer.from(userData, "utf8").toString("base64"),
          MetadataOptions: { HttpTokens: "required" },
          TagSpecifications: tagSpecification("instance", ctx.stackName, step.name),
        }),
        o,
      ),
    { also: isNotFoundError },
  );
  const instance = reply.Instances?.[0];
  const id = instance?.InstanceId;
  if (id === undefined) throw new Error("RunInstances returned no InstanceId");
  ctx.onCreating?.({ key: step.key, kind: step.kind, id });
  await waitUntilInstanceRunning(
    {
      client: ctx.clients.ec2,
      maxWaitTime: ctx.timing.instanceMaxWaitSeconds,
      minDelay: ctx.timing.waiterMinDelaySeconds,
      maxDelay: ctx.timing.waiterMaxDelaySeconds,
      abortSignal: ctx.signal,
    },
    { InstanceIds: [id] },
  );
  return {
    key: step.key,
    kind: step.kind,
    id,
    facts: { privateIp: instance?.PrivateIpAddress ?? "", image: instance?.ImageId ?? "", subnetId },
  };
}
