// RunInstances' model: one instance with one ENI (created through the EC2 state helper) in the
// subnet, the given security groups (default: the VPC's default group), a public IP only when asked
// (AssociatePublicIpAddress) or when the subnet maps public IPs on launch, and the user data stored.
// Auto-assigned public IPs come from 203.0.113.128/25 (in TEST-NET-3, RFC 5737), an emulated range
// (the address plan is in ec2/address-plan.ts).

import type { QueryParams } from "../codecs/query-params.ts";
import type { RequestContext } from "../context.ts";
import { findAllOrThrow } from "../ec2/lookups.ts";
import type { InstanceRecord } from "../ec2/records.ts";
import {
  createNetworkInterface,
  deleteNetworkInterface,
  getSubnet,
  readTagSpecifications,
  setTags,
} from "../ec2/state.ts";
import { AwsError } from "../errors.ts";
import { AMAZON_IMAGES, resolveAmiParameter } from "./images.ts";

const INSTANCE_TYPES = new Set(["t4g.nano", "t4g.micro", "t4g.small", "t3.nano", "t3.micro"]);

export function createInstance(ctx: RequestContext, params: QueryParams): InstanceRecord {
  const ec2 = ctx.backend.ec2;
  const tags = readTagSpecifications(params, "instance", [
    "volume",
    "network-interface",
    "spot-instances-request",
    "elastic-gpu",
  ]);
  const imageId = resolveImageId(params.requireString("ImageId"));
  findAllOrThrow("image", new Map(AMAZON_IMAGES.map((image) => [image.imageId, image])), [imageId]);
  const instanceType = params.string("InstanceType") ?? "m1.small";
  if (!INSTANCE_TYPES.has(instanceType)) {
    throw new AwsError(
      "InvalidParameterValue",
      `Invalid value '${instanceType}' for InstanceType (the emulator runs ${[...INSTANCE_TYPES].join(", ")}).`,
    );
  }
  if (params.int("MinCount") !== 1 || (params.int("MaxCount") ?? 1) !== 1) {
    throw new AwsError(
      "InvalidParameterValue",
      "The emulator launches exactly one instance: MinCount=1, MaxCount=1.",
    );
  }
  const nics = params.objects("NetworkInterface");
  const nic = nics[0];
  if (nics.length > 1 || (nic?.int("DeviceIndex") ?? 0) !== 0) {
    throw new AwsError(
      "InvalidParameterValue",
      "The emulator attaches exactly one network interface, at DeviceIndex 0 (this error comes from the emulator).",
    );
  }
  // AWS's refusals when instance-level network settings meet NetworkInterface.N (texts quoted from
  // real replies: aws/aws-cli#809 and aws/aws-sdk-php#231 for the subnet, puppetlabs-aws#394 for
  // the private IP; the security-group text is assumed to follow the same pattern).
  if (nic !== undefined && params.string("SubnetId") !== undefined) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Network interfaces and an instance-level subnet ID may not be specified on the same request",
    );
  }
  if (nic !== undefined && params.strings("SecurityGroupId").length > 0) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Network interfaces and an instance-level security groups may not be specified on the same request",
    );
  }
  if (nic !== undefined && params.string("PrivateIpAddress") !== undefined) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Network interfaces and an instance-level private IP address may not be specified on the same request",
    );
  }
  // The emulated images stand for Amazon Linux 2023 AMIs, published with ImdsSupport v2.0: "Instances
  // launched from this AMI will have HttpTokens automatically set to required ... HttpPutResponseHopLimit
  // is set to 2" (EC2 API reference, Image.ImdsSupport).
  const httpTokens = params.object("MetadataOptions")?.string("HttpTokens") ?? "required";
  const subnetId = nic?.string("SubnetId") ?? params.string("SubnetId");
  if (subnetId === undefined) {
    throw new AwsError(
      "MissingInput",
      "No subnet given: the emulator needs SubnetId (or NetworkInterface.1.SubnetId).",
    );
  }
  const subnet = getSubnet(ec2, subnetId);
  if (!isOffered(ctx, subnet.availabilityZone, subnet.availabilityZoneId)) {
    const offered = ec2.availabilityZones
      .filter((zone) => isOffered(ctx, zone.zoneName, zone.zoneId))
      .map((zone) => zone.zoneName);
    // AWS's text for an instance type a zone does not offer (code Unsupported).
    throw new AwsError(
      "Unsupported",
      `Your requested instance type (${instanceType}) is not supported in your requested Availability Zone (${subnet.availabilityZone}). ` +
        `Please retry your request by not specifying an Availability Zone or choosing ${offered.join(", ")}.`,
    );
  }
  const groupIds = [...(nic?.strings("SecurityGroupId") ?? []), ...params.strings("SecurityGroupId")];
  const associate = nic?.bool("AssociatePublicIpAddress");
  const wantsPublicIp = associate ?? subnet.mapPublicIpOnLaunch;
  const instanceId = ctx.emulator.newId("instance");
  const privateIpAddress = nic?.string("PrivateIpAddress") ?? params.string("PrivateIpAddress");
  const eni = createNetworkInterface(ec2, ctx.emulator, {
    subnetId,
    groupIds,
    description: "",
    requesterManaged: false,
    ...(privateIpAddress === undefined ? {} : { privateIpAddress }),
  });
  eni.status = "in-use";
  eni.attachment = {
    attachmentId: ctx.emulator.newId("attachment"),
    instanceId,
    instanceOwnerId: ctx.emulator.accountId,
    deviceIndex: 0,
    attachTime: ctx.emulator.clock.now(),
    deleteOnTermination: true,
  };
  const userDataB64 = params.string("UserData") ?? "";
  const now = ctx.emulator.clock.now();
  const instance: InstanceRecord = {
    instanceId,
    reservationId: ctx.emulator.newId("reservation"),
    imageId,
    instanceType,
    subnetId,
    vpcId: subnet.vpcId,
    availabilityZone: subnet.availabilityZone,
    groupIds: eni.groupIds,
    networkInterfaceId: eni.networkInterfaceId,
    privateIpAddress: eni.privateIpAddress,
    publicIpAddress: wantsPublicIp ? `203.0.113.${128 + (ec2.instances.size % 126)}` : null,
    userData: Buffer.from(userDataB64, "base64").toString("utf8"),
    httpTokens,
    launchTime: now,
    runningAt: ctx.emulator.clock.dueAt("instanceRunning"),
    terminateTime: null,
    terminatedAt: null,
  };
  ec2.instances.set(instanceId, instance);
  setTags(ec2, instanceId, tags);
  ctx.emulator.faults.created(instanceId);
  return instance;
}

