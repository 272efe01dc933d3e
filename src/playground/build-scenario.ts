// Controls -> the situation they describe, as the model's input: a topology, the workload's
// interfaces (one per subnet, as the doctor traces them) and the destination. Pure. No rule of
// the model is decided here: the builder only states what exists (routes, their AWS state, rules),
// and src/egress's traceEgress says what happens to the packet.
//
// The VPC (10.0.0.0/16, two AZs) is the guide's: public subnets whose route table sends 0.0.0.0/0 to
// the internet gateway and hold the NAT gateway; private subnets with a route table each; a data
// subnet (main route table, local only) with the database. Addresses outside the VPC are RFC 5737
// documentation addresses, as in the emulator (README "The emulator"): illustrations, not AWS's.

import {
  createEmptyTopology,
  type Destination,
  type EgressSnapshot,
  type NetworkAclEntry,
  type Route,
  type RouteTarget,
  type SecurityGroupRule,
  type SnapshotSource,
  type Topology,
} from "../egress/index.ts";
import type { Controls } from "./controls.ts";

export const IDS = {
  vpc: "vpc-playground",
  igw: "igw-playground",
  tgw: "tgw-playground",
  interfaceEndpoint: "vpce-interface",
  endpointGroup: "sg-endpoint",
  s3Endpoint: "vpce-s3",
  s3PrefixList: "pl-s3",
  publicTable: "rtb-public",
  mainTable: "rtb-main",
  workloadGroup: "sg-workload",
  defaultGroup: "sg-default",
  defaultAcl: "acl-default",
  workloadAcl: "acl-workload",
} as const;

const REGION = "us-east-1";
const AZS = [`${REGION}a`, `${REGION}b`] as const;
const VPC_CIDR = "10.0.0.0/16";
const S3_CIDR = "192.0.2.0/24";

interface SubnetPlan {
  id: string;
  cidr: string;
  az: string;
  /** The workload's interface address in it. */
  workloadIp: string;
}

const PUBLIC_SUBNETS: SubnetPlan[] = AZS.map((az, index) => ({
  id: `subnet-public-${az.slice(-1)}`,
  cidr: `10.0.${index}.0/24`,
  az,
  workloadIp: `10.0.${index}.25`,
}));
const PRIVATE_SUBNETS: SubnetPlan[] = AZS.map((az, index) => ({
  id: `subnet-private-${az.slice(-1)}`,
  cidr: `10.0.${10 + index}.0/24`,
  az,
  workloadIp: `10.0.${10 + index}.25`,
}));
/** The database's subnets, on the main route table (local only); a "private" NAT gateway goes here. */
const DATA_SUBNETS: SubnetPlan[] = AZS.map((az, index) => ({
  id: `subnet-data-${az.slice(-1)}`,
  cidr: `10.0.${20 + index}.0/24`,
  az,
  workloadIp: `10.0.${20 + index}.25`,
}));
const zone = (subnet: { az: string }) => subnet.az.slice(-1);
const privateTableId = (subnet: SubnetPlan) => `rtb-private-${zone(subnet)}`;
const natId = (index: number) => `nat-playground-${AZS[index]?.slice(-1) ?? "a"}`;

export const DESTINATIONS: Record<Controls["destination"], Destination> = {
  api: { address: "203.0.113.10", protocol: "tcp", port: 443, hostname: "api.example.com" },
  secretsmanager: {
    address: "203.0.113.20",
    protocol: "tcp",
    port: 443,
    hostname: `secretsmanager.${REGION}.amazonaws.com`,
  },
  s3: { address: "192.0.2.10", protocol: "tcp", port: 443, hostname: `s3.${REGION}.amazonaws.com` },
  database: { address: "10.0.20.10", protocol: "tcp", port: 5432, hostname: "database (RDS, in the VPC)" },
  sts: { address: "203.0.113.30", protocol: "tcp", port: 443, hostname: `sts.${REGION}.amazonaws.com` },
  // STS's global name: a regional STS interface endpoint does not answer it (resolve-interface-endpoint.ts).
  "sts-global": { address: "203.0.113.31", protocol: "tcp", port: 443, hostname: "sts.amazonaws.com" },
};

const WORKLOADS: Record<
  Exclude<Controls["workload"], "apprunner-default">,
  { label: string; subject: string; publicIp: boolean }
