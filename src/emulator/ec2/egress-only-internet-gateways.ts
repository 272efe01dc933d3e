// CreateEgressOnlyInternetGateway, DescribeEgressOnlyInternetGateways,
// DeleteEgressOnlyInternetGateway: read the parameters, apply the rules
// (./internet-gateway-model.ts), shape the reply. An egress-only internet gateway is created for one
// VPC and stays attached to it (its attachment reads "attached"); routes send IPv6 traffic to it with
// EgressOnlyInternetGatewayId (routes.ts), which become blackholes once it is deleted.
// Source: VPC User Guide, egress-only-internet-gateway.html; EC2 API Reference,
// CreateEgressOnlyInternetGateway. Its Describe has no vpc-id filter (only tag filters).

import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import type { Ec2Handler } from "./handler.ts";
import {
  insertEgressOnlyInternetGateway,
  removeEgressOnlyInternetGateway,
} from "./internet-gateway-model.ts";
import type { EgressOnlyInternetGatewayRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";

function egressOnlyInternetGatewayXml(
  state: Ec2State,
  eigw: EgressOnlyInternetGatewayRecord,
): Record<string, unknown> {
  return {
    egressOnlyInternetGatewayId: eigw.egressOnlyInternetGatewayId,
    attachmentSet: [{ vpcId: eigw.vpcId, state: "attached" }],
    ...tagSetOf(state, eigw.egressOnlyInternetGatewayId),
  };
}

const createEgressOnlyInternetGateway: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const eigw = insertEgressOnlyInternetGateway(state, ctx.emulator, {
    vpcId: params.requireString("VpcId"),
    tags: readTagSpecifications(params, "egress-only-internet-gateway"),
  });
  return {
    clientToken: params.string("ClientToken"),
    egressOnlyInternetGateway: egressOnlyInternetGatewayXml(state, eigw),
  };
};

const describeEgressOnlyInternetGateways: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const page = describeRecords(ctx, params, {
    action: "DescribeEgressOnlyInternetGateways",
    kind: "egressOnlyInternetGateway",
    idParam: "EgressOnlyInternetGatewayId",
    records: state.egressOnlyInternetGateways,
    // DescribeEgressOnlyInternetGatewaysMaxResults: 5-255 in the EC2 model.
    limits: { min: 5, max: 255 },
    filters: {},
  });
  return {
    egressOnlyInternetGatewaySet: page.items.map((eigw) => egressOnlyInternetGatewayXml(state, eigw)),
    nextToken: page.nextToken,
  };
};

const deleteEgressOnlyInternetGateway: Ec2Handler = (ctx, params) => {
  removeEgressOnlyInternetGateway(ctx.backend.ec2, params.requireString("EgressOnlyInternetGatewayId"));
  return { returnCode: true };
};

export const egressOnlyInternetGatewayActions: Record<string, Ec2Handler> = {
  CreateEgressOnlyInternetGateway: honours(createEgressOnlyInternetGateway, "VpcId", "TagSpecification"),
  DescribeEgressOnlyInternetGateways: honours(
    describeEgressOnlyInternetGateways,
    "EgressOnlyInternetGatewayId",
    "Filter",
    "MaxResults",
    "NextToken",
  ),
  DeleteEgressOnlyInternetGateway: honours(deleteEgressOnlyInternetGateway, "EgressOnlyInternetGatewayId"),
};
