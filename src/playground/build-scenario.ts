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
  eigw: "eigw-playground",
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
/** ipv6=dual-stack: an IPv6 documentation block (RFC 3849) standing for the Amazon-provided /56. */
const VPC_IPV6_CIDR = "2001:db8:1234:1a00::/56";
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
const firewallEndpointId = (subnet: { az: string }) => `vpce-firewall-${zone(subnet)}`;
/** "10.0.10.0/24" -> "2001:db8:1234:1a0a::/64" */
function subnetIpv6Cidr(subnet: SubnetPlan): string {
  const third = Number(subnet.cidr.split(".")[2]);
  return `2001:db8:1234:1a${third.toString(16).padStart(2, "0")}::/64`;
}
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
  // An IPv6 documentation address (RFC 3849): a host with only an AAAA record.
  "ipv6-api": { address: "2001:db8:ffff::10", protocol: "tcp", port: 443, hostname: "ipv6only.example.com" },
  // Where a Fargate task pulls its image: the registry's name (Amazon ECR User Guide, vpc-endpoints.html).
  ecr: {
    address: "203.0.113.40",
    protocol: "tcp",
    port: 443,
    hostname: `111122223333.dkr.ecr.${REGION}.amazonaws.com`,
  },
  "peered-database": {
    address: "10.20.1.10",
    protocol: "tcp",
    port: 5432,
    hostname: "database (RDS, in a peered VPC)",
  },
};

const WORKLOADS: Record<
  Exclude<Controls["workload"], "apprunner-default">,
  { label: string; subject: string; publicIp: boolean; ipv4Only: boolean }
