// The rules of instances, apart from the wire (instances.ts reads parameters and shapes replies).
// RunInstances: one instance with one ENI (created through the interface model) in the subnet, the
// given security groups (default: the VPC's default group), a public IP only when asked
// (AssociatePublicIpAddress) or when the subnet maps public IPs on launch, and the user data stored.
// Auto-assigned public IPs come from 203.0.113.128/25 (in TEST-NET-3, RFC 5737), an emulated range
// (the address plan is in address-plan.ts). TerminateInstances and ModifyInstanceAttribute
// (SourceDestCheck, which a NAT instance needs off) change an instance already running.

import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import { AMAZON_IMAGES, resolveAmiParameter } from "../workloads/images.ts";
import { computeInstanceState, type InstanceState } from "../workloads/instance-state.ts";
import { createNetworkInterface, deleteNetworkInterface } from "./interfaces.ts";
import { findAllOrThrow, getSubnet } from "./lookups.ts";
import type { InstanceRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { storeNew } from "./store.ts";
import type { TagInput } from "./tagging.ts";

const INSTANCE_TYPES = new Set(["t4g.nano", "t4g.micro", "t4g.small", "t3.nano", "t3.micro"]);

/** The one NetworkInterface.N entry RunInstances takes here. */
export interface LaunchInterfaceInput {
  deviceIndex: number | undefined;
  subnetId: string | undefined;
  groupIds: string[];
  associatePublicIpAddress: boolean | undefined;
  privateIpAddress: string | undefined;
}

/** RunInstances as read from the request; the rules below decide what it may launch. */
export interface RunInstancesInput {
  /** An AMI ID or "resolve:ssm:<parameter>", as given. */
  imageId: string;
  instanceType: string;
  minCount: number | undefined;
  maxCount: number | undefined;
  /** Every NetworkInterface.N entry (the emulator accepts at most one). */
  interfaces: LaunchInterfaceInput[];
  /** The instance-level settings, which AWS refuses beside NetworkInterface.N. */
  subnetId: string | undefined;
  groupIds: string[];
  privateIpAddress: string | undefined;
  httpTokens: string;
  /** Decoded from the request's base64. */
  userData: string;
  tags: TagInput[];
}

export function launchInstance(
  state: Ec2State,
  emulator: Emulator,
  input: RunInstancesInput,
): InstanceRecord {
  const imageId = resolveImageId(input.imageId);
  findAllOrThrow("image", new Map(AMAZON_IMAGES.map((image) => [image.imageId, image])), [imageId]);
  const { instanceType } = input;
  if (!INSTANCE_TYPES.has(instanceType)) {
    throw new AwsError(
      "InvalidParameterValue",
      `Invalid value '${instanceType}' for InstanceType (the emulator runs ${[...INSTANCE_TYPES].join(", ")}).`,
    );
  }
  if (input.minCount !== 1 || (input.maxCount ?? 1) !== 1) {
    throw new AwsError(
      "InvalidParameterValue",
      "The emulator launches exactly one instance: MinCount=1, MaxCount=1.",
    );
  }
  const nic = input.interfaces[0];
  if (input.interfaces.length > 1 || (nic?.deviceIndex ?? 0) !== 0) {
    throw new AwsError(
      "InvalidParameterValue",
      "The emulator attaches exactly one network interface, at DeviceIndex 0 (this error comes from the emulator).",
    );
  }
  // AWS's refusals when instance-level network settings meet NetworkInterface.N (texts quoted from
  // real replies: aws/aws-cli#809 and aws/aws-sdk-php#231 for the subnet, puppetlabs-aws#394 for
  // the private IP; the security-group text is assumed to follow the same pattern).
  if (nic !== undefined && input.subnetId !== undefined) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Network interfaces and an instance-level subnet ID may not be specified on the same request",
    );
  }
  if (nic !== undefined && input.groupIds.length > 0) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Network interfaces and an instance-level security groups may not be specified on the same request",
    );
  }
  if (nic !== undefined && input.privateIpAddress !== undefined) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Network interfaces and an instance-level private IP address may not be specified on the same request",
    );
  }
  const subnetId = nic?.subnetId ?? input.subnetId;
  if (subnetId === undefined) {
    throw new AwsError(
      "MissingInput",
      "No subnet given: the emulator needs SubnetId (or NetworkInterface.1.SubnetId).",
    );
  }
  const subnet = getSubnet(state, subnetId);
  if (!isOffered(emulator, subnet.availabilityZone, subnet.availabilityZoneId)) {
    const offered = state.availabilityZones
      .filter((zone) => isOffered(emulator, zone.zoneName, zone.zoneId))
      .map((zone) => zone.zoneName);
    // AWS's text for an instance type a zone does not offer (code Unsupported).
    throw new AwsError(
      "Unsupported",
      `Your requested instance type (${instanceType}) is not supported in your requested Availability Zone (${subnet.availabilityZone}). ` +
        `Please retry your request by not specifying an Availability Zone or choosing ${offered.join(", ")}.`,
    );
  }
  const groupIds = [...(nic?.groupIds ?? []), ...input.groupIds];
  const wantsPublicIp = nic?.associatePublicIpAddress ?? subnet.mapPublicIpOnLaunch;
  const instanceId = emulator.newId("instance");
  const privateIpAddress = nic?.privateIpAddress ?? input.privateIpAddress;
  const eni = createNetworkInterface(state, emulator, {
    subnetId,
    groupIds,
    description: "",
    requesterManaged: false,
    ...(privateIpAddress === undefined ? {} : { privateIpAddress }),
  });
  eni.status = "in-use";
  eni.attachment = {
    attachmentId: emulator.newId("attachment"),
    instanceId,
    instanceOwnerId: emulator.accountId,
    deviceIndex: 0,
    attachTime: emulator.clock.now(),
    deleteOnTermination: true,
  };
  const now = emulator.clock.now();
  const instance: InstanceRecord = {
    instanceId,
    reservationId: emulator.newId("reservation"),
    imageId,
    instanceType,
    subnetId,
    vpcId: subnet.vpcId,
    availabilityZone: subnet.availabilityZone,
    groupIds: eni.groupIds,
    networkInterfaceId: eni.networkInterfaceId,
    privateIpAddress: eni.privateIpAddress,
    publicIpAddress: wantsPublicIp ? `203.0.113.${128 + (state.instances.size % 126)}` : null,
    userData: input.userData,
    httpTokens: input.httpTokens,
    launchTime: now,
    runningAt: emulator.clock.dueAt("instanceRunning"),
    terminateTime: null,
    terminatedAt: null,
  };
  return storeNew(state, emulator, state.instances, instanceId, instance, input.tags);
}

