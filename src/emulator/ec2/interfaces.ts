// The rules of network interfaces (ENIs), apart from the wire (network-interfaces.ts reads
// parameters and shapes replies), for the parts that create them: NAT gateways here, App Runner's
// Hyperplane ENIs and instances elsewhere, and callers through CreateNetworkInterface. A private IP
// comes from the subnet's range; AWS reserves the first four addresses and the last one of every
// subnet (VPC User Guide, "Subnet CIDR blocks"). Requester-managed interfaces (NAT gateways, App
// Runner) are created and removed by the service that owns them: deleting or modifying one
// directly is refused, as on AWS.

import { formatIpv4, parseCidr, parseIpv4 } from "../../egress/ip.ts";
import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import { getNetworkInterface, getSecurityGroup, getSubnet } from "./lookups.ts";
import type { NetworkInterfaceRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { storeNew } from "./store.ts";
import { defaultSecurityGroupOf } from "./vpc-parts.ts";

export interface NewNetworkInterface {
  subnetId: string;
  /** Empty: the VPC's default security group (as AWS does), except for NAT gateway interfaces. */
  groupIds: string[];
  description: string;
  /** "interface" (default), "nat_gateway", "lambda", "branch", ... as in DescribeNetworkInterfaces. */
  interfaceType?: string;
  requesterManaged: boolean;
  requesterId?: string;
  tags?: { key: string; value: string }[];
  /** A specific private IP inside the subnet; otherwise the lowest free one. */
  privateIpAddress?: string;
}

export function createNetworkInterface(
  state: Ec2State,
  emulator: Emulator,
  input: NewNetworkInterface,
): NetworkInterfaceRecord {
  const subnet = getSubnet(state, input.subnetId);
  const interfaceType = input.interfaceType ?? "interface";
  let groupIds = [...new Set(input.groupIds)];
  for (const id of groupIds) {
    const group = getSecurityGroup(state, id);
    if (group.vpcId !== subnet.vpcId) {
      throw new AwsError(
        "InvalidParameter",
        `Security group ${id} and subnet ${subnet.subnetId} belong to different networks.`,
      );
    }
  }
  // NAT gateway and Gateway Load Balancer endpoint interfaces have no security groups.
  if (
    groupIds.length === 0 &&
    interfaceType !== "nat_gateway" &&
    interfaceType !== "gateway_load_balancer_endpoint"
  ) {
    const group = defaultSecurityGroupOf(state, subnet.vpcId);
    groupIds = group ? [group.groupId] : [];
  }
  const privateIpAddress =
    input.privateIpAddress === undefined
      ? allocatePrivateIp(state, subnet.subnetId, subnet.cidrBlock)
      : checkPrivateIp(state, subnet.subnetId, subnet.cidrBlock, input.privateIpAddress);
  const networkInterfaceId = emulator.newId("networkInterface");
  const record: NetworkInterfaceRecord = {
    networkInterfaceId,
    subnetId: subnet.subnetId,
    vpcId: subnet.vpcId,
    availabilityZone: subnet.availabilityZone,
    privateIpAddress,
    macAddress: `0e:${emulator.hex(10).replace(/(..)(?!$)/g, "$1:")}`,
    description: input.description,
    interfaceType,
    requesterManaged: input.requesterManaged,
    ...(input.requesterId === undefined ? {} : { requesterId: input.requesterId }),
    groupIds,
    status: input.requesterManaged ? "in-use" : "available",
    sourceDestCheck: interfaceType !== "nat_gateway",
  };
  return storeNew(state, emulator, state.networkInterfaces, networkInterfaceId, record, input.tags ?? []);
}

/** Removes the interface, its tags and any Elastic IP association on it (no error when gone). */
export function deleteNetworkInterface(
  state: Ec2State,
  _emulator: Emulator,
  networkInterfaceId: string,
): void {
  removeNetworkInterface(state, networkInterfaceId);
}

/** DeleteNetworkInterface: a caller's own interface, once detached. */
export function deleteUserNetworkInterface(state: Ec2State, networkInterfaceId: string): void {
  const eni = getNetworkInterface(state, networkInterfaceId);
  if (eni.requesterManaged) {
    throw new AwsError(
      "InvalidParameterValue",
      `Network interface '${eni.networkInterfaceId}' is currently in use and is requester-managed.`,
    );
  }
  if (eni.attachment) {
    throw new AwsError("InvalidNetworkInterface.InUse", `Interface: [${eni.networkInterfaceId}] in use.`);
  }
  removeNetworkInterface(state, eni.networkInterfaceId);
}

/** ModifyNetworkInterfaceAttribute SourceDestCheck. */
export function setSourceDestCheck(
  state: Ec2State,
  input: { networkInterfaceId: string; value: boolean },
): void {
  const eni = getNetworkInterface(state, input.networkInterfaceId);
  // Whether AWS lets a caller change the check of an interface a service manages (a NAT gateway's,
  // App Runner's) is not documented: refused (docs/FACTS.md).
  if (eni.requesterManaged) {
    throw new AwsError(
      "InvalidParameterValue",
      `Network interface '${eni.networkInterfaceId}' is requester-managed: the emulator does not modify its attributes.`,
    );
  }
  eni.sourceDestCheck = input.value;
}

export function removeNetworkInterface(state: Ec2State, networkInterfaceId: string): void {
  state.networkInterfaces.delete(networkInterfaceId);
  state.tags.delete(networkInterfaceId);
  for (const address of state.addresses.values()) {
    if (address.networkInterfaceId === networkInterfaceId) {
      address.associationId = null;
      address.networkInterfaceId = null;
      address.privateIpAddress = null;
    }
  }
}

/** The lowest free address after the four reserved ones; InsufficientFreeAddressesInSubnet when full. */
export function allocatePrivateIp(state: Ec2State, subnetId: string, cidrBlock: string): string {
  const range = parseCidr(cidrBlock);
  if (range === null) throw new AwsError("InternalError", `Subnet ${subnetId} has an invalid CIDR`, 500);
  const used = new Set<string>();
  for (const eni of state.networkInterfaces.values())
    if (eni.subnetId === subnetId) used.add(eni.privateIpAddress);
  const size = 2 ** (32 - range.prefix);
  for (let offset = 4; offset < size - 1; offset++) {
    const ip = formatIpv4(range.network + offset);
    if (!used.has(ip)) return ip;
  }
  throw new AwsError(
    "InsufficientFreeAddressesInSubnet",
    `The specified subnet ${subnetId} does not have enough free addresses to satisfy the request.`,
  );
}

/** A requested address must be a usable host of the subnet and free. */
function checkPrivateIp(state: Ec2State, subnetId: string, cidrBlock: string, ip: string): string {
  const range = parseCidr(cidrBlock);
  const value = parseIpv4(ip);
  const size = range === null ? 0 : 2 ** (32 - range.prefix);
  const offset = range === null || value === null ? -1 : value - range.network;
  if (offset < 4 || offset >= size - 1) {
    throw new AwsError(
      "InvalidParameterValue",
      `Address ${ip} does not fall within the subnet's address range or is reserved by AWS.`,
    );
  }
  for (const eni of state.networkInterfaces.values()) {
    if (eni.subnetId === subnetId && eni.privateIpAddress === ip) {
      throw new AwsError("InvalidIPAddress.InUse", `Address ${ip} is in use.`);
    }
  }
  return ip;
}

/** Free addresses as DescribeSubnets reports them: size minus the 5 reserved minus interfaces. */
export function availableIpCount(state: Ec2State, subnetId: string, cidrBlock: string): number {
  const range = parseCidr(cidrBlock);
  if (range === null) return 0;
  let used = 0;
  for (const eni of state.networkInterfaces.values()) if (eni.subnetId === subnetId) used++;
  return 2 ** (32 - range.prefix) - 5 - used;
}
