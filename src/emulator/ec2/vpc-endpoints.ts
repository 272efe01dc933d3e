// CreateVpcEndpoint, DeleteVpcEndpoints, DescribeVpcEndpoints, DescribePrefixLists.
// - Gateway endpoints (com.amazonaws.<region>.s3 and .dynamodb) add a route to the service's prefix
//   list in each route table they name (VPC User Guide, "Gateway endpoints").
// - Interface endpoints (PrivateLink, the services in endpoint-services.ts) put one requester-managed
//   interface (type vpc_endpoint) in each subnet named, one subnet per Availability Zone, with the
//   security groups named or the VPC's default group (EC2 API Reference, CreateVpcEndpoint,
//   SecurityGroupIds). Private DNS needs the VPC's enableDnsSupport and enableDnsHostnames
//   (CreateVpcEndpoint, PrivateDnsEnabled); two endpoints of one VPC cannot both hold the service's
//   private DNS name. Unverified, so refused rather than guessed: the default of PrivateDnsEnabled
//   (it must be given for an interface endpoint) and the exact wording of the errors (docs/FACTS.md).
// - Gateway Load Balancer endpoints: gateway-load-balancer-endpoints.ts (one emulated appliance service).
// Resource and ServiceNetwork endpoints are refused.

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
import { describeRecords } from "./describe.ts";
import { findInterfaceService } from "./endpoint-services.ts";
import { createGatewayLoadBalancerEndpoint } from "./gateway-load-balancer-endpoints.ts";
import { createNetworkInterface, removeNetworkInterface } from "./interfaces.ts";
import { getRouteTable, getSecurityGroup, getSubnet, getVpc } from "./lookups.ts";
import type { VpcEndpointRecord, VpcRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { dropTags, readTagSpecifications, setTags, tagSetOf } from "./tagging.ts";
import { defaultSecurityGroupOf } from "./vpc-parts.ts";

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
  if (type === "GatewayLoadBalancer") {
    const endpoint = createGatewayLoadBalancerEndpoint(ctx, params, vpc, serviceName);
    setTags(state, endpoint.vpcEndpointId, tags);
    ctx.emulator.faults.created(endpoint.vpcEndpointId);
    return {
      vpcEndpoint: vpcEndpointXml(state, endpoint, ctx.emulator.clock.now()),
      clientToken: params.string("ClientToken"),
    };
  }
  if (type === "Interface") return createInterfaceEndpoint(ctx, params, vpc, serviceName, tags);
  if (type !== "Gateway") {
    throw new AwsError(
      "UnsupportedOperation",
      `The emulator implements Gateway endpoints (S3, DynamoDB) and Interface endpoints; ${type} endpoints are not emulated.`,
    );
  }
  for (const member of ["SubnetId", "SecurityGroupId"]) {
    if (params.strings(member).length > 0)
      throw new AwsError(
        "InvalidParameter",
        `${member} applies to Interface endpoints, not to Gateway endpoints.`,
      );
  }
  if (params.bool("PrivateDnsEnabled") !== undefined)
    throw new AwsError(
      "InvalidParameter",
      "PrivateDnsEnabled applies to Interface endpoints, not to Gateway endpoints.",
    );
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
    subnetIds: [],
    groupIds: [],
    networkInterfaceIds: [],
    privateDnsEnabled: false,
    dnsEntries: [],
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

function createInterfaceEndpoint(
  ctx: Parameters<Ec2Handler>[0],
  params: Parameters<Ec2Handler>[1],
  vpc: VpcRecord,
  serviceName: string,
  tags: ReturnType<typeof readTagSpecifications>,
): Record<string, unknown> {
  const state = ctx.backend.ec2;
  const service = findInterfaceService(state.region, serviceName);
  if (service === null) {
    throw new AwsError("InvalidServiceName", `The Vpc Endpoint Service '${serviceName}' does not exist`);
  }
  if (params.strings("RouteTableId").length > 0)
    throw new AwsError(
      "InvalidParameter",
      "RouteTableId applies to Gateway endpoints, not to Interface endpoints.",
    );
  const privateDns = params.bool("PrivateDnsEnabled");
  if (privateDns === undefined) {
    throw new AwsError(
      "UnsupportedOperation",
      "The emulator needs PrivateDnsEnabled on an Interface endpoint: AWS's default for it is not verified here.",
    );
  }
  const subnets = params.strings("SubnetId").map((id) => getSubnet(state, id));
  if (subnets.length === 0) {
    throw new AwsError(
      "UnsupportedOperation",
      "The emulator needs at least one SubnetId on an Interface endpoint: an endpoint without interfaces is not emulated.",
    );
  }
  const zones = new Set<string>();
  for (const subnet of subnets) {
    if (subnet.vpcId !== vpc.vpcId)
      throw new AwsError("InvalidParameter", `Subnet ${subnet.subnetId} does not belong to ${vpc.vpcId}.`);
    if (zones.has(subnet.availabilityZone)) {
      throw new AwsError(
        "InvalidParameter",
        `Only one subnet per Availability Zone: two subnets given are in ${subnet.availabilityZone}.`,
      );
    }
    zones.add(subnet.availabilityZone);
  }
  const named = params.strings("SecurityGroupId").map((id) => getSecurityGroup(state, id));
  for (const group of named) {
    if (group.vpcId !== vpc.vpcId)
      throw new AwsError(
        "InvalidParameter",
        `Security group ${group.groupId} does not belong to ${vpc.vpcId}.`,
      );
  }
  const fallback = defaultSecurityGroupOf(state, vpc.vpcId);
  const groupIds =
    named.length > 0 ? [...new Set(named.map((group) => group.groupId))] : fallback ? [fallback.groupId] : [];
  if (privateDns) {
    if (!vpc.enableDnsSupport || !vpc.enableDnsHostnames) {
      throw new AwsError(
        "InvalidParameter",
        `Private DNS needs the VPC attributes enableDnsSupport and enableDnsHostnames set to true on ${vpc.vpcId}.`,
      );
    }
    for (const other of state.vpcEndpoints.values()) {
      if (other.vpcId === vpc.vpcId && other.serviceName === serviceName && other.privateDnsEnabled) {
        throw new AwsError(
          "InvalidParameter",
          `private-dns-enabled cannot be set because there is already a conflicting DNS domain for ${service.privateDnsNames.join(", ")} in the VPC ${vpc.vpcId}`,
        );
      }
    }
  }
  const now = ctx.emulator.clock.now();
  const vpcEndpointId = ctx.emulator.newId("vpcEndpoint");
  const interfaces = subnets.map((subnet) =>
    createNetworkInterface(state, ctx.emulator, {
      subnetId: subnet.subnetId,
      groupIds,
      description: `VPC Endpoint Interface ${vpcEndpointId}`,
      interfaceType: "vpc_endpoint",
      requesterManaged: true,
      requesterId: state.ownerId,
    }),
  );
  // EMULATED names and zone ID: the shapes of AWS's endpoint-specific names (regional, then one per
  // zone), never a real record.
  const label = `${vpcEndpointId}-${ctx.emulator.hex(8)}`;
  const suffix = `${serviceName.split(".").slice(3).reverse().join(".")}.${state.region}.vpce.amazonaws.com`;
  const hostedZoneId = "ZEMULATEDVPCE0";
  const dnsEntries = [
    { dnsName: `${label}.${suffix}`, hostedZoneId },
    ...subnets.map((subnet) => ({ dnsName: `${label}-${subnet.availabilityZone}.${suffix}`, hostedZoneId })),
    ...(privateDns
      ? service.privateDnsNames.map((dnsName) => ({ dnsName, hostedZoneId: "ZEMULATEDPRIVATE0" }))
      : []),
  ];
  const endpoint: VpcEndpointRecord = {
    vpcEndpointId,
    vpcId: vpc.vpcId,
    serviceName,
    vpcEndpointType: "Interface",
    routeTableIds: [],
    subnetIds: subnets.map((subnet) => subnet.subnetId),
    groupIds,
    networkInterfaceIds: interfaces.map((eni) => eni.networkInterfaceId),
    privateDnsEnabled: privateDns,
    dnsEntries,
    policyDocument: params.string("PolicyDocument") ?? DEFAULT_POLICY,
    creationTimestamp: now,
    availableAt: ctx.emulator.clock.dueAt("vpcEndpointAvailable"),
  };
  state.vpcEndpoints.set(vpcEndpointId, endpoint);
  setTags(state, vpcEndpointId, tags);
  ctx.emulator.faults.created(vpcEndpointId);
  return { vpcEndpoint: vpcEndpointXml(state, endpoint, now), clientToken: params.string("ClientToken") };
}

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
    // A gateway endpoint's routes go with it; routes to a Gateway Load Balancer endpoint were the
    // user's and stay, as blackholes (route-state.ts), like routes to any deleted target.
    if (endpoint.vpcEndpointType === "Gateway") {
      for (const table of state.routeTables.values()) {
        table.routes = table.routes.filter((r) => r.gatewayId !== id);
      }
    }
    for (const eni of endpoint.networkInterfaceIds) removeNetworkInterface(state, eni);
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