/** The emulated instance types every zone offers, except zones listed in unofferedInstanceTypeZones. */
export const EMULATED_INSTANCE_TYPES: readonly string[] = [...INSTANCE_TYPES];

export function isOffered(emulator: Emulator, zoneName: string, zoneId: string): boolean {
  const refused = emulator.unofferedInstanceTypeZones;
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

export interface InstanceStateChange {
  instance: InstanceRecord;
  previousState: InstanceState;
  currentState: InstanceState;
}

/**
 * TerminateInstances: each instance goes shutting-down now, terminated after the instanceTerminated
 * delay, and its ENI goes with it; one already terminating is left as it is. Unknown IDs refuse the
 * whole request before anything changes.
 */
export function terminateInstances(
  state: Ec2State,
  emulator: Emulator,
  ids: string[],
): InstanceStateChange[] {
  const now = emulator.clock.now();
  const found = findAllOrThrow("instance", state.instances, [...new Set(ids)]);
  return found.map((instance) => {
    const previousState = computeInstanceState(instance, now);
    if (instance.terminateTime === null) {
      instance.terminateTime = emulator.clock.now();
      instance.terminatedAt = emulator.clock.dueAt("instanceTerminated");
      deleteNetworkInterface(state, emulator, instance.networkInterfaceId);
    }
    return { instance, previousState, currentState: computeInstanceState(instance, now) };
  });
}

/**
 * ModifyInstanceAttribute SourceDestCheck: the check of the instance's primary interface, which a
 * NAT instance needs off (VPC User Guide, VPC_NAT_Instance.html); refused once the instance is
 * shutting down or gone.
 */
export function setSourceDestCheck(
  state: Ec2State,
  emulator: Emulator,
  instanceId: string,
  value: boolean,
): void {
  const [instance] = findAllOrThrow("instance", state.instances, [instanceId]) as [InstanceRecord];
  const current = computeInstanceState(instance, emulator.clock.now()).name;
  const eni = state.networkInterfaces.get(instance.networkInterfaceId);
  if (current === "terminated" || current === "shutting-down" || eni === undefined) {
    throw new AwsError(
      "IncorrectInstanceState",
      `The instance '${instance.instanceId}' is not in a state from which it can be modified.`,
    );
  }
  eni.sourceDestCheck = value;
}
