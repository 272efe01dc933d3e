// DescribeNetworkInterfaces, plus CreateNetworkInterface, DeleteNetworkInterface and
// ModifyNetworkInterfaceAttribute for user-managed interfaces: read the parameters, apply the rules
// (./interfaces.ts), shape the reply.

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import type { Ec2Handler } from "./handler.ts";
import { createNetworkInterface, deleteUserNetworkInterface, setSourceDestCheck } from "./interfaces.ts";
import type { AddressRecord, NetworkInterfaceRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";

function addressOf(state: Ec2State, eni: NetworkInterfaceRecord): AddressRecord | undefined {
  for (const address of state.addresses.values()) {
    if (address.networkInterfaceId === eni.networkInterfaceId) return address;
  }
  return undefined;
}

/** The auto-assigned public IP of the instance whose primary interface this is, if any. */
export function instancePublicIpOf(state: Ec2State, eni: NetworkInterfaceRecord): string | undefined {
  const instanceId = eni.attachment?.deviceIndex === 0 ? eni.attachment.instanceId : undefined;
  const instance = instanceId === undefined ? undefined : state.instances.get(instanceId);
  return instance?.publicIpAddress ?? undefined;
}

function privateDnsName(state: Ec2State, ip: string): string {
  const suffix = state.region === "us-east-1" ? "ec2.internal" : `${state.region}.compute.internal`;
  return `ip-${ip.replaceAll(".", "-")}.${suffix}`;
}

export function networkInterfaceXml(state: Ec2State, eni: NetworkInterfaceRecord): Record<string, unknown> {
  const address = addressOf(state, eni);
  // An instance's auto-assigned public IP is described on its primary interface too, owned by
  // "amazon" (EC2 API Reference, NetworkInterfaceAssociation.IpOwnerId).
  const instancePublicIp = instancePublicIpOf(state, eni);
  const association = address
    ? {
        publicIp: address.publicIp,
        allocationId: address.allocationId,
        associationId: address.associationId ?? undefined,
        ipOwnerId: state.ownerId,
        publicDnsName: "",
      }
    : instancePublicIp !== undefined
      ? { publicIp: instancePublicIp, ipOwnerId: "amazon", publicDnsName: "" }
      : undefined;
  return {
    networkInterfaceId: eni.networkInterfaceId,
    subnetId: eni.subnetId,
    vpcId: eni.vpcId,
    availabilityZone: eni.availabilityZone,
    description: eni.description,
    ownerId: state.ownerId,
    requesterId: eni.requesterId,
    requesterManaged: eni.requesterManaged,
    status: eni.status,
    macAddress: eni.macAddress,
    privateIpAddress: eni.privateIpAddress,
    privateDnsName: privateDnsName(state, eni.privateIpAddress),
    sourceDestCheck: eni.sourceDestCheck,
    groupSet: eni.groupIds.map((groupId) => ({
      groupId,
      groupName: state.securityGroups.get(groupId)?.groupName,
    })),
    attachment: eni.attachment
      ? {
          attachmentId: eni.attachment.attachmentId,
          instanceId: eni.attachment.instanceId,
          instanceOwnerId: eni.attachment.instanceOwnerId,
          deviceIndex: eni.attachment.deviceIndex,
          status: "attached",
          attachTime: new Date(eni.attachment.attachTime),
          deleteOnTermination: eni.attachment.deleteOnTermination,
        }
      : undefined,
    association,
    privateIpAddressesSet: [
      {
        privateIpAddress: eni.privateIpAddress,
        privateDnsName: privateDnsName(state, eni.privateIpAddress),
        primary: true,
        association,
      },
    ],
    ipv6AddressesSet: [],
    interfaceType: eni.interfaceType,
    ...tagSetOf(state, eni.networkInterfaceId),
  };
}

const describeNetworkInterfaces: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const page = describeRecords(ctx, params, {
    action: "DescribeNetworkInterfaces",
    kind: "networkInterface",
    idParam: "NetworkInterfaceId",
    records: state.networkInterfaces,
    limits: { min: 5, max: 1000 },
    filters: {
      "network-interface-id": (eni) => eni.networkInterfaceId,
      "vpc-id": (eni) => eni.vpcId,
      "subnet-id": (eni) => eni.subnetId,
      "availability-zone": (eni) => eni.availabilityZone,
      "availability-zone-id": (eni) =>
        state.availabilityZones.find((z) => z.zoneName === eni.availabilityZone)?.zoneId,
      description: (eni) => eni.description,
      "group-id": (eni) => eni.groupIds,
      "requester-managed": (eni) => eni.requesterManaged,
      "requester-id": (eni) => eni.requesterId,
      "interface-type": (eni) => eni.interfaceType,
      status: (eni) => eni.status,
      "mac-address": (eni) => eni.macAddress,
      "owner-id": () => state.ownerId,
      "private-ip-address": (eni) => eni.privateIpAddress,
      "addresses.private-ip-address": (eni) => eni.privateIpAddress,
      "addresses.primary": () => true,
      "addresses.association.public-ip": (eni) => addressOf(state, eni)?.publicIp,
      "addresses.association.owner-id": (eni) => (addressOf(state, eni) ? state.ownerId : undefined),
      "private-dns-name": (eni) => privateDnsName(state, eni.privateIpAddress),
      "source-dest-check": (eni) => eni.sourceDestCheck,
      "association.public-ip": (eni) => addressOf(state, eni)?.publicIp,
      "association.allocation-id": (eni) => addressOf(state, eni)?.allocationId,
      "association.association-id": (eni) => addressOf(state, eni)?.associationId ?? undefined,
      "association.ip-owner-id": (eni) => (addressOf(state, eni) ? state.ownerId : undefined),
      "attachment.instance-id": (eni) => eni.attachment?.instanceId,
      "attachment.instance-owner-id": (eni) => eni.attachment?.instanceOwnerId,
      "attachment.attachment-id": (eni) => eni.attachment?.attachmentId,
      "attachment.status": (eni) => (eni.attachment ? "attached" : undefined),
      "attachment.device-index": (eni) => (eni.attachment ? String(eni.attachment.deviceIndex) : undefined),
      "attachment.delete-on-termination": (eni) =>
        eni.attachment ? String(eni.attachment.deleteOnTermination) : undefined,
      // No IPv6 addresses in the emulator: nothing matches.
      "ipv6-addresses.ipv6-address": () => undefined,
    },
  });
  return {
    networkInterfaceSet: page.items.map((eni) => networkInterfaceXml(state, eni)),
    nextToken: page.nextToken,
  };
};

