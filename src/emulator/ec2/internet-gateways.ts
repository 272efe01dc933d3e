// CreateInternetGateway, AttachInternetGateway, DetachInternetGateway, DeleteInternetGateway,
// DescribeInternetGateways: read the parameters, apply the rules (./internet-gateway-model.ts),
// shape the reply.

import type { QueryParams } from "../codecs/query-params.ts";
import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import type { Ec2Handler } from "./handler.ts";
import {
  attachGatewayToVpc,
  detachGatewayFromVpc,
  type InternetGatewayAttachment,
  insertInternetGateway,
  removeInternetGateway,
} from "./internet-gateway-model.ts";
import type { InternetGatewayRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";

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
  const igw = insertInternetGateway(state, ctx.emulator, readTagSpecifications(params, "internet-gateway"));
  return { internetGateway: internetGatewayXml(state, igw) };
};

function readAttachment(params: QueryParams): InternetGatewayAttachment {
  return {
    internetGatewayId: params.requireString("InternetGatewayId"),
    vpcId: params.requireString("VpcId"),
  };
}

const attachInternetGateway: Ec2Handler = (ctx, params) => {
  attachGatewayToVpc(ctx.backend.ec2, readAttachment(params));
  return { return: true };
};

const detachInternetGateway: Ec2Handler = (ctx, params) => {
  detachGatewayFromVpc(ctx.backend.ec2, readAttachment(params));
  return { return: true };
};

const deleteInternetGateway: Ec2Handler = (ctx, params) => {
  removeInternetGateway(ctx.backend.ec2, params.requireString("InternetGatewayId"));
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
