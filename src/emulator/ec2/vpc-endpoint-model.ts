// The rules of VPC endpoints, apart from the wire (vpc-endpoints.ts reads parameters and shapes
// replies).
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

import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import { findInterfaceService } from "./endpoint-services.ts";
import { createGatewayLoadBalancerEndpoint } from "./gateway-load-balancer-endpoints.ts";
import { createNetworkInterface, removeNetworkInterface } from "./interfaces.ts";
import { getRouteTable, getSecurityGroup, getSubnet, getVpc } from "./lookups.ts";
import type { VpcEndpointRecord, VpcRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { removeWithTags, storeNew } from "./store.ts";
import type { TagInput } from "./tagging.ts";
import { defaultSecurityGroupOf } from "./vpc-parts.ts";

const DEFAULT_POLICY = JSON.stringify({
  Version: "2008-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
});

/** CreateVpcEndpoint's members as given; which apply depends on the type, checked by the model. */
export interface CreateVpcEndpointInput {
  vpcId: string;
  serviceName: string;
  /** "Gateway" when not given. */
  type: string;
  routeTableIds: string[];
  subnetIds: string[];
  securityGroupIds: string[];
  privateDnsEnabled: boolean | undefined;
  policyDocument: string | undefined;
  tags: TagInput[];
}

function prefixListFor(state: Ec2State, serviceName: string): string {
  for (const list of state.prefixLists.values())
    if (list.prefixListName === serviceName) return list.prefixListId;
  throw new AwsError("InvalidServiceName", `The Vpc Endpoint Service '${serviceName}' does not exist`);
}

/** CreateVpcEndpoint, by the endpoint's type. */
export function addVpcEndpoint(
  state: Ec2State,
  emulator: Emulator,
  input: CreateVpcEndpointInput,
): VpcEndpointRecord {
  const vpc = getVpc(state, input.vpcId);
  const { serviceName, type } = input;
  if (type === "GatewayLoadBalancer") {
    const endpoint = createGatewayLoadBalancerEndpoint(state, emulator, input, vpc);
    return storeNew(state, emulator, state.vpcEndpoints, endpoint.vpcEndpointId, endpoint, input.tags);
  }
  if (type === "Interface") return addInterfaceEndpoint(state, emulator, input, vpc);
  if (type !== "Gateway") {
    throw new AwsError(
      "UnsupportedOperation",
      `The emulator implements Gateway endpoints (S3, DynamoDB) and Interface endpoints; ${type} endpoints are not emulated.`,
    );
  }
  for (const [member, ids] of [
    ["SubnetId", input.subnetIds],
    ["SecurityGroupId", input.securityGroupIds],
  ] as const) {
    if (ids.length > 0)
      throw new AwsError(
        "InvalidParameter",
        `${member} applies to Interface endpoints, not to Gateway endpoints.`,
      );
  }
  if (input.privateDnsEnabled !== undefined)
    throw new AwsError(
      "InvalidParameter",
      "PrivateDnsEnabled applies to Interface endpoints, not to Gateway endpoints.",
    );
  const prefixListId = prefixListFor(state, serviceName);
  const tables = input.routeTableIds.map((id) => getRouteTable(state, id));
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
  const endpoint: VpcEndpointRecord = {
    vpcEndpointId: emulator.newId("vpcEndpoint"),
    vpcId: vpc.vpcId,
    serviceName,
    vpcEndpointType: "Gateway",
    routeTableIds: tables.map((t) => t.routeTableId),
    subnetIds: [],
    groupIds: [],
    networkInterfaceIds: [],
    privateDnsEnabled: false,
    dnsEntries: [],
    policyDocument: input.policyDocument ?? DEFAULT_POLICY,
    creationTimestamp: emulator.clock.now(),
    availableAt: emulator.clock.dueAt("vpcEndpointAvailable"),
  };
  for (const table of tables) {
    table.routes.push({
      destinationPrefixListId: prefixListId,
      gatewayId: endpoint.vpcEndpointId,
      origin: "CreateRoute",
    });
  }
  return storeNew(state, emulator, state.vpcEndpoints, endpoint.vpcEndpointId, endpoint, input.tags);
}

function addInterfaceEndpoint(
  state: Ec2State,
  emulator: Emulator,
  input: CreateVpcEndpointInput,
  vpc: VpcRecord,
): VpcEndpointRecord {
  const { serviceName } = input;
  const service = findInterfaceService(state.region, serviceName);
  if (service === null) {
    throw new AwsError("InvalidServiceName", `The Vpc Endpoint Service '${serviceName}' does not exist`);
  }
  if (input.routeTableIds.length > 0)
    throw new AwsError(
      "InvalidParameter",
      "RouteTableId applies to Gateway endpoints, not to Interface endpoints.",
    );
  const privateDns = input.privateDnsEnabled;
  if (privateDns === undefined) {
    throw new AwsError(
      "UnsupportedOperation",
      "The emulator needs PrivateDnsEnabled on an Interface endpoint: AWS's default for it is not verified here.",
    );
  }
  const subnets = input.subnetIds.map((id) => getSubnet(state, id));
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
  const named = input.securityGroupIds.map((id) => getSecurityGroup(state, id));
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
  const vpcEndpointId = emulator.newId("vpcEndpoint");
  const interfaces = subnets.map((subnet) =>
    createNetworkInterface(state, emulator, {
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
  const label = `${vpcEndpointId}-${emulator.hex(8)}`;
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
    policyDocument: input.policyDocument ?? DEFAULT_POLICY,
    creationTimestamp: emulator.clock.now(),
    availableAt: emulator.clock.dueAt("vpcEndpointAvailable"),
  };
  return storeNew(state, emulator, state.vpcEndpoints, vpcEndpointId, endpoint, input.tags);
}

/** DeleteVpcEndpoints: each endpoint that is not found is reported, not thrown; its unsuccessful list. */
export function removeVpcEndpoints(state: Ec2State, ids: string[]): Record<string, unknown>[] {
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
    removeWithTags(state, state.vpcEndpoints, id);
  }
  return unsuccessful;
}
