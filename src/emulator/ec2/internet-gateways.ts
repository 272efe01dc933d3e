// CreateInternetGateway, AttachInternetGateway, DetachInternetGateway, DeleteInternetGateway,
// DescribeInternetGateways. Refusals as AWS words them: detaching while the VPC has mapped public
// addresses, deleting while attached.

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
import { describeRecords } from "./describe.ts";
import { getInternetGateway, getVpc } from "./lookups.ts";
import type { InternetGatewayRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { dropTags, readTagSpecifications, setTags, tagSetOf } from "./tagging.ts";

function internetGatewayXml(state: Ec2State, igw: InternetGatewayRecord): Record<string, unknown> {
  return {
    internetGatewayId: igw.internetGatewayId,
    ownerId: state.ownerId,
    // AWS reports an attached internet gateway's attachment state as "available".
    attachmentSet: igw.attachedVpcId === null ? [] : [{ vpcId: igw.attachedVpcId, state: "available" }],
    ...tagSetOf(state, igw.internetGatewayId),
  };
}

const createInternetGateway: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const tags = readTagSpecifications(params, "internet-gateway");
  const internetGatewayId = ctx.emulator.newId("internetGateway");
  const igw: InternetGatewayRecord = { internetGatewayId, attachedVpcId: null };
  state.internetGateways.set(internetGatewayId, igw);
  setTags(state, internetGatewayId, tags);
  ctx.emulator.faults.created(internetGatewayId);
  return { internetGateway: internetGatewayXml(state, igw) };
};

const attachInternetGateway: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const igw = getInternetGateway(state, params.requireString("InternetGatewayId"));
  const vpc = getVpc(state, params.requireString("VpcId"));
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
  return { return: true };
};

/** Elastic IPs associated with interfaces in the VPC: AWS refuses to detach the gateway then. */
function hasMappedPublicAddresses(state: Ec2State, vpcId: string): boolean {
  for (const address of state.addresses.values()) {
    if (address.networkInterfaceId === null) continue;
    if (state.networkInterfaces.get(address.networkInterfaceId)?.vpcId === vpcId) return true;
  }
  return false;
}

const detachInternetGateway: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const igw = getInternetGateway(state, params.requireString("InternetGatewayId"));
  const vpc = getVpc(state, params.requireString("VpcId"));
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
  return { return: true };
};

const deleteInternetGateway: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const igw = getInternetGateway(state, params.requireString("InternetGatewayId"));
  if (igw.attachedVpcId !== null) {
    throw new AwsError(
      "DependencyViolation",
      `The internetGateway '${igw.internetGatewayId}' has dependencies and cannot be deleted.`,
    );
  }
  state.internetGateways.delete(igw.internetGatewayId);
  dropTags(state, igw.internetGatewayId);
  return { return: true };
};

const describeInternetGateways: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const page = describeRecords(ctx, params, {
    action: "DescribeInternetGateways",
    kind: "internetGateway",
    idParam: "InternetGatewayId",
    records: state.internetGateways,
    limits: { min: 5, max: 1000 },
    filters: {
      "internet-gateway-id": (igw) => igw.internetGatewayId,
      "attachment.vpc-id": (igw) => igw.attachedVpcId ?? undefined,
      "attachment.state": (igw) => (igw.attachedVpcId === null ? undefined : "available"),
      "owner-id": () => state.ownerId,
    },
  });
  return {
    internetGatewaySet: page.items.map((igw) => internetGatewayXml(state, igw)),
    nextToken: page.nextToken,
  };
};

export const internetGatewayActions: Record<string, Ec2Handler> = {
  CreateInternetGateway: honours(createInternetGateway, "TagSpecification"),
  AttachInternetGateway: honours(attachInternetGateway, "InternetGatewayId", "VpcId"),
  DetachInternetGateway: honours(detachInternetGateway, "InternetGatewayId", "VpcId"),
  DeleteInternetGateway: honours(deleteInternetGateway, "InternetGatewayId"),
  DescribeInternetGateways: honours(
    describeInternetGateways,
    "InternetGatewayId",
    "Filter",
    "MaxResults",
    "NextToken",
  ),
};
