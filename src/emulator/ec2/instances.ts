// EC2 instance actions for the instance workload (DescribeImages, RunInstances, DescribeInstances,
// TerminateInstances, GetConsoleOutput) and for NAT instances (ModifyInstanceAttribute
// SourceDestCheck): read the parameters, apply the rules (./instance-model.ts), shape the reply. The
// instance's console shows the probe lines of its user
// data (src/probe/instance-probe.ts), computed by the egress model from the state at the moment of
// the GetConsoleOutput call, so a route added while the instance runs changes the next lines.

import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import { renderConsoleOutput } from "../workloads/console-output.ts";
import { AMAZON_IMAGES, AMAZON_OWNER_ID, type ImageRecord } from "../workloads/images.ts";
import { computeInstanceState } from "../workloads/instance-state.ts";
import { type FilterTable, matchesFilters, readFilters } from "./filters.ts";
import type { Ec2Handler } from "./handler.ts";
import {
  EMULATED_INSTANCE_TYPES,
  isOffered,
  launchInstance,
  type RunInstancesInput,
  setSourceDestCheck,
  terminateInstances as terminate,
} from "./instance-model.ts";
import { findAllOrThrow } from "./lookups.ts";
import { paginate } from "./pagination.ts";
import type { InstanceRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagsOf } from "./tagging.ts";

const IMAGES = new Map(AMAZON_IMAGES.map((image) => [image.imageId, image]));

function imageDescription(image: ImageRecord): string {
  return `Amazon Linux 2023 AMI ${image.name.split("-")[2]} ${image.architecture} HVM kernel-6.1`;
}

/** The root volume of every emulated image, as AL2023 AMIs have it: 8 GiB gp3 on /dev/xvda. */
function rootDevice(image: ImageRecord) {
  return {
    deviceName: "/dev/xvda",
    ebs: {
      deleteOnTermination: true,
      iops: 3000,
      snapshotId: image.snapshotId,
      volumeSize: 8,
      volumeType: "gp3",
      throughput: 125,
      encrypted: false,
    },
  };
}

const IMAGE_FILTERS: FilterTable<ImageRecord> = {
  architecture: (i) => i.architecture,
  "block-device-mapping.delete-on-termination": () => true,
  "block-device-mapping.device-name": () => "/dev/xvda",
  "block-device-mapping.encrypted": () => false,
  "block-device-mapping.snapshot-id": (i) => i.snapshotId,
  "block-device-mapping.volume-size": () => "8",
  "block-device-mapping.volume-type": () => "gp3",
  "creation-date": (i) => i.creationDate,
  description: (i) => imageDescription(i),
  "ena-support": () => true,
  hypervisor: () => "xen",
  "image-id": (i) => i.imageId,
  "image-type": () => "machine",
  "is-public": () => true,
  name: (i) => i.name,
  "owner-alias": () => "amazon",
  "owner-id": () => AMAZON_OWNER_ID,
  // Linux images have no platform (only Windows ones say "windows").
  platform: () => undefined,
  "root-device-name": () => "/dev/xvda",
  "root-device-type": () => "ebs",
  state: () => "available",
  "virtualization-type": () => "hvm",
};

const describeImages: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const owners = params.strings("Owner");
  const ids = params.strings("ImageId");
  const filters = readFilters(params, "DescribeImages", IMAGE_FILTERS);
  // Unknown or malformed IDs are errors, as in AWS (InvalidAMIID.NotFound / .Malformed).
  const selected = ids.length > 0 ? findAllOrThrow("image", IMAGES, [...new Set(ids)]) : AMAZON_IMAGES;
  const images = selected.filter((image) => {
    if (owners.length > 0 && !owners.some((o) => o === "amazon" || o === AMAZON_OWNER_ID)) return false;
    return matchesFilters(state, image.imageId, image, filters, IMAGE_FILTERS);
  });
  return {
    imagesSet: images.map((image) => ({
      imageId: image.imageId,
      imageLocation: `amazon/${image.name}`,
      imageState: "available",
      imageOwnerId: AMAZON_OWNER_ID,
      creationDate: image.creationDate,
      isPublic: true,
      architecture: image.architecture,
      imageType: "machine",
      name: image.name,
      description: imageDescription(image),
      imageOwnerAlias: "amazon",
      rootDeviceType: "ebs",
      rootDeviceName: "/dev/xvda",
      blockDeviceMapping: [rootDevice(image)],
      virtualizationType: "hvm",
      hypervisor: "xen",
      enaSupport: true,
      platformDetails: "Linux/UNIX",
      usageOperation: "RunInstances",
    })),
  };
};

