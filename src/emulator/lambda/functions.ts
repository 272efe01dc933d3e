// CreateFunction, GetFunctionConfiguration, GetFunction, DeleteFunction: the configuration of a
// function, its VpcConfig above all, which is what decides where its traffic leaves (Lambda
// Developer Guide, configuration-vpc.html; docs/FACTS.md "Lambda"). The emulator runs no code.
// Rules AWS applies that the emulator checks: a .zip package needs Runtime and Handler; the package
// must be a zip; subnets and security groups must exist and belong to one VPC; a name is used once.
// Rules it cannot check (the role exists and Lambda may assume it, the role may create network
// interfaces) are left out and listed in the README's divergences.

import { createHash } from "node:crypto";
import type { RequestContext } from "../context.ts";
import { getSecurityGroup, getSubnet } from "../ec2/state.ts";
import { AwsError } from "../errors.ts";
import { findFunction, functionArn } from "./function-names.ts";
import type { FunctionRecord, FunctionVpcConfig } from "./state.ts";

type Input = Record<string, unknown>;

function invalid(message: string): AwsError {
  return new AwsError("InvalidParameterValueException", message);
}

export function createFunction(ctx: RequestContext, input: Input) {
  const name = input["FunctionName"] as string;
  const { functions } = ctx.backend.lambda;
  // CreateFunction takes a name or an ARN; the function is known by its name.
  const shortName = /:function:([^:]+)/.exec(name)?.[1] ?? name;
  if (functions.has(shortName))
    throw new AwsError("ResourceConflictException", `Function already exist: ${shortName}`, 409);
  const runtime = input["Runtime"] as string | undefined;
  const handler = input["Handler"] as string | undefined;
  if (runtime === undefined || handler === undefined)
    throw invalid(
      "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
    );
  const zip = Buffer.from(
    ((input["Code"] as Input | undefined)?.["ZipFile"] as string | undefined) ?? "",
    "base64",
  );
  // A .zip file starts with a local file header, "PK\x03\x04" (PKWARE APPNOTE 4.3.7); an empty
  // archive is only an end-of-central-directory record, "PK\x05\x06".
  if (zip.length < 4 || zip[0] !== 0x50 || zip[1] !== 0x4b || (zip[2] !== 3 && zip[2] !== 5))
    throw invalid("Could not unzip uploaded file. Please check your file, then try to upload again.");
  const vpc = readVpcConfig(ctx, input["VpcConfig"] as Input | undefined);
  const record: FunctionRecord = {
    name: shortName,
    arn: functionArn(ctx, shortName),
    runtime,
    role: input["Role"] as string,
    handler,
    description: (input["Description"] as string | undefined) ?? "",
    timeout: (input["Timeout"] as number | undefined) ?? 3,
    memorySize: (input["MemorySize"] as number | undefined) ?? 128,
    architectures: (input["Architectures"] as string[] | undefined) ?? ["x86_64"],
    codeSha256: createHash("sha256").update(zip).digest("base64"),
    codeSize: zip.length,
    vpc,
    lastModified: lambdaTimestamp(ctx.emulator.clock.now()),
    revisionId: uuid(ctx),
    tags: new Map(Object.entries((input["Tags"] as Record<string, string> | undefined) ?? {})),
  };
  functions.set(shortName, record);
  return describeFunction(record);
}

export function getFunctionConfiguration(ctx: RequestContext, input: Input) {
  return describeFunction(lookUp(ctx, input));
}

export function getFunction(ctx: RequestContext, input: Input) {
  const record = lookUp(ctx, input);
  return {
    Configuration: describeFunction(record),
    ...(record.tags.size === 0 ? {} : { Tags: Object.fromEntries(record.tags) }),
  };
}

export function deleteFunction(ctx: RequestContext, input: Input) {
  const record = lookUp(ctx, input);
  ctx.backend.lambda.functions.delete(record.name);
  return {};
}

function lookUp(ctx: RequestContext, input: Input): FunctionRecord {
  return findFunction(ctx, input["FunctionName"] as string, input["Qualifier"] as string | undefined);
}

/**
 * Both lists empty (or no VpcConfig) means no VPC, as AWS reads it. Otherwise both are needed, every
 * subnet and group must exist, and all must be in one VPC. AWS words a missing subnet or group as
 * the EC2 error it got ("Error occurred while DescribeSubnets. EC2 Error Code: ..."); the message
 * for a mix of VPCs, or for subnets without groups, is the emulator's own.
 */
function readVpcConfig(ctx: RequestContext, config: Input | undefined): FunctionVpcConfig | null {
  const subnetIds = [...new Set((config?.["SubnetIds"] as string[] | undefined) ?? [])];
  const securityGroupIds = [...new Set((config?.["SecurityGroupIds"] as string[] | undefined) ?? [])];
  if (subnetIds.length === 0 && securityGroupIds.length === 0) return null;
  if (subnetIds.length === 0 || securityGroupIds.length === 0)
    throw invalid(
      "VpcConfig needs both SubnetIds and SecurityGroupIds to connect the function to a VPC (or neither, to leave it out of any VPC).",
    );
  const { ec2 } = ctx.backend;
  const vpcIds = new Set<string>();
  for (const id of subnetIds) {
    vpcIds.add(ec2Lookup("DescribeSubnets", () => getSubnet(ec2, id)).vpcId);
  }
  for (const id of securityGroupIds) {
    vpcIds.add(ec2Lookup("DescribeSecurityGroups", () => getSecurityGroup(ec2, id)).vpcId);
  }
  if (vpcIds.size > 1)
    throw invalid(
      `The subnets and security groups in VpcConfig must all belong to one VPC; they belong to ${[...vpcIds].sort().join(", ")}.`,
    );
  return { subnetIds, securityGroupIds, vpcId: [...vpcIds][0] as string, ipv6AllowedForDualStack: false };
}

function ec2Lookup<T>(action: string, lookup: () => T): T {
  try {
    return lookup();
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    throw invalid(
      `Error occurred while ${action}. EC2 Error Code: ${error.code}. EC2 Error Message: ${error.message}`,
    );
  }
}

/** FunctionConfiguration as Lambda returns it, for the members the emulator models. */
function describeFunction(record: FunctionRecord): Record<string, unknown> {
  return {
    FunctionName: record.name,
    FunctionArn: record.arn,
    Runtime: record.runtime,
    Role: record.role,
    Handler: record.handler,
    CodeSize: record.codeSize,
    Description: record.description,
    Timeout: record.timeout,
    MemorySize: record.memorySize,
    LastModified: record.lastModified,
    CodeSha256: record.codeSha256,
    Version: "$LATEST",
    ...(record.vpc === null
      ? {}
      : {
          VpcConfig: {
            SubnetIds: record.vpc.subnetIds,
            SecurityGroupIds: record.vpc.securityGroupIds,
            VpcId: record.vpc.vpcId,
            Ipv6AllowedForDualStack: record.vpc.ipv6AllowedForDualStack,
          },
        }),
    RevisionId: record.revisionId,
    State: "Active",
    LastUpdateStatus: "Successful",
    PackageType: "Zip",
    Architectures: record.architectures,
  };
}

/** Lambda's LastModified format: 2026-11-28T07:00:00.000+0000 (ISO 8601 with a numeric offset). */
function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

function uuid(ctx: RequestContext): string {
  const h = ctx.emulator.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
