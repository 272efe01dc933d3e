// CreateVpcEndpoint (Gateway type, for com.amazonaws.<region>.s3 and .dynamodb), DeleteVpcEndpoints,
// DescribeVpcEndpoints, DescribePrefixLists. A gateway endpoint adds a route to the service's
// prefix list in each route table it names (VPC User Guide, "Gateway endpoints"). Interface
// endpoints are not emulated and are refused loudly.

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
import { describeRecords } from "./describe.ts";
import { getRouteTable, getVpc } from "./lookups.ts";
import type { VpcEndpointRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { dropTags, readTagSpecifications, setTags, tagSetOf } from "./tagging.ts";

const DEFAULT_POLICY = JSON.stringify({
  Version: "2008-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
});

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
    subnetIdSet: [],
    groupSet: [],
    privateDnsEnabled: false,
    requesterManaged: false,
    networkInterfaceIdSet: [],
    dnsEntrySet: [],
    creationTimestamp: new Date(endpoint.creationTimestamp),
    ownerId: state.ownerId,
    ...tagSetOf(state, endpoint.vpcEndpointId),
  };
}

function prefixListFor(state: Ec2State, serviceName: string): string {
  for (const list of state.prefixLists.values())
    if (list.prefixListName === serviceName) return list.prefixListId;
  throw new AwsError("InvalidServiceName", `The Vpc Endpoint Service '${serviceName}' does not exist`);
}

const createVpcEndpoint: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const tags = readTagSpecifications(params, "vpc-endpoint");
  const vpc = getVpc(state, params.requireString("VpcId"));
  const serviceName = params.requireString("ServiceName");
  const type = params.string("VpcEndpointType") ?? "Gateway";
  if (type !== "Gateway") {
    throw new AwsError(
      "InvalidParameter",
      `The emulator implements Gateway endpoints only (for S3 and DynamoDB); ${type} endpoints are not emulated.`,
    );
  }
  const prefixListId = prefixListFor(state, serviceName);
  const tables = params.strings("RouteTableId").map((id) => getRouteTable(state, id));
  for (const table of tables) {
    if (table.vpcId !== vpc.vpcId) {
      throw new AwsError(
        "InvalidParameter",
        `Route table ${table.routeTableId} does not belong to ${vpc.vpcId}`,
      );
    }
    if (table.routes.some((r) => r.destinationPrefixListId === prefixListId)) {
      throw new AwsError(
        "RouteAlreadyExists",
        `route table ${table.routeTableId} already has a route with destination-prefix-list-id ${prefixListId}`,
      );
    }
  }
  const now = ctx.emulator.clock.now();
  const endpoint: VpcEndpointRecord = {
    vpcEndpointId: ctx.emulator.newId("vpcEndpoint"),
    vpcId: vpc.vpcId,
    serviceName,
    vpcEndpointType: "Gateway",
    routeTableIds: tables.map((t) => t.routeTableId),
    policyDocument: params.string("PolicyDocument") ?? DEFAULT_POLICY,
    creationTimestamp: now,
    availableAt: ctx.emulator.clock.dueAt("vpcEndpointAvailable"),
  };
  for (const table of tables) {
    table.routes.push({
      destinationPrefixListId: prefixListId,
      gatewayId: endpoint.vpcEndpointId,
      origin: "CreateRoute",
    });
  }
  state.vpcEndpoints.set(endpoint.vpcEndpointId, endpoint);
  setTags(state, endpoint.vpcEndpointId, tags);
  ctx.emulator.faults.created(endpoint.vpcEndpointId);
  return { vpcEndpoint: vpcEndpointXml(state, endpoint, now), clientToken: params.string("ClientToken") };
};

const deleteVpcEndpoints: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const ids = params.strings("VpcEndpointId");
  if (ids.length === 0)
    throw new AwsError("MissingParameter", "The request must contain the parameter VpcEndpointId");
  const unsuccessful: Record<string, unknown>[] = [];
  for (const id of ids) {
    const endpoint = state.vpcEndpoints.get(id);
    if (!endpoint) {
      unsuccessful.push({
        error: { code: "InvalidVpcEndpoint.NotFound", message: `The Vpc Endpoint Id '${id}' does not exist` },
        resourceId: id,
      });
      continue;
    }
    for (const table of state.routeTables.values()) {
      table.routes = table.routes.filter((r) => r.gatewayId !== id);
    }
    state.vpcEndpoints.delete(id);
    dropTags(state, id);
  }
  return { unsuccessful };
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
    records: state.prefixLists,
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
    "PolicyDocument",
    "TagSpecification",
  ),
  DeleteVpcEndpoints: honours(deleteVpcEndpoints, "VpcEndpointId"),
  DescribeVpcEndpoints: honours(describeVpcEndpoints, "VpcEndpointId", "Filter", "MaxResults", "NextToken"),
  DescribePrefixLists: honours(describePrefixLists, "PrefixListId", "Filter", "MaxResults", "NextToken"),
};