function readRunInstances(params: QueryParams): RunInstancesInput {
  const tags = readTagSpecifications(params, "instance", [
    "volume",
    "network-interface",
    "spot-instances-request",
    "elastic-gpu",
  ]);
  const imageId = params.requireString("ImageId");
  return {
    imageId,
    instanceType: params.string("InstanceType") ?? "m1.small",
    minCount: params.int("MinCount"),
    maxCount: params.int("MaxCount"),
    interfaces: params.objects("NetworkInterface").map((nic) => ({
      deviceIndex: nic.int("DeviceIndex"),
      subnetId: nic.string("SubnetId"),
      groupIds: nic.strings("SecurityGroupId"),
      associatePublicIpAddress: nic.bool("AssociatePublicIpAddress"),
      privateIpAddress: nic.string("PrivateIpAddress"),
    })),
    subnetId: params.string("SubnetId"),
    groupIds: params.strings("SecurityGroupId"),
    privateIpAddress: params.string("PrivateIpAddress"),
    // The emulated images stand for Amazon Linux 2023 AMIs, published with ImdsSupport v2.0:
    // "Instances launched from this AMI will have HttpTokens automatically set to required ...
    // HttpPutResponseHopLimit is set to 2" (EC2 API reference, Image.ImdsSupport).
    httpTokens: params.object("MetadataOptions")?.string("HttpTokens") ?? "required",
    userData: Buffer.from(params.string("UserData") ?? "", "base64").toString("utf8"),
    tags,
  };
}

const runInstances: Ec2Handler = (ctx, params) => {
  const instance = launchInstance(ctx.backend.ec2, ctx.emulator, readRunInstances(params));
  return {
    reservationId: instance.reservationId,
    ownerId: ctx.emulator.accountId,
    groupSet: [],
    instancesSet: [describeInstance(ctx.backend.ec2, instance, ctx.emulator.clock.now())],
  };
};

function instanceFilters(state: Ec2State, now: number): FilterTable<InstanceRecord> {
  const live = (i: InstanceRecord) => computeInstanceState(i, now).name !== "terminated";
  const groupNames = (i: InstanceRecord) => i.groupIds.map((id) => state.securityGroups.get(id)?.groupName);
  return {
    architecture: (i) => IMAGES.get(i.imageId)?.architecture,
    "availability-zone": (i) => i.availabilityZone,
    "availability-zone-id": (i) =>
      state.availabilityZones.find((z) => z.zoneName === i.availabilityZone)?.zoneId,
    "image-id": (i) => i.imageId,
    "instance-id": (i) => i.instanceId,
    "instance-state-code": (i) => String(computeInstanceState(i, now).code),
    "instance-state-name": (i) => computeInstanceState(i, now).name,
    "instance-type": (i) => i.instanceType,
    "instance.group-id": (i) => i.groupIds,
    "instance.group-name": groupNames,
    "ip-address": (i) => (live(i) ? (i.publicIpAddress ?? undefined) : undefined),
    "launch-time": (i) => new Date(i.launchTime).toISOString(),
    "network-interface.network-interface-id": (i) => (live(i) ? i.networkInterfaceId : undefined),
    "network-interface.subnet-id": (i) => (live(i) ? i.subnetId : undefined),
    "network-interface.vpc-id": (i) => (live(i) ? i.vpcId : undefined),
    "network-interface.group-id": (i) => (live(i) ? i.groupIds : undefined),
    "network-interface.private-ip-address": (i) => (live(i) ? i.privateIpAddress : undefined),
    "owner-id": () => state.ownerId,
    "private-dns-name": (i) => (live(i) ? privateDnsName(i) : undefined),
    "private-ip-address": (i) => (live(i) ? i.privateIpAddress : undefined),
    "reservation-id": (i) => i.reservationId,
    "root-device-name": () => "/dev/xvda",
    "root-device-type": () => "ebs",
    "subnet-id": (i) => (live(i) ? i.subnetId : undefined),
    tenancy: () => "default",
    "virtualization-type": () => "hvm",
    "vpc-id": (i) => (live(i) ? i.vpcId : undefined),
  };
}

