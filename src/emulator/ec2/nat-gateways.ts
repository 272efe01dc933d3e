// CreateNatGateway, DeleteNatGateway, DescribeNatGateways. A public gateway takes an Elastic IP
// (AllocationId) and associates it with its requester-managed interface (type nat_gateway) in the
// subnet; a private one (ConnectivityType=private) has no Elastic IP. States come from the clock
// (nat-lifecycle.ts); a deleted gateway stays listed with state "deleted".

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
import { describeRecords } from "./describe.ts";
import { createNetworkInterface } from "./interfaces.ts";
import { getAddress, getNatGateway, getSubnet } from "./lookups.ts";
import { computeNatGatewayState, natFailure } from "./nat-lifecycle.ts";
import type { NatGatewayRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, setTags, tagSetOf } from "./tagging.ts";

export function natGatewayXml(state: Ec2State, nat: NatGatewayRecord, now: number): Record<string, unknown> {
  const natState = computeNatGatewayState(state, nat, now);
  const failure = natState === "failed" ? natFailure(state, nat) : null;
  const address = nat.allocationId === null ? undefined : state.addresses.get(nat.allocationId);
  return {
    natGatewayId: nat.natGatewayId,
    subnetId: nat.subnetId,
    vpcId: nat.vpcId,
    state: natState,
    connectivityType: nat.connectivityType,
    createTime: new Date(nat.createTime),
    deleteTime: nat.deleteTime === null ? undefined : new Date(nat.deleteTime),
    failureCode: failure?.failureCode,
    failureMessage: failure?.failureMessage,
    natGatewayAddressSet: [
      {
        allocationId: nat.allocationId ?? undefined,
        networkInterfaceId: nat.networkInterfaceId,
        privateIp: nat.privateIp,
        publicIp: address?.publicIp,
      },
    ],
    ...tagSetOf(state, nat.natGatewayId),
  };
}

const createNatGateway: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const tags = readTagSpecifications(params, "natgateway");
  const now = ctx.emulator.clock.now();
  // A retried request with the same ClientToken never reaches this handler: the idempotency every
  // EC2 action shares (actions.ts) answers it with the first reply.
  const clientToken = params.string("ClientToken");
  const subnet = getSubnet(state, params.requireString("SubnetId"));
  const connectivityType = params.string("ConnectivityType") ?? "public";
  if (connectivityType !== "public" && connectivityType !== "private") {
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${connectivityType}) for parameter connectivityType is invalid. Valid values: public, private.`,
    );
  }
  const allocationId = params.string("AllocationId");
  if (connectivityType === "public" && allocationId === undefined) {
    throw new AwsError("MissingParameter", "The request must contain the parameter AllocationId");
  }
  if (connectivityType === "private" && allocationId !== undefined) {
    throw new AwsError(
      "InvalidParameterCombination",
      "AllocationId cannot be specified for a private NAT gateway.",
    );
  }
  const address = allocationId === undefined ? undefined : getAddress(state, allocationId);
  if (address && address.associationId !== null) {
    throw new AwsError(
      "Resource.AlreadyAssociated",
      `Elastic IP address [${address.allocationId}] is already associated`,
    );
  }
  const natGatewayId = ctx.emulator.newId("natGateway");
  const eni = createNetworkInterface(state, ctx.emulator, {
    subnetId: subnet.subnetId,
    groupIds: [],
    description: `Interface for NAT Gateway ${natGatewayId}`,
    interfaceType: "nat_gateway",
    requesterManaged: true,
    ...(params.string("PrivateIpAddress") === undefined
      ? {}
      : { privateIpAddress: params.string("PrivateIpAddress") as string }),
  });
  if (address) {
    address.associationId = ctx.emulator.newId("association");
    address.networkInterfaceId = eni.networkInterfaceId;
    address.privateIpAddress = eni.privateIpAddress;
  }
  const failed = ctx.emulator.faults.draw(ctx.emulator.faults.config.natFailureRate);
  const nat: NatGatewayRecord = {
    natGatewayId,
    vpcId: subnet.vpcId,
    subnetId: subnet.subnetId,
    connectivityType,
    allocationId: allocationId ?? null,
    networkInterfaceId: eni.networkInterfaceId,
    privateIp: eni.privateIpAddress,
    createTime: now,
    readyAt: ctx.emulator.clock.dueAt("natGatewayAvailable"),
    failure: failed
      ? {
          failureCode: "InternalError",
          failureMessage: "An internal error occurred while creating the NAT gateway. Try again.",
        }
      : null,
    deleteTime: null,
    deletedAt: null,
    settled: false,
  };
  state.natGateways.set(natGatewayId, nat);
  setTags(state, natGatewayId, tags);
  ctx.emulator.faults.created(natGatewayId);
  return { clientToken, natGateway: natGatewayXml(state, nat, now) };
};

const deleteNatGateway: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const nat = getNatGateway(state, params.requireString("NatGatewayId"));
  if (nat.deletedAt === null) {
    nat.deleteTime = ctx.emulator.clock.now();
    nat.deletedAt = ctx.emulator.clock.dueAt("natGatewayDeleted");
  }
  return { natGatewayId: nat.natGatewayId };
};

const describeNatGateways: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const now = ctx.emulator.clock.now();
  const page = describeRecords(ctx, params, {
    action: "DescribeNatGateways",
    kind: "natGateway",
    idParam: "NatGatewayId",
    records: state.natGateways,
    limits: { min: 5, max: 1000 },
    filters: {
      "nat-gateway-id": (nat) => nat.natGatewayId,
      state: (nat) => computeNatGatewayState(state, nat, now),
      "subnet-id": (nat) => nat.subnetId,
      "vpc-id": (nat) => nat.vpcId,
    },
  });
  return {
    natGatewaySet: page.items.map((nat) => natGatewayXml(state, nat, now)),
    nextToken: page.nextToken,
  };
};

export const natGatewayActions: Record<string, Ec2Handler> = {
  CreateNatGateway: honours(
    createNatGateway,
    "SubnetId",
    "ConnectivityType",
    "AllocationId",
    "PrivateIpAddress",
    "TagSpecification",
  ),
  DeleteNatGateway: honours(deleteNatGateway, "NatGatewayId"),
  DescribeNatGateways: honours(describeNatGateways, "NatGatewayId", "Filter", "MaxResults", "NextToken"),
};
