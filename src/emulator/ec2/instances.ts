// EC2 instance actions for the instance workload (DescribeImages, RunInstances, DescribeInstances,
// TerminateInstances, GetConsoleOutput). The instance's console shows the probe lines of its user
// data (src/probe/instance-probe.ts), computed by the egress model from the state at the moment of
// the GetConsoleOutput call, so a route added while the instance runs changes the next lines.

import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";
import { renderConsoleOutput } from "../workloads/console-output.ts";
import { createInstance, terminateInstance } from "../workloads/create-instance.ts";
import { AMAZON_IMAGES, matchesGlob } from "../workloads/images.ts";
import { computeInstanceState, type InstanceRecord, instancesOf } from "../workloads/instance-store.ts";
import type { Ec2Handler } from "./actions.ts";
import type { Ec2State } from "./state.ts";
import { tagsOf } from "./state.ts";

const AMAZON_OWNER_ID = "137112412989";

function readFilters(params: QueryParams): { name: string; values: string[] }[] {
  return params.objects("Filter").map((f) => ({ name: f.string("Name") ?? "", values: f.strings("Value") }));
}

const describeImages: Ec2Handler = (_ctx, params) => {
  const owners = params.strings("Owner");
  const ids = params.strings("ImageId");
  const images = AMAZON_IMAGES.filter((image) => {
    if (owners.length > 0 && !owners.some((o) => o === "amazon" || o === AMAZON_OWNER_ID)) return false;
    if (ids.length > 0 && !ids.includes(image.imageId)) return false;
    return readFilters(params).every(({ name, values }) => {
      const field =
        name === "name"
          ? image.name
          : name === "architecture"
            ? image.architecture
            : name === "state"
              ? "available"
              : name === "owner-alias"
                ? "amazon"
                : null;
      if (field === null) throw new AwsError("InvalidParameterValue", `The filter '${name}' is invalid`);
      return values.some((v) => matchesGlob(field, v));
    });
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
      description: `Amazon Linux 2023 AMI ${image.name.split("-")[2]} ${image.architecture} HVM kernel-6.1`,
      imageOwnerAlias: "amazon",
      rootDeviceType: "ebs",
      rootDeviceName: "/dev/xvda",
      virtualizationType: "hvm",
      hypervisor: "xen",
      enaSupport: true,
      platformDetails: "Linux/UNIX",
      usageOperation: "RunInstances",
    })),
  };
};

const runInstances: Ec2Handler = (ctx, params) => {
  const instance = createInstance(ctx, params);
  return {
    reservationId: instance.reservationId,
    ownerId: ctx.emulator.accountId,
    groupSet: [],
    instancesSet: [describeInstance(ctx.backend.ec2, instance, ctx.emulator.clock.now())],
  };
};

const describeInstances: Ec2Handler = (ctx, params) => {
  const ec2 = ctx.backend.ec2;
  const store = instancesOf(ec2);
  const now = ctx.emulator.clock.now();
  const ids = params.strings("InstanceId");
  for (const id of ids) {
    if (!store.has(id) || ctx.emulator.faults.hiddenOnRead(id)) {
      throw new AwsError("InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`);
    }
  }
  const filters = readFilters(params);
  const selected = [...store.values()].filter(
    (i) =>
      (ids.length === 0 || ids.includes(i.instanceId)) && filters.every((f) => matchesFilter(ec2, i, f, now)),
  );
  return {
    reservationSet: selected.map((i) => ({
      reservationId: i.reservationId,
      ownerId: ctx.emulator.accountId,
      groupSet: [],
      instancesSet: [describeInstance(ec2, i, now)],
    })),
  };
};

const terminateInstances: Ec2Handler = (ctx, params) => {
  const ids = params.strings("InstanceId");
  if (ids.length === 0)
    throw new AwsError("MissingParameter", "The request must contain the parameter InstanceId");
  const store = instancesOf(ctx.backend.ec2);
  const now = ctx.emulator.clock.now();
  const found = ids.map((id) => {
    const instance = store.get(id);
    if (!instance) throw new AwsError("InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`);
    return instance;
  });
  return {
    instancesSet: found.map((instance) => {
      const previousState = computeInstanceState(instance, now);
      terminateInstance(ctx, instance);
      return {
        instanceId: instance.instanceId,
        previousState,
        currentState: computeInstanceState(instance, now),
      };
    }),
  };
};

const getConsoleOutput: Ec2Handler = (ctx, params) => {
  const id = params.requireString("InstanceId");
  const instance = instancesOf(ctx.backend.ec2).get(id);
  if (!instance) throw new AwsError("InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`);
  const now = ctx.emulator.clock.now();
  const output = renderConsoleOutput(ctx.emulator, ctx.backend.ec2, instance, now);
  return {
    instanceId: id,
    timestamp: new Date(now).toISOString(),
    ...(output === null ? {} : { output: Buffer.from(output, "utf8").toString("base64") }),
  };
};

function matchesFilter(
  ec2: Ec2State,
  i: InstanceRecord,
  f: { name: string; values: string[] },
  now: number,
): boolean {
  if (f.name.startsWith("tag:")) {
    const value = ec2.tags.get(i.instanceId)?.get(f.name.slice(4));
    return value !== undefined && f.values.some((v) => matchesGlob(value, v));
  }
  const field: Record<string, string> = {
    "instance-state-name": computeInstanceState(i, now).name,
    "subnet-id": i.subnetId,
    "vpc-id": i.vpcId,
    "instance-id": i.instanceId,
    "image-id": i.imageId,
  };
  const value = field[f.name];
  if (value === undefined) throw new AwsError("InvalidParameterValue", `The filter '${f.name}' is invalid`);
  return f.values.some((v) => matchesGlob(value, v));
}

function describeInstance(ec2: Ec2State, i: InstanceRecord, now: number): Record<string, unknown> {
  const state = computeInstanceState(i, now);
  const live = state.name !== "terminated";
  const groupSet = i.groupIds.map((groupId) => ({
    groupId,
    groupName: ec2.securityGroups.get(groupId)?.groupName ?? groupId,
  }));
  const tags = tagsOf(ec2, i.instanceId);
  const privateDnsName = `ip-${i.privateIpAddress.replaceAll(".", "-")}.ec2.internal`;
  return {
    instanceId: i.instanceId,
    imageId: i.imageId,
    instanceState: state,
    privateDnsName: live ? privateDnsName : "",
    dnsName: "",
    instanceType: i.instanceType,
    launchTime: new Date(i.launchTime).toISOString(),
    placement: { availabilityZone: i.availabilityZone, tenancy: "default" },
    architecture: "arm64",
    ...(live
      ? {
          subnetId: i.subnetId,
          vpcId: i.vpcId,
          privateIpAddress: i.privateIpAddress,
          ...(i.publicIpAddress ? { ipAddress: i.publicIpAddress } : {}),
          networkInterfaceSet: [
            {
              networkInterfaceId: i.networkInterfaceId,
              subnetId: i.subnetId,
              vpcId: i.vpcId,
              privateIpAddress: i.privateIpAddress,
              status: "in-use",
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

export const instanceActions: Record<string, Ec2Handler> = {
  DescribeImages: describeImages,
  RunInstances: runInstances,
  DescribeInstances: describeInstances,
  TerminateInstances: terminateInstances,
  GetConsoleOutput: getConsoleOutput,
};