function privateDnsName(i: InstanceRecord): string {
  return `ip-${i.privateIpAddress.replaceAll(".", "-")}.ec2.internal`;
}

const describeInstances: Ec2Handler = (ctx, params) => {
  const ec2 = ctx.backend.ec2;
  const now = ctx.emulator.clock.now();
  const ids = params.strings("InstanceId");
  if (ids.length > 0 && params.string("MaxResults") !== undefined) {
    throw new AwsError(
      "InvalidParameterCombination",
      "The parameter instancesSet cannot be used with the parameter maxResults",
    );
  }
  const table = instanceFilters(ec2, now);
  const filters = readFilters(params, "DescribeInstances", table);
  const selected =
    ids.length > 0
      ? findAllOrThrow("instance", ec2.instances, [...new Set(ids)], (id) =>
          ctx.emulator.faults.hiddenOnRead(id),
        )
      : [...ec2.instances.values()];
  const matched = selected.filter((i) => matchesFilters(ec2, i.instanceId, i, filters, table));
  const page = paginate(params, matched, { min: 5, max: 1000 });
  return {
    reservationSet: page.items.map((i) => ({
      reservationId: i.reservationId,
      ownerId: ctx.emulator.accountId,
      groupSet: [],
      instancesSet: [describeInstance(ec2, i, now)],
    })),
    nextToken: page.nextToken,
  };
};

const terminateInstances: Ec2Handler = (ctx, params) => {
  const ids = params.strings("InstanceId");
  if (ids.length === 0)
    throw new AwsError("MissingParameter", "The request must contain the parameter InstanceId");
  return {
    instancesSet: terminate(ctx.backend.ec2, ctx.emulator, ids).map((change) => ({
      instanceId: change.instance.instanceId,
      previousState: change.previousState,
      currentState: change.currentState,
    })),
  };
};

const getConsoleOutput: Ec2Handler = (ctx, params) => {
  const id = params.requireString("InstanceId");
  const [instance] = findAllOrThrow("instance", ctx.backend.ec2.instances, [id]) as [InstanceRecord];
  const now = ctx.emulator.clock.now();
  const output = renderConsoleOutput(ctx.emulator, ctx.backend.ec2, instance, now);
  return {
    instanceId: id,
    timestamp: new Date(now).toISOString(),
    ...(output === null ? {} : { output: Buffer.from(output, "utf8").toString("base64") }),
  };
};

function describeInstance(ec2: Ec2State, i: InstanceRecord, now: number): Record<string, unknown> {
  const state = computeInstanceState(i, now);
  const live = state.name !== "terminated";
  const groupSet = i.groupIds.map((groupId) => ({
    groupId,
    groupName: ec2.securityGroups.get(groupId)?.groupName ?? groupId,
  }));
  const tags = tagsOf(ec2, i.instanceId);
  return {
    instanceId: i.instanceId,
    imageId: i.imageId,
    instanceState: state,
    privateDnsName: live ? privateDnsName(i) : "",
    dnsName: "",
    instanceType: i.instanceType,
    launchTime: new Date(i.launchTime).toISOString(),
    placement: { availabilityZone: i.availabilityZone, tenancy: "default" },
    architecture: IMAGES.get(i.imageId)?.architecture ?? "arm64",
    metadataOptions: {
      state: "applied",
      httpTokens: i.httpTokens,
      httpPutResponseHopLimit: 2,
      httpEndpoint: "enabled",
    },
    ...(live
      ? {
          subnetId: i.subnetId,
          vpcId: i.vpcId,
          privateIpAddress: i.privateIpAddress,
          ...(i.publicIpAddress ? { ipAddress: i.publicIpAddress } : {}),
          sourceDestCheck: ec2.networkInterfaces.get(i.networkInterfaceId)?.sourceDestCheck ?? true,
          networkInterfaceSet: [
            {
              networkInterfaceId: i.networkInterfaceId,
              subnetId: i.subnetId,
              vpcId: i.vpcId,
              privateIpAddress: i.privateIpAddress,
              status: "in-use",
              sourceDestCheck: ec2.networkInterfaces.get(i.networkInterfaceId)?.sourceDestCheck ?? true,
              groupSet,
              attachment: { deviceIndex: 0, status: "attached", deleteOnTermination: true },
              ...(i.publicIpAddress
                ? { association: { publicIp: i.publicIpAddress, ipOwnerId: "amazon" } }
                : {}),
            },
          ],
        }
      : {}),
    groupSet,
    ...(tags.length > 0 ? { tagSet: tags } : {}),
  };
}

