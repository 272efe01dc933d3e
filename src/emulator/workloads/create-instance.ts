// RunInstances' model: one instance with one ENI (created through the EC2 state helper) in the
// subnet, the given security groups (default: the VPC's default group), a public IP only when asked
// (AssociatePublicIpAddress) or when the subnet maps public IPs on launch, and the user data stored.
// Auto-assigned public IPs come from 203.0.113.128/25 (in TEST-NET-3, RFC 5737), an emulated range
// (the address plan is in ec2/addresses.ts).

import type { QueryParams } from "../codecs/query-params.ts";
import type { RequestContext } from "../context.ts";
import {
  applyTagSpecifications,
  createNetworkInterface,
  deleteNetworkInterface,
  getSubnet,
} from "../ec2/state.ts";
import { AwsError } from "../errors.ts";
import { AMAZON_IMAGES } from "./images.ts";
import { type InstanceRecord, instancesOf } from "./instance-store.ts";

const INSTANCE_TYPES = new Set(["t4g.nano", "t4g.micro", "t4g.small", "t3.nano", "t3.micro"]);

export function createInstance(ctx: RequestContext, params: QueryParams): InstanceRecord {
  const ec2 = ctx.backend.ec2;
  const imageId = params.requireString("ImageId");
  if (!AMAZON_IMAGES.some((image) => image.imageId === imageId)) {
    throw new AwsError("InvalidAMIID.NotFound", `The image id '[${imageId}]' does not exist`);
  }
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
  const nic = params.objects("NetworkInterface")[0];
  const subnetId = nic?.string("SubnetId") ?? params.string("SubnetId");
  if (subnetId === undefined) {
    throw new AwsError(
      "MissingInput",
      "No subnet given: the emulator needs SubnetId (or NetworkInterface.1.SubnetId).",
    );
  }
  const subnet = getSubnet(ec2, subnetId);
  const groupIds = [...(nic?.strings("SecurityGroupId") ?? []), ...params.strings("SecurityGroupId")];
  const associate = nic?.bool("AssociatePublicIpAddress");
  const wantsPublicIp = associate ?? subnet.mapPublicIpOnLaunch;
  const instanceId = ctx.emulator.newId("instance");
  const eni = createNetworkInterface(ec2, ctx.emulator, {
    subnetId,
    groupIds,
    description: "",
    requesterManaged: false,
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
    publicIpAddress: wantsPublicIp ? `203.0.113.${128 + (instancesOf(ec2).size % 126)}` : null,
    userData: Buffer.from(userDataB64, "base64").toString("utf8"),
    launchTime: now,
    runningAt: ctx.emulator.clock.dueAt("instanceRunning"),
    terminateTime: null,
    terminatedAt: null,
  };
  instancesOf(ec2).set(instanceId, instance);
  applyTagSpecifications(ec2, params, "instance", instanceId);
  ctx.emulator.faults.created(instanceId);
  return instance;
}

/** shutting-down now, terminated after the instanceTerminated delay; the ENI goes with it. */
export function terminateInstance(ctx: RequestContext, instance: InstanceRecord): void {
  if (instance.terminateTime !== null) return;
  instance.terminateTime = ctx.emulator.clock.now();
  instance.terminatedAt = ctx.emulator.clock.dueAt("instanceTerminated");
  deleteNetworkInterface(ctx.backend.ec2, ctx.emulator, instance.networkInterfaceId);
}