> = {
  apprunner: { label: "App Runner VPC connector ENI", subject: "the VPC connector", publicIp: false },
  lambda: { label: "Lambda function ENI", subject: "the Lambda function", publicIp: false },
  fargate: {
    label: "Fargate task ENI (assignPublicIp DISABLED)",
    subject: "the Fargate tasks",
    publicIp: false,
  },
  "fargate-public-ip": {
    label: "Fargate task ENI (assignPublicIp ENABLED)",
    subject: "the Fargate tasks",
    publicIp: true,
  },
};

export interface Scenario extends EgressSnapshot {
  /** How the workload's subnets are named in warnings ("the VPC connector"). */
  subject: string;
  /** The subnets the workload uses (empty for DEFAULT egress). */
  workloadSubnetIds: string[];
  /** Whether the workload's interfaces have a public IP (the public-subnet warning does not apply then). */
  workloadHasPublicIp: boolean;
}

export function buildScenario(controls: Readonly<Controls>): Scenario {
  const destination = DESTINATIONS[controls.destination];
  if (controls.workload === "apprunner-default") {
    const source: SnapshotSource = {
      subnetId: null,
      availabilityZone: null,
      source: { mode: "apprunner-default", label: "App Runner service (DEFAULT egress)" },
    };
    return {
      description: "App Runner service with DEFAULT (AWS-managed) egress",
      topology: buildTopology(controls, []),
      sources: [source],
      destination,
      subject: "the service",
      workloadSubnetIds: [],
      workloadHasPublicIp: false,
    };
  }
  const workload = WORKLOADS[controls.workload];
  const subnets = controls.subnets === "public" ? PUBLIC_SUBNETS : PRIVATE_SUBNETS;
  const sources: SnapshotSource[] = subnets.map((subnet, index) => ({
    subnetId: subnet.id,
    availabilityZone: subnet.az,
    source: {
      mode: "vpc",
      subnetId: subnet.id,
      securityGroupIds: [IDS.workloadGroup],
      hasPublicIp: workload.publicIp,
      privateIp: subnet.workloadIp,
      ...(workload.publicIp ? { publicIp: `203.0.113.${140 + index}` } : {}),
      label: workload.label,
      interfaceId: `eni-workload-${subnet.az.slice(-1)}`,
    },
  }));
  return {
    description: `${workload.label} in ${subnets.map((subnet) => subnet.id).join(", ")}`,
    topology: buildTopology(
      controls,
      subnets.map((subnet) => subnet.id),
    ),
    sources,
    destination,
    subject: workload.subject,
    workloadSubnetIds: subnets.map((subnet) => subnet.id),
    workloadHasPublicIp: workload.publicIp,
  };
}