/**
 * DescribeInstanceTypeOfferings (shapes from the botocore model: LocationType region |
 * availability-zone | availability-zone-id | outpost, filters instance-type and location, MaxResults
 * 5-1000). Every zone offers the emulated instance types, except the zones in the account setting
 * unofferedInstanceTypeZones; the region offers what any zone offers.
 */
const describeInstanceTypeOfferings: Ec2Handler = (ctx, params) => {
  const ec2 = ctx.backend.ec2;
  const locationType = params.string("LocationType") ?? "region";
  if (locationType === "outpost")
    throw new AwsError(
      "InvalidParameterValue",
      "The emulator has no Outposts: use region, availability-zone or availability-zone-id.",
    );
  if (!["region", "availability-zone", "availability-zone-id"].includes(locationType)) {
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${locationType}) for parameter locationType is invalid. Expecting one of region, availability-zone, availability-zone-id, outpost.`,
    );
  }
  const offerings: { instanceType: string; locationType: string; location: string }[] = [];
  for (const instanceType of EMULATED_INSTANCE_TYPES) {
    const zones = ec2.availabilityZones.filter((zone) => isOffered(ctx.emulator, zone.zoneName, zone.zoneId));
    if (locationType === "region") {
      if (zones.length > 0) offerings.push({ instanceType, locationType, location: ec2.region });
      continue;
    }
    for (const zone of zones)
      offerings.push({
        instanceType,
        locationType,
        location: locationType === "availability-zone" ? zone.zoneName : zone.zoneId,
      });
  }
  type Offering = (typeof offerings)[number];
  const table: FilterTable<Offering> = {
    "instance-type": (offering) => offering.instanceType,
    location: (offering) => offering.location,
  };
  const filters = readFilters(params, "DescribeInstanceTypeOfferings", table);
  const matched = offerings.filter((offering) =>
    matchesFilters(ec2, `${offering.instanceType}@${offering.location}`, offering, filters, table),
  );
  const page = paginate(params, matched, { min: 5, max: 1000 });
  return { instanceTypeOfferingSet: page.items, nextToken: page.nextToken };
};

/**
 * ModifyInstanceAttribute, SourceDestCheck only: the check of the instance's primary interface, which
 * a NAT instance needs off (VPC User Guide, VPC_NAT_Instance.html). AWS takes one attribute per
 * request; every other attribute (and the Attribute/Value form) is refused by the model check.
 */
const modifyInstanceAttribute: Ec2Handler = (ctx, params) => {
  const id = params.requireString("InstanceId");
  const value = params.object("SourceDestCheck")?.bool("Value");
  if (value === undefined) {
    throw new AwsError(
      "MissingParameter",
      "The request must contain the parameter SourceDestCheck.Value (the only attribute the emulator modifies).",
    );
  }
  setSourceDestCheck(ctx.backend.ec2, ctx.emulator, id, value);
  return { return: true };
};

export const instanceActions: Record<string, Ec2Handler> = {
  ModifyInstanceAttribute: honours(modifyInstanceAttribute, "InstanceId", "SourceDestCheck"),
  DescribeInstanceTypeOfferings: honours(
    describeInstanceTypeOfferings,
    "LocationType",
    "Filter",
    "MaxResults",
    "NextToken",
  ),
  DescribeImages: honours(describeImages, "Owner", "ImageId", "Filter"),
  RunInstances: honours(
    runInstances,
    "PrivateIpAddress",
    "NetworkInterface.PrivateIpAddress",
    "ImageId",
    "InstanceType",
    "MinCount",
    "MaxCount",
    "SubnetId",
    "SecurityGroupId",
    "UserData",
    "TagSpecification",
    "NetworkInterface.DeviceIndex",
    "NetworkInterface.SubnetId",
    "NetworkInterface.SecurityGroupId",
    "NetworkInterface.AssociatePublicIpAddress",
    "MetadataOptions.HttpTokens",
  ),
  DescribeInstances: honours(describeInstances, "MaxResults", "NextToken", "InstanceId", "Filter"),
  TerminateInstances: honours(terminateInstances, "InstanceId"),
  // Latest: the emulator always answers with the latest output, which is what Latest=true asks for.
  GetConsoleOutput: honours(getConsoleOutput, "InstanceId", "Latest"),
};
