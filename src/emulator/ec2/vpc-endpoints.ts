// CreateVpcEndpoint, DeleteVpcEndpoints, DescribeVpcEndpoints, DescribePrefixLists: read the
// parameters, apply the rules (./vpc-endpoint-model.ts), shape the reply.

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import type { Ec2Handler } from "./handler.ts";
import type { VpcEndpointRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";
import { addVpcEndpoint, removeVpcEndpoints } from "./vpc-endpoint-model.ts";

// Lowercase, as AWS sends it (the AWS CLI's examples for gateway endpoints), not the capitalised
// values of the model's State enum; tests/emulator/reply-shapes.test.ts holds the sources.
function endpointState(endpoint: VpcEndpointRecord, now: number): string {
  return now >= endpoint.availableAt ? "available" : "pending";
}

function vpcEndpointXml(state: Ec2State, endpoint: VpcEndpointRecord, now: number): Record<string, unknown> {
  return {
    vpcEndpointId: endpoint.vpcEndpointId,
    vpcEndpointType: endpoint.vpcEndpointType,
    vpcId: endpoint.vpcId,
    serviceName: endpoint.serviceName,
    state: endpointState(endpoint, now),
    policyDocument: endpoint.policyDocument,
    routeTableIdSet: endpoint.routeTableIds,
    subnetIdSet: endpoint.subnetIds,
    groupSet: endpoint.groupIds.map((groupId) => ({
      groupId,
      groupName: state.securityGroups.get(groupId)?.groupName,
    })),
    privateDnsEnabled: endpoint.privateDnsEnabled,
    requesterManaged: false,
    networkInterfaceIdSet: endpoint.networkInterfaceIds,
    dnsEntrySet: endpoint.dnsEntries.map((entry) => ({
      dnsName: entry.dnsName,
      hostedZoneId: entry.hostedZoneId,
    })),
    creationTimestamp: new Date(endpoint.creationTimestamp),
    ownerId: state.ownerId,
    ...tagSetOf(state, endpoint.vpcEndpointId),
  };
}

const createVpcEndpoint: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const endpoint = addVpcEndpoint(state, ctx.emulator, {
    tags: readTagSpecifications(params, "vpc-endpoint"),
    vpcId: params.requireString("VpcId"),
    serviceName: params.requireString("ServiceName"),
    type: params.string("VpcEndpointType") ?? "Gateway",
    routeTableIds: params.strings("RouteTableId"),
    subnetIds: params.strings("SubnetId"),
    securityGroupIds: params.strings("SecurityGroupId"),
    privateDnsEnabled: params.bool("PrivateDnsEnabled"),
    policyDocument: params.string("PolicyDocument"),
  });
  return {
    vpcEndpoint: vpcEndpointXml(state, endpoint, ctx.emulator.clock.now()),
    clientToken: params.string("ClientToken"),
  };
};

const deleteVpcEndpoints: Ec2Handler = (ctx, params) => {
  const ids = params.strings("VpcEndpointId");
  if (ids.length === 0)
    throw new AwsError("MissingParameter", "The request must contain the parameter VpcEndpointId");
  return { unsuccessful: removeVpcEndpoints(ctx.backend.ec2, ids) };
};

const describeVpcEndpoints: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const now = ctx.emulator.clock.now();
  const page = describeRecords(ctx, params, {
    action: "DescribeVpcEndpoints",
    kind: "vpcEndpoint",
    idParam: "VpcEndpointId",
    records: state.vpcEndpoints,
    limits: { min: 1, max: 1000 },
    filters: {
      "vpc-endpoint-id": (e) => e.vpcEndpointId,
      "vpc-id": (e) => e.vpcId,
      "service-name": (e) => e.serviceName,
      "vpc-endpoint-state": (e) => endpointState(e, now),
      "vpc-endpoint-type": (e) => e.vpcEndpointType,
    },
  });
  return {
    vpcEndpointSet: page.items.map((e) => vpcEndpointXml(state, e, now)),
    nextToken: page.nextToken,
  };
};

const describePrefixLists: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const page = describeRecords(ctx, params, {
    action: "DescribePrefixLists",
    kind: "prefixList",
    idParam: "PrefixListId",
    // AWS service prefix lists only; customer-managed lists are DescribeManagedPrefixLists'.
    records: new Map([...state.prefixLists].filter(([, list]) => list.managed === undefined)),
    limits: { min: 5, max: 1000 },
    filters: { "prefix-list-id": (p) => p.prefixListId, "prefix-list-name": (p) => p.prefixListName },
  });
  return {
    prefixListSet: page.items.map((p) => ({
      prefixListId: p.prefixListId,
      prefixListName: p.prefixListName,
      cidrSet: p.cidrs,
    })),
    nextToken: page.nextToken,
  };
};

export const vpcEndpointActions: Record<string, Ec2Handler> = {
  CreateVpcEndpoint: honours(
    createVpcEndpoint,
    "VpcId",
    "ServiceName",
    "VpcEndpointType",
    "RouteTableId",
    "SubnetId",
    "SecurityGroupId",
    "PrivateDnsEnabled",
    "PolicyDocument",
    "TagSpecification",
  ),
  DeleteVpcEndpoints: honours(deleteVpcEndpoints, "VpcEndpointId"),
  DescribeVpcEndpoints: honours(describeVpcEndpoints, "VpcEndpointId", "Filter", "MaxResults", "NextToken"),
  DescribePrefixLists: honours(describePrefixLists, "PrefixListId", "Filter", "MaxResults", "NextToken"),
};