function buildTopology(controls: Readonly<Controls>, workloadSubnetIds: string[]): Topology {
  const topology = createEmptyTopology();
  const igwAttached = controls.igw === "attached";
  topology.vpcs.push({
    id: IDS.vpc,
    cidrBlocks: [VPC_CIDR],
    dnsSupport: controls.dnsSupport === "on",
    dnsHostnames: controls.dnsHostnames === "on",
  });
  for (const subnet of [...PUBLIC_SUBNETS, ...PRIVATE_SUBNETS, ...DATA_SUBNETS]) {
    topology.subnets.push({
      id: subnet.id,
      vpcId: IDS.vpc,
      cidrBlock: subnet.cidr,
      availabilityZone: subnet.az,
    });
  }
  topology.internetGateways.push({ id: IDS.igw, attachedVpcIds: igwAttached ? [IDS.vpc] : [] });

  // AWS shows a route whose target cannot forward (a detached gateway, a NAT gateway that is not
  // available) as "blackhole"; the model decides what that means.
  const igwRoute = route("0.0.0.0/0", { kind: "internet-gateway", id: IDS.igw }, igwAttached);
  const local = route(VPC_CIDR, { kind: "local" }, true);
  topology.routeTables.push(
    { id: IDS.mainTable, vpcId: IDS.vpc, main: true, subnetIds: [], routes: [local] },
    {
      id: IDS.publicTable,
      vpcId: IDS.vpc,
      main: false,
      subnetIds: PUBLIC_SUBNETS.map((subnet) => subnet.id),
      routes: [local, igwRoute],
    },
  );
  const s3Route = route(
    { prefixListId: IDS.s3PrefixList },
    { kind: "gateway-endpoint", id: IDS.s3Endpoint },
    true,
  );
  PRIVATE_SUBNETS.forEach((subnet, index) => {
    const routes: Route[] = [local];
    // With one NAT gateway, every AZ's table points at the first AZ's.
    const defaultRoute = privateDefaultRoute(controls, igwRoute, controls.nats === "per-az" ? index : 0);
    if (defaultRoute !== null && (controls.routeAzs === "all" || index === 0)) routes.push(defaultRoute);
    if (controls.s3Endpoint === "on") routes.push(s3Route);
    topology.routeTables.push({
      id: privateTableId(subnet),
      vpcId: IDS.vpc,
      main: false,
      subnetIds: [subnet.id],
      routes,
    });
  });

  const publicNat = controls.natConnectivity === "public";
  const natCount = controls.nats === "per-az" ? AZS.length : 1;
  for (let index = 0; index < natCount; index++) {
    const natSubnet = (controls.natSubnet === "public" ? PUBLIC_SUBNETS : DATA_SUBNETS)[index];
    if (natSubnet === undefined) continue;
    const allocationId = `eipalloc-playground-${zone(natSubnet)}`;
    const publicIp = `198.51.100.${20 + index}`;
    topology.natGateways.push({
      id: natId(index),
      vpcId: IDS.vpc,
      subnetId: natSubnet.id,
      state: controls.natState,
      connectivityType: controls.natConnectivity,
      privateIp: natSubnet.workloadIp.replace(/\.25$/, ".100"),
      ...(publicNat ? { allocationId, publicIp } : {}),
    });
    if (publicNat) topology.elasticIps.push({ allocationId, publicIp });
  }

  topology.securityGroups.push(
    { id: IDS.workloadGroup, vpcId: IDS.vpc, name: "workload", egress: workloadEgress(controls.sgEgress) },
    {
      id: IDS.defaultGroup,
      vpcId: IDS.vpc,
      name: "default",
      egress: [{ protocol: "-1", cidrs: ["0.0.0.0/0"] }],
    },
  );
  topology.networkAcls.push({
    id: IDS.defaultAcl,
    vpcId: IDS.vpc,
    isDefault: true,
    subnetIds: [],
    entries: [aclEntry(true, "allow"), aclEntry(false, "allow")],
  });
  if (controls.nacl !== "allow" && workloadSubnetIds.length > 0) {
    topology.networkAcls.push({
      id: IDS.workloadAcl,
      vpcId: IDS.vpc,
      isDefault: false,
      subnetIds: workloadSubnetIds,
      entries:
        controls.nacl === "deny-outbound"
          ? [aclEntry(true, "deny"), aclEntry(false, "allow")]
          : // Inbound HTTPS only, as for a web server: the replies to the workload's own calls come
            // back to ephemeral ports and match no inbound rule.
            [
              aclEntry(true, "allow"),
              {
                ruleNumber: 100,
                egress: false,
                protocol: "tcp",
                action: "allow",
                cidr: "0.0.0.0/0",
                portRange: { from: 443, to: 443 },
              },
            ],
    });
  }
  if (controls.s3Endpoint === "on") {
    topology.vpcEndpoints.push({
      id: IDS.s3Endpoint,
      vpcId: IDS.vpc,
      serviceName: `com.amazonaws.${REGION}.s3`,
      type: "Gateway",
      routeTableIds: PRIVATE_SUBNETS.map(privateTableId),
      state: "available",
    });
  }
  if (controls.interfaceEndpoint !== "none") addInterfaceEndpoint(topology, controls);
  if (controls.route === "transit-gateway") addEgressVpc(topology, controls);
  // AWS-managed prefix lists exist in every region, endpoint or not.
  topology.prefixLists.push({ id: IDS.s3PrefixList, name: `com.amazonaws.${REGION}.s3`, cidrs: [S3_CIDR] });
  return topology;
}

function privateDefaultRoute(controls: Readonly<Controls>, igwRoute: Route, natIndex: number): Route | null {
  switch (controls.route) {
    case "none":
      return null;
    case "igw":
      return igwRoute;
    case "nat":
      return route(
        "0.0.0.0/0",
        { kind: "nat-gateway", id: natId(natIndex) },
        controls.natState === "available",
      );
    case "transit-gateway":
      return route("0.0.0.0/0", { kind: "transit-gateway", id: IDS.tgw }, true);
  }
}

