// The rules of internet gateways and egress-only internet gateways, apart from the wire (the
// handlers in internet-gateways.ts and egress-only-internet-gateways.ts read parameters and shape
// replies). Refusals as AWS words them: attaching a second gateway to a VPC or one gateway to two
// VPCs, detaching while the VPC has mapped public addresses, deleting while attached. An
// egress-only internet gateway is created for one VPC and stays attached to it.

import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import { getEgressOnlyInternetGateway, getInternetGateway, getVpc } from "./lookups.ts";
import { vpcHasRegionalNatAddresses } from "./nat-gateway-model.ts";
import type { EgressOnlyInternetGatewayRecord, InternetGatewayRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { removeWithTags, storeNew } from "./store.ts";
import type { TagInput } from "./tagging.ts";

export interface InternetGatewayAttachment {
  internetGatewayId: string;
  vpcId: string;
}

export function insertInternetGateway(
  state: Ec2State,
  emulator: Emulator,
  tags: TagInput[],
): InternetGatewayRecord {
  const internetGatewayId = emulator.newId("internetGateway");
  const igw: InternetGatewayRecord = { internetGatewayId, attachedVpcId: null };
  return storeNew(state, emulator, state.internetGateways, internetGatewayId, igw, tags);
}

export function attachGatewayToVpc(state: Ec2State, input: InternetGatewayAttachment): void {
  const igw = getInternetGateway(state, input.internetGatewayId);
  const vpc = getVpc(state, input.vpcId);
  if (igw.attachedVpcId !== null) {
    throw new AwsError(
      "Resource.AlreadyAssociated",
      `resource ${igw.internetGatewayId} is already attached to network ${igw.attachedVpcId}`,
    );
  }
  for (const other of state.internetGateways.values()) {
    if (other.attachedVpcId === vpc.vpcId) {
      throw new AwsError(
        "InvalidParameterValue",
        `Network ${vpc.vpcId} already has an internet gateway attached`,
      );
    }
  }
  igw.attachedVpcId = vpc.vpcId;
}

/**
 * Elastic IPs associated with interfaces in the VPC, or a regional NAT gateway's addresses (it has
 * no interface in the caller's subnets): AWS refuses to detach the gateway then.
 */
function hasMappedPublicAddresses(state: Ec2State, vpcId: string): boolean {
  if (vpcHasRegionalNatAddresses(state, vpcId)) return true;
  for (const address of state.addresses.values()) {
    if (address.networkInterfaceId === null) continue;
    if (state.networkInterfaces.get(address.networkInterfaceId)?.vpcId === vpcId) return true;
  }
  return false;
}

export function detachGatewayFromVpc(state: Ec2State, input: InternetGatewayAttachment): void {
  const igw = getInternetGateway(state, input.internetGatewayId);
  const vpc = getVpc(state, input.vpcId);
  if (igw.attachedVpcId !== vpc.vpcId) {
    throw new AwsError(
      "Gateway.NotAttached",
      `resource ${igw.internetGatewayId} is not attached to network ${vpc.vpcId}`,
    );
  }
  if (hasMappedPublicAddresses(state, vpc.vpcId)) {
    throw new AwsError(
      "DependencyViolation",
      `Network ${vpc.vpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`,
    );
  }
  igw.attachedVpcId = null;
}

export function removeInternetGateway(state: Ec2State, internetGatewayId: string): void {
  const igw = getInternetGateway(state, internetGatewayId);
  if (igw.attachedVpcId !== null) {
    throw new AwsError(
      "DependencyViolation",
      `The internetGateway '${igw.internetGatewayId}' has dependencies and cannot be deleted.`,
    );
  }
  removeWithTags(state, state.internetGateways, igw.internetGatewayId);
}

export function insertEgressOnlyInternetGateway(
  state: Ec2State,
  emulator: Emulator,
  input: { vpcId: string; tags: TagInput[] },
): EgressOnlyInternetGatewayRecord {
  const vpc = getVpc(state, input.vpcId);
  const eigw: EgressOnlyInternetGatewayRecord = {
    egressOnlyInternetGatewayId: emulator.newId("egressOnlyInternetGateway"),
    vpcId: vpc.vpcId,
  };
  return storeNew(
    state,
    emulator,
    state.egressOnlyInternetGateways,
    eigw.egressOnlyInternetGatewayId,
    eigw,
    input.tags,
  );
}

export function removeEgressOnlyInternetGateway(state: Ec2State, egressOnlyInternetGatewayId: string): void {
  const eigw = getEgressOnlyInternetGateway(state, egressOnlyInternetGatewayId);
  removeWithTags(state, state.egressOnlyInternetGateways, eigw.egressOnlyInternetGatewayId);
}