/** The emulated instance types every zone offers, except zones listed in unofferedInstanceTypeZones. */
export const EMULATED_INSTANCE_TYPES: readonly string[] = [...INSTANCE_TYPES];

export function isOffered(ctx: RequestContext, zoneName: string, zoneId: string): boolean {
  const refused = ctx.emulator.unofferedInstanceTypeZones;
  return !refused.includes(zoneName) && !refused.includes(zoneId);
}

/**
 * "resolve:ssm:<name>" (optionally ":<version>") as RunInstances resolves it. The emulator knows
 * only Amazon's public AMI parameters; any other name is refused. AWS's exact error for an unknown
 * parameter was not found documented: InvalidParameterValue naming the parameter is assumed.
 */
function resolveImageId(imageId: string): string {
  if (!imageId.startsWith("resolve:ssm:")) return imageId;
  const reference = imageId.slice("resolve:ssm:".length);
  const name = reference.replace(/:\d+$/, "");
  const image = resolveAmiParameter(name);
  if (image === undefined) {
    throw new AwsError(
      "InvalidParameterValue",
      `Invalid value '${imageId}' for ImageId: parameter ${name} was not found (the emulator knows Amazon's public Amazon Linux 2023 parameters).`,
    );
  }
  return image.imageId;
}

/** shutting-down now, terminated after the instanceTerminated delay; the ENI goes with it. */
export function terminateInstance(ctx: RequestContext, instance: InstanceRecord): void {
  if (instance.terminateTime !== null) return;
  instance.terminateTime = ctx.emulator.clock.now();
  instance.terminatedAt = ctx.emulator.clock.dueAt("instanceTerminated");
  deleteNetworkInterface(ctx.backend.ec2, ctx.emulator, instance.networkInterfaceId);
}