function route(destination: string | { prefixListId: string }, target: RouteTarget, active: boolean): Route {
  return {
    destination: typeof destination === "string" ? { cidr: destination } : destination,
    target,
    state: active ? "active" : "blackhole",
  };
}

function workloadEgress(choice: Controls["sgEgress"]): SecurityGroupRule[] {
  switch (choice) {
    case "all":
      return [{ protocol: "-1", cidrs: ["0.0.0.0/0"] }];
    case "https":
      return [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["0.0.0.0/0"] }];
    case "vpc":
      return [{ protocol: "-1", cidrs: [VPC_CIDR] }];
    case "none":
      return [];
  }
}

function aclEntry(egress: boolean, action: "allow" | "deny"): NetworkAclEntry {
  return { ruleNumber: 100, egress, protocol: "-1", action, cidr: "0.0.0.0/0" };
}

/**
 * An interface endpoint for the chosen service in the private subnets, one interface per AZ, as
 * DescribeVpcEndpoints shows one: its own vpce- name always, the service's name with private DNS.
 */
function addInterfaceEndpoint(topology: Topology, controls: Readonly<Controls>): void {
  const service = controls.interfaceEndpoint;
  const privateDns = controls.endpointPrivateDns === "on";
  const interfaces = PRIVATE_SUBNETS.map((subnet) => ({
    id: `eni-endpoint-${zone(subnet)}`,
    vpcId: IDS.vpc,
    subnetId: subnet.id,
    privateIp: subnet.workloadIp.replace(/\.25$/, ".50"),
    groupIds: [IDS.endpointGroup],
    interfaceType: "vpc_endpoint",
  }));
  topology.networkInterfaces = [...(topology.networkInterfaces ?? []), ...interfaces];
  topology.securityGroups.push({
    id: IDS.endpointGroup,
    vpcId: IDS.vpc,
    name: "endpoint",
    egress: [],
    ingress:
      controls.endpointSgInbound === "https"
        ? [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrs: [], groupIds: [IDS.workloadGroup] }]
        : [],
  });
  topology.vpcEndpoints.push({
    id: IDS.interfaceEndpoint,
    vpcId: IDS.vpc,
    serviceName: `com.amazonaws.${REGION}.${service}`,
    type: "Interface",
    routeTableIds: [],
    state: "available",
    privateDnsEnabled: privateDns,
    subnetIds: PRIVATE_SUBNETS.map((subnet) => subnet.id),
    securityGroupIds: [IDS.endpointGroup],
    networkInterfaceIds: interfaces.map((networkInterface) => networkInterface.id),
    dnsNames: [
      `${IDS.interfaceEndpoint}-playground.${service}.${REGION}.vpce.amazonaws.com`,
      ...(privateDns ? [`${service}.${REGION}.amazonaws.com`] : []),
    ],
  });
}

/** The IDs of the centralized egress VPC behind the transit gateway (route=transit-gateway). */
const EGRESS = {
  vpc: "vpc-egress",
  cidr: "10.100.0.0/16",
  igw: "igw-egress",
  publicTable: "rtb-egress-public",
  mainTable: "rtb-egress-main",
  acl: "acl-egress",
  workloadAttachment: "tgw-attach-playground",
  egressAttachment: "tgw-attach-egress",
  workloadTgwTable: "tgw-rtb-spokes",
  egressTgwTable: "tgw-rtb-egress",
} as const;

/**
 * route=transit-gateway: the centralized egress the troubleshooting page describes (AWS whitepaper
 * "Centralized egress to the internet", cited there): the workload VPC attaches to the transit
 * gateway through its private subnets; the attachment's transit gateway route table sends 0.0.0.0/0
 * to the egress VPC's attachment; in the egress VPC the attachment subnets route to the NAT gateway
 * of their AZ, the NAT gateways sit in public subnets, and the public route table routes the
 * workload VPC back to the transit gateway; the egress attachment's table has the workload VPC's
 * range (propagated). The model (follow-transit-gateway.ts) decides what each control breaks.
 */