> = {
  // App Runner sends IPv4 only (App Runner Developer Guide, network.html), and so does a Lambda
  // function without Ipv6AllowedForDualStack (docs/FACTS.md, "Lambda and ECS"), as the doctor marks them.
  apprunner: {
    label: "App Runner VPC connector ENI",
    subject: "the VPC connector",
    publicIp: false,
    ipv4Only: true,
  },
  lambda: { label: "Lambda function ENI", subject: "the Lambda function", publicIp: false, ipv4Only: true },
  fargate: {
    label: "Fargate task ENI (assignPublicIp DISABLED)",
    subject: "the Fargate tasks",
    publicIp: false,
    ipv4Only: false,
  },
  "fargate-public-ip": {
    label: "Fargate task ENI (assignPublicIp ENABLED)",
    subject: "the Fargate tasks",
    publicIp: true,
    ipv4Only: false,
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
      ...(workload.ipv4Only ? { ipv4Only: true } : {}),
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
  const dualStack = controls.ipv6 === "dual-stack";
  topology.vpcs.push({
    id: IDS.vpc,
    cidrBlocks: [VPC_CIDR],
    ...(dualStack ? { ipv6CidrBlocks: [VPC_IPV6_CIDR] } : {}),
    dnsSupport: controls.dnsSupport === "on",
    dnsHostnames: controls.dnsHostnames === "on",
  });
  for (const subnet of [...PUBLIC_SUBNETS, ...PRIVATE_SUBNETS, ...DATA_SUBNETS]) {
    topology.subnets.push({
      id: subnet.id,
      vpcId: IDS.vpc,
      cidrBlock: subnet.cidr,
      // A /64 of the VPC's /56 per subnet, numbered after the subnet's third IPv4 octet.
      ...(dualStack ? { ipv6CidrBlocks: [subnetIpv6Cidr(subnet)] } : {}),
      availabilityZone: subnet.az,
    });
  }
  topology.internetGateways.push({ id: IDS.igw, attachedVpcIds: igwAttached ? [IDS.vpc] : [] });
  if (dualStack) topology.egressOnlyInternetGateways = [{ id: IDS.eigw, attachedVpcIds: [IDS.vpc] }];

  // AWS shows a route whose target cannot forward (a detached gateway, a NAT gateway that is not
  // available) as "blackhole"; the model decides what that means.
  const igwRoute = route("0.0.0.0/0", { kind: "internet-gateway", id: IDS.igw }, igwAttached);
  const local = route(VPC_CIDR, { kind: "local" }, true);
  const peered = controls.route === "peering" || controls.destination === "peered-database";
  // AWS shows a route to a peering connection that is not active yet as a blackhole (docs/FACTS.md, "VPC peering").
  const peeringRoute = route(
    PEER.cidr,
    { kind: "vpc-peering", id: PEER.pcx },
    controls.peeringState === "active",
  );
  topology.routeTables.push(
    { id: IDS.mainTable, vpcId: IDS.vpc, main: true, subnetIds: [], routes: [local] },
    {
      id: IDS.publicTable,
      vpcId: IDS.vpc,
      main: false,
      subnetIds: PUBLIC_SUBNETS.map((subnet) => subnet.id),
      routes: [
        local,
        igwRoute,
        ...(dualStack
          ? [
              route(VPC_IPV6_CIDR, { kind: "local" }, true),
              route("::/0", { kind: "internet-gateway", id: IDS.igw }, igwAttached),
            ]
          : []),
        ...(peered ? [peeringRoute] : []),
        // The firewall's return path: replies to each private subnet go back through its AZ's
        // firewall endpoint (Network Firewall Developer Guide, vpc-config-route-tables.html).
        ...(controls.route === "firewall"
          ? PRIVATE_SUBNETS.map((subnet) =>
              route(subnet.cidr, { kind: "gateway-endpoint", id: firewallEndpointId(subnet) }, true),
            )
          : []),
      ],
    },
  );
  const s3Route = route(
    { prefixListId: IDS.s3PrefixList },
    { kind: "gateway-endpoint", id: IDS.s3Endpoint },
    true,
  );
  PRIVATE_SUBNETS.forEach((subnet, index) => {
    const routes: Route[] = [local];
    const defaultRoute = privateDefaultRoute(controls, igwRoute, index);
    if (defaultRoute !== null && (controls.routeAzs === "all" || index === 0)) routes.push(defaultRoute);
    if (controls.s3Endpoint === "on") routes.push(s3Route);
    if (peered) routes.push(peeringRoute);
    if (dualStack) {
      routes.push(route(VPC_IPV6_CIDR, { kind: "local" }, true));
      routes.push(route("::/0", { kind: "egress-only-internet-gateway", id: IDS.eigw }, true));
    }
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
  if (controls.route === "regional-nat") addRegionalNat(topology, controls, igwRoute, local);

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
  if (peered) addPeerVpc(topology, controls);
  if (controls.route === "nat-instance") addNatInstance(topology, controls);
  if (controls.route === "firewall") addFirewall(topology, controls);
  // AWS-managed prefix lists exist in every region, endpoint or not.
  topology.prefixLists.push({ id: IDS.s3PrefixList, name: `com.amazonaws.${REGION}.s3`, cidrs: [S3_CIDR] });
  return topology;
}

/** The 0.0.0.0/0 route of the private route table of AZ number `azIndex`, or null for none. */
function privateDefaultRoute(controls: Readonly<Controls>, igwRoute: Route, azIndex: number): Route | null {
  // With one NAT gateway, every AZ's table points at the first AZ's.
  const natIndex = controls.nats === "per-az" ? azIndex : 0;
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
    case "peering":
      return route("0.0.0.0/0", { kind: "vpc-peering", id: PEER.pcx }, controls.peeringState === "active");
    case "nat-instance":
      // A route to a stopped instance is a blackhole (VPC User Guide, "Route tables").
      return route(
        "0.0.0.0/0",
        { kind: "instance", id: NAT_INSTANCE.instance, networkInterfaceId: NAT_INSTANCE.eni },
        controls.natInstanceState === "running",
      );
    case "regional-nat":
      return route(
        "0.0.0.0/0",
        { kind: "nat-gateway", id: REGIONAL_NAT.id },
        controls.natState === "available",
      );
    case "firewall": {
      const subnet = PRIVATE_SUBNETS[azIndex] ?? PRIVATE_SUBNETS[0];
      if (subnet === undefined) return null;
      return route("0.0.0.0/0", { kind: "gateway-endpoint", id: firewallEndpointId(subnet) }, true);
    }
  }
}

/** route=regional-nat: one NAT gateway for the VPC, in no subnet, with its own route table. */
export const REGIONAL_NAT = { id: "nat-regional", table: "rtb-nat-regional" } as const;

/**
 * The regional NAT gateway as DescribeNatGateways shows it: its zones (each with an Elastic IP), its
 * mode, and the route table AWS creates for it with 0.0.0.0/0 to the internet gateway (docs/FACTS.md,
 * "Regional NAT gateway"). Whether it serves a zone is the model's to say (follow-regional-nat.ts).
 */
function addRegionalNat(
  topology: Topology,
  controls: Readonly<Controls>,
  igwRoute: Route,
  local: Route,
): void {
  const zones = controls.regionalNatZones === "all" ? AZS : AZS.slice(0, 1);
  topology.natGateways.push({
    id: REGIONAL_NAT.id,
    vpcId: IDS.vpc,
    subnetId: "",
    state: controls.natState,
    connectivityType: "public",
    availabilityMode: "regional",
    autoProvisionZones: controls.regionalNatMode === "automatic",
    routeTableId: REGIONAL_NAT.table,
    zones: zones.map((az, index) => ({
      availabilityZone: az,
      addresses: [
        { allocationId: `eipalloc-regional-${az.slice(-1)}`, publicIp: `198.51.100.${40 + index}` },
      ],
    })),
  });
  for (const [index, az] of zones.entries()) {
    topology.elasticIps.push({
      allocationId: `eipalloc-regional-${az.slice(-1)}`,
      publicIp: `198.51.100.${40 + index}`,
      associationId: `eipassoc-regional-${az.slice(-1)}`,
    });
  }
  topology.routeTables.push({
    id: REGIONAL_NAT.table,
    vpcId: IDS.vpc,
    main: false,
    subnetIds: [],
    routes: [local, igwRoute],
  });
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
  // ECR's registry names are <registry>.dkr.ecr.<region>: its private DNS name is a wildcard.
  const [name, serviceDnsName] =
    service === "ecr.dkr"
      ? ["dkr.ecr", `*.dkr.ecr.${REGION}.amazonaws.com`]
      : [service, `${service}.${REGION}.amazonaws.com`];
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
      `${IDS.interfaceEndpoint}-playground.${name}.${REGION}.vpce.amazonaws.com`,
      ...(privateDns ? [serviceDnsName] : []),
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
  s3Endpoint: "vpce-s3-egress",
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
      routes: [
        local,
        route("0.0.0.0/0", { kind: "nat-gateway", id: nat }, true),
        ...(controls.s3Endpoint === "egress-vpc"
          ? [
              route(
                { prefixListId: IDS.s3PrefixList },
                { kind: "gateway-endpoint", id: EGRESS.s3Endpoint },
                true,
              ),
            ]
          : []),
      ],
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
  if (controls.s3Endpoint === "egress-vpc") {
    topology.vpcEndpoints.push({
      id: EGRESS.s3Endpoint,
      vpcId: EGRESS.vpc,
      serviceName: `com.amazonaws.${REGION}.s3`,
      type: "Gateway",
      routeTableIds: attachmentSubnets.map((subnet) => `rtb-egress-tgw-${zone(subnet)}`),
      state: "available",
    });
  }
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

/** The database VPC peered with the playground's (route=peering or destination=peered-database). */
const PEER = {
  vpc: "vpc-database",
  cidr: "10.20.0.0/16",
  subnet: "subnet-database-a",
  table: "rtb-database",
  acl: "acl-database",
  pcx: "pcx-playground",
} as const;

/**
 * The peer VPC: one subnet with the database, a main route table with the route back through the
 * peering connection (peerReturnRoute), and the connection itself (peeringState).
 */
function addPeerVpc(topology: Topology, controls: Readonly<Controls>): void {
  topology.vpcs.push({ id: PEER.vpc, cidrBlocks: [PEER.cidr], dnsSupport: true, dnsHostnames: true });
  topology.subnets.push({
    id: PEER.subnet,
    vpcId: PEER.vpc,
    cidrBlock: "10.20.1.0/24",
    availabilityZone: AZS[0],
  });
  topology.routeTables.push({
    id: PEER.table,
    vpcId: PEER.vpc,
    main: true,
    subnetIds: [],
    routes: [
      route(PEER.cidr, { kind: "local" }, true),
      ...(controls.peerReturnRoute === "on"
        ? [route(VPC_CIDR, { kind: "vpc-peering", id: PEER.pcx }, controls.peeringState === "active")]
        : []),
    ],
  });
  topology.networkAcls.push({
    id: PEER.acl,
    vpcId: PEER.vpc,
    isDefault: true,
    subnetIds: [],
    entries: [aclEntry(true, "allow"), aclEntry(false, "allow")],
  });
  topology.vpcPeeringConnections = [
    {
      id: PEER.pcx,
      state: controls.peeringState,
      requester: { vpcId: IDS.vpc, cidrBlocks: [VPC_CIDR] },
      accepter: { vpcId: PEER.vpc, cidrBlocks: [PEER.cidr] },
    },
  ];
}

/** The NAT instance (route=nat-instance), in the first public subnet. */
const NAT_INSTANCE = {
  instance: "i-natinstance",
  eni: "eni-natinstance",
  group: "sg-nat-instance",
  publicIp: "198.51.100.30",
} as const;

/**
 * A NAT instance as the VPC User Guide describes one (VPC_NAT_Instance.html): in a public subnet,
 * with a public IP, its security group letting the VPC in and everything out; its source/destination
 * check and its state are the controls. The model (follow-nat-instance.ts) says what each breaks.
 */
function addNatInstance(topology: Topology, controls: Readonly<Controls>): void {
  const subnet = PUBLIC_SUBNETS[0];
  if (subnet === undefined) return;
  topology.securityGroups.push({
    id: NAT_INSTANCE.group,
    vpcId: IDS.vpc,
    name: "nat-instance",
    egress: [{ protocol: "-1", cidrs: ["0.0.0.0/0"] }],
    ingress: [{ protocol: "-1", cidrs: [VPC_CIDR] }],
  });
  topology.networkInterfaces = [
    ...(topology.networkInterfaces ?? []),
    {
      id: NAT_INSTANCE.eni,
      vpcId: IDS.vpc,
      subnetId: subnet.id,
      privateIp: subnet.workloadIp.replace(/\.25$/, ".30"),
      groupIds: [NAT_INSTANCE.group],
      interfaceType: "interface",
      publicIp: NAT_INSTANCE.publicIp,
      sourceDestCheck: controls.natInstanceSourceDestCheck === "on",
      instanceId: NAT_INSTANCE.instance,
    },
  ];
  topology.instances = [
    {
      id: NAT_INSTANCE.instance,
      state: controls.natInstanceState,
      subnetId: subnet.id,
      vpcId: IDS.vpc,
      networkInterfaceIds: [NAT_INSTANCE.eni],
    },
  ];
}

/**
 * route=firewall: AWS Network Firewall in front of the NAT gateways (Network Firewall Developer
 * Guide, vpc-config-route-tables.html): a firewall subnet per AZ holds the firewall's endpoint (a
 * Gateway Load Balancer endpoint the service manages); the private route tables send 0.0.0.0/0 to
 * their AZ's endpoint; the firewall subnets' route tables send it on to the NAT gateway
 * (firewallOnwardRoute), and the public route table sends the replies back through the endpoints.
 */
function addFirewall(topology: Topology, controls: Readonly<Controls>): void {
  AZS.forEach((az, index) => {
    const subnet = { id: `subnet-firewall-${az.slice(-1)}`, cidr: `10.0.${30 + index}.0/28`, az };
    topology.subnets.push({ id: subnet.id, vpcId: IDS.vpc, cidrBlock: subnet.cidr, availabilityZone: az });
    const natIndex = controls.nats === "per-az" ? index : 0;
    topology.routeTables.push({
      id: `rtb-firewall-${zone(subnet)}`,
      vpcId: IDS.vpc,
      main: false,
      subnetIds: [subnet.id],
      routes: [
        route(VPC_CIDR, { kind: "local" }, true),
        ...(controls.firewallOnwardRoute === "nat"
          ? [
              route(
                "0.0.0.0/0",
                { kind: "nat-gateway", id: natId(natIndex) },
                controls.natState === "available",
              ),
            ]
          : []),
      ],
    });
    topology.vpcEndpoints.push({
      id: firewallEndpointId(subnet),
      vpcId: IDS.vpc,
      // Network Firewall's endpoints belong to an endpoint service AWS runs for the firewall.
      serviceName: `com.amazonaws.vpce.${REGION}.vpce-svc-firewall`,
      type: "GatewayLoadBalancer",
      routeTableIds: [],
      state: "available",
      subnetIds: [subnet.id],
    });
  });
}