const createNetworkInterfaceAction: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const privateIp = params.string("PrivateIpAddress");
  const eni = createNetworkInterface(state, ctx.emulator, {
    subnetId: params.requireString("SubnetId"),
    groupIds: params.strings("SecurityGroupId"),
    description: params.string("Description") ?? "",
    requesterManaged: false,
    tags: readTagSpecifications(params, "network-interface"),
    ...(privateIp === undefined ? {} : { privateIpAddress: privateIp }),
  });
  return { networkInterface: networkInterfaceXml(state, eni) };
};

const deleteNetworkInterfaceAction: Ec2Handler = (ctx, params) => {
  deleteUserNetworkInterface(ctx.backend.ec2, params.requireString("NetworkInterfaceId"));
  return { return: true };
};

/** ModifyNetworkInterfaceAttribute, SourceDestCheck only (one attribute per request, as AWS takes it). */
const modifyNetworkInterfaceAttribute: Ec2Handler = (ctx, params) => {
  const value = params.object("SourceDestCheck")?.bool("Value");
  if (value === undefined) {
    throw new AwsError(
      "MissingParameter",
      "The request must contain the parameter SourceDestCheck.Value (the only attribute the emulator modifies).",
    );
  }
  setSourceDestCheck(ctx.backend.ec2, {
    networkInterfaceId: params.requireString("NetworkInterfaceId"),
    value,
  });
  return { return: true };
};

export const networkInterfaceActions: Record<string, Ec2Handler> = {
  ModifyNetworkInterfaceAttribute: honours(
    modifyNetworkInterfaceAttribute,
    "NetworkInterfaceId",
    "SourceDestCheck",
  ),
  DescribeNetworkInterfaces: honours(
    describeNetworkInterfaces,
    "NetworkInterfaceId",
    "Filter",
    "MaxResults",
    "NextToken",
  ),
  CreateNetworkInterface: honours(
    createNetworkInterfaceAction,
    "SubnetId",
    "PrivateIpAddress",
    "SecurityGroupId",
    "Description",
    "TagSpecification",
  ),
  DeleteNetworkInterface: honours(deleteNetworkInterfaceAction, "NetworkInterfaceId"),
};