function addEgressVpc(topology: Topology, controls: Readonly<Controls>): void {
  const attachmentSubnets = AZS.map((az, index) => ({
    id: `subnet-egress-tgw-${az.slice(-1)}`,
    cidr: `10.100.${100 + index}.0/28`,
    az,
  }));
  const publicSubnets = AZS.map((az, index) => ({
    id: `subnet-egress-public-${az.slice(-1)}`,
    cidr: `10.100.${index}.0/24`,
    az,
  }));
  topology.vpcs.push({ id: EGRESS.vpc, cidrBlocks: [EGRESS.cidr], dnsSupport: true, dnsHostnames: true });
  for (const subnet of [...attachmentSubnets, ...publicSubnets]) {
    topology.subnets.push({
      id: subnet.id,
      vpcId: EGRESS.vpc,
      cidrBlock: subnet.cidr,
      availabilityZone: subnet.az,
    });
  }
  topology.internetGateways.push({ id: EGRESS.igw, attachedVpcIds: [EGRESS.vpc] });
  const local = route(EGRESS.cidr, { kind: "local" }, true);
  topology.routeTables.push(
    { id: EGRESS.mainTable, vpcId: EGRESS.vpc, main: true, subnetIds: [], routes: [local] },
    {
      id: EGRESS.publicTable,
      vpcId: EGRESS.vpc,
      main: false,
      subnetIds: publicSubnets.map((subnet) => subnet.id),
      routes: [
        local,
        route("0.0.0.0/0", { kind: "internet-gateway", id: EGRESS.igw }, true),
        ...(controls.tgwReturnRoute === "on"
          ? [route(VPC_CIDR, { kind: "transit-gateway", id: IDS.tgw }, true)]
          : []),
      ],
    },
  );
  attachmentSubnets.forEach((subnet, index) => {
    const natSubnet = publicSubnets[index];
    if (natSubnet === undefined) return;
    const nat = `nat-egress-${zone(natSubnet)}`;
    const allocationId = `eipalloc-egress-${zone(natSubnet)}`;
    const publicIp = `198.51.100.${40 + index}`;
    topology.routeTables.push({
      id: `rtb-egress-tgw-${zone(subnet)}`,
      vpcId: EGRESS.vpc,
      main: false,
      subnetIds: [subnet.id],
      routes: [local, route("0.0.0.0/0", { kind: "nat-gateway", id: nat }, true)],
    });
    topology.natGateways.push({
      id: nat,
      vpcId: EGRESS.vpc,
      subnetId: natSubnet.id,
      state: "available",
      connectivityType: "public",
      privateIp: `10.100.${index}.100`,
      allocationId,
      publicIp,
    });
    topology.elasticIps.push({ allocationId, publicIp });
  });
  topology.networkAcls.push({
    id: EGRESS.acl,
    vpcId: EGRESS.vpc,
    isDefault: true,
    subnetIds: [],
    entries: [aclEntry(true, "allow"), aclEntry(false, "allow")],
  });
  topology.transitGatewayAttachments = [
    {
      id: EGRESS.workloadAttachment,
      transitGatewayId: IDS.tgw,
      resourceType: "vpc",
      resourceId: IDS.vpc,
      state: "available",
      subnetIds: PRIVATE_SUBNETS.map((subnet) => subnet.id),
      associatedRouteTableId: EGRESS.workloadTgwTable,
    },
    {
      id: EGRESS.egressAttachment,
      transitGatewayId: IDS.tgw,
      resourceType: "vpc",
      resourceId: EGRESS.vpc,
      state: "available",
      subnetIds: attachmentSubnets.map((subnet) => subnet.id),
      associatedRouteTableId: EGRESS.egressTgwTable,
    },
  ];
  const defaultRoute = controls.tgwDefaultRoute;
  topology.transitGatewayRouteTables = [
    {
      id: EGRESS.workloadTgwTable,
      transitGatewayId: IDS.tgw,
      routes:
        defaultRoute === "none"
          ? []
          : [
              {
                destination: "0.0.0.0/0",
                // A blackhole route is a static route without an attachment (CreateTransitGatewayRoute --blackhole).
                attachmentIds: defaultRoute === "egress-vpc" ? [EGRESS.egressAttachment] : [],
                type: "static",
                state: defaultRoute === "egress-vpc" ? "active" : "blackhole",
              },
            ],
    },
    {
      id: EGRESS.egressTgwTable,
      transitGatewayId: IDS.tgw,
      routes: [
        {
          destination: VPC_CIDR,
          attachmentIds: [EGRESS.workloadAttachment],
          type: "propagated",
          state: "active",
        },
      ],
    },
  ];
}
