// Random bends of the centralized-egress network (transit-fixtures.ts) for the property tests: the
// transit gateway's routes, propagation, attachment subnets and states, the egress VPC's routes and
// NAT gateways, the peering connection, an S3 gateway endpoint in either VPC, an interface endpoint
// (Secrets Manager) in the spoke with its private DNS, group and state, and IPv6 (dual-stack
// subnets, ::/0 to an egress-only internet gateway, an IPv6 destination). Each draw breaks a few
// parts at once, so fixes meet networks where more than one thing is wrong.

import fc from "fast-check";
import type {
  Destination,
  NatGatewayState,
  Route,
  SourceInterface,
  Topology,
} from "../../src/egress/types.ts";
import { attachment, buildTransitTopology, tgwTable, vpcTable } from "./transit-fixtures.ts";

const S3 = "com.amazonaws.us-east-1.s3";
const SECRETS = "secretsmanager.us-east-1.amazonaws.com";
const SPOKE_V6 = "2600:1f18:aaaa:bb00::/56";

export const networkDestinations: Destination[] = [
  { address: "93.184.215.14", protocol: "tcp", port: 443 },
  { address: "52.216.4.10", protocol: "tcp", port: 443 },
  { address: "10.20.1.5", protocol: "tcp", port: 5432 },
  { address: "10.30.0.5", protocol: "tcp", port: 443 },
  { address: "203.0.113.10", protocol: "tcp", port: 443, hostname: SECRETS },
  { address: "2001:db8:1::10", protocol: "tcp", port: 443 },
];

/** Mostly the first value, sometimes the second. */
function often<T>(usual: T, rare: T): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: fc.constant(usual), weight: 4 }, { arbitrary: fc.constant(rare), weight: 1 });
}

function route(cidr: string, target: Route["target"], state: Route["state"] = "active"): Route {
  return { destination: { cidr }, target, state };
}

export const networkScenario = fc
  .record({
    spokeDefault: fc.constantFrom("tgw", "tgw", "tgw", "pcx", "none"),
    tgwDefault: fc.constantFrom("static", "static", "blackhole", "none"),
    propagation: often(true, false),
    returnRoute: often(true, false),
    attachmentOneAz: often(false, true),
    spokeAttachment: fc.constantFrom("available", "available", "available", "pendingAcceptance", "gone"),
    egressAttachmentTarget: fc.constantFrom("nat", "nat", "nat", "igw", "none"),
    natStates: fc.tuple(
      often<NatGatewayState>("available", "failed"),
      often<NatGatewayState>("available", "pending"),
    ),
    egressIgwAttached: often(true, false),
    s3Endpoint: fc.constantFrom("none", "none", "egress-attachment", "egress-public", "spoke"),
    peering: fc.constantFrom("active", "active", "pending-acceptance"),
    peerReturn: often(true, false),
    endpoint: fc.option(
      fc.record({
        privateDns: often(true, false),
        sgOpen: often(true, false),
        state: often("available", "pending"),
        dnsHostnames: often(true, false),
        subnet: fc.constantFrom("subnet-app-a", "subnet-app-b"),
      }),
      { nil: undefined },
    ),
    ipv6: fc.option(
      fc.record({
        subnetBlocks: often(true, false),
        route: fc.constantFrom("eigw", "eigw", "igw", "tgw", "none"),
        eigwAttached: often(true, false),
      }),
      { nil: undefined },
    ),
    az: fc.constantFrom("a" as const, "b" as const),
    destination: fc.constantFrom(...networkDestinations),
  })
  .map((draw) => {
    const t = buildTransitTopology();
    const spokeTable = vpcTable(t, "rtb-spoke");
    const defaults: Record<string, Route[]> = {
      tgw: [route("0.0.0.0/0", { kind: "transit-gateway", id: "tgw-1" })],
      pcx: [route("0.0.0.0/0", { kind: "vpc-peering", id: "pcx-db" })],
      none: [],
    };
    spokeTable.routes = [...(defaults[draw.spokeDefault] ?? []), ...spokeTable.routes.slice(1)];

    const spokeTgw = tgwTable(t, "tgw-rtb-spoke");
    if (draw.tgwDefault === "none") spokeTgw.routes = [];
    if (draw.tgwDefault === "blackhole")
      spokeTgw.routes = [{ destination: "0.0.0.0/0", attachmentIds: [], type: "static", state: "blackhole" }];
    if (!draw.propagation) tgwTable(t, "tgw-rtb-egress").routes = [];
    if (!draw.returnRoute) vpcTable(t, "rtb-egress-public").routes.splice(1, 1);
    const spokeAttachment = attachment(t, "tgw-attach-spoke");
    if (draw.attachmentOneAz) spokeAttachment.subnetIds = ["subnet-tgw-spoke-a"];
    if (draw.spokeAttachment === "pendingAcceptance") spokeAttachment.state = "pendingAcceptance";
    if (draw.spokeAttachment === "gone")
      t.transitGatewayAttachments = (t.transitGatewayAttachments ?? []).filter(
        (a) => a.id !== spokeAttachment.id,
      );

    for (const az of ["a", "b"] as const) {
      const table = vpcTable(t, `rtb-egress-tgw-${az}`);
      table.routes =
        draw.egressAttachmentTarget === "nat"
          ? table.routes
          : draw.egressAttachmentTarget === "igw"
            ? [route("0.0.0.0/0", { kind: "internet-gateway", id: "igw-egress" })]
            : [];
    }
    t.natGateways.forEach((nat, index) => {
      nat.state = draw.natStates[index] ?? "available";
    });
    if (!draw.egressIgwAttached) for (const igw of t.internetGateways) igw.attachedVpcIds = [];

    t.prefixLists = [{ id: "pl-s3", name: S3, cidrs: ["52.216.0.0/15"] }];
    const s3Tables: Record<string, [string, string[]]> = {
      "egress-attachment": ["vpc-egress", ["rtb-egress-tgw-a", "rtb-egress-tgw-b"]],
      "egress-public": ["vpc-egress", ["rtb-egress-public"]],
      spoke: ["vpc-spoke", ["rtb-spoke"]],
    };
    const s3 = s3Tables[draw.s3Endpoint];
    if (s3 !== undefined) {
      const [vpcId, tableIds] = s3;
      t.vpcEndpoints.push({
        id: "vpce-s3",
        vpcId,
        serviceName: S3,
        type: "Gateway",
        routeTableIds: tableIds,
      });
      for (const id of tableIds)
        vpcTable(t, id).routes.push({
          destination: { prefixListId: "pl-s3" },
          target: { kind: "gateway-endpoint", id: "vpce-s3" },
          state: "active",
        });
    }

    const peering = t.vpcPeeringConnections?.[0];
    if (peering !== undefined) peering.state = draw.peering;
    if (!draw.peerReturn) vpcTable(t, "rtb-db").routes = [];

    const spoke = t.vpcs.find((vpc) => vpc.id === "vpc-spoke");
    if (spoke !== undefined) Object.assign(spoke, { dnsSupport: true, dnsHostnames: true });
    if (draw.endpoint !== undefined) addSecretsEndpoint(t, draw.endpoint);
    if (draw.ipv6 !== undefined) addIpv6(t, draw.ipv6);

    const source: SourceInterface = {
      mode: "vpc",
      subnetId: `subnet-app-${draw.az}`,
      securityGroupIds: ["sg-app"],
      hasPublicIp: false,
      privateIp: draw.az === "a" ? "10.1.0.25" : "10.1.1.25",
      ...(draw.ipv6?.subnetBlocks === true
        ? { ipv6Address: draw.az === "a" ? "2600:1f18:aaaa:bb00::25" : "2600:1f18:aaaa:bb01::25" }
        : {}),
    };
    return { topology: t, source, destination: draw.destination };
  });

function addSecretsEndpoint(
  t: Topology,
  draw: { privateDns: boolean; sgOpen: boolean; state: string; dnsHostnames: boolean; subnet: string },
): void {
  const spoke = t.vpcs.find((vpc) => vpc.id === "vpc-spoke");
  if (spoke !== undefined) spoke.dnsHostnames = draw.dnsHostnames;
  t.securityGroups.push({
    id: "sg-endpoint",
    vpcId: "vpc-spoke",
    egress: [],
    ingress: draw.sgOpen
      ? [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrs: [], groupIds: ["sg-app"] }]
      : [],
  });
  const address = draw.subnet === "subnet-app-a" ? "10.1.0.9" : "10.1.1.9";
  t.networkInterfaces = [
    {
      id: "eni-endpoint",
      vpcId: "vpc-spoke",
      subnetId: draw.subnet,
      privateIp: address,
      groupIds: ["sg-endpoint"],
    },
  ];
  t.vpcEndpoints.push({
    id: "vpce-sm",
    vpcId: "vpc-spoke",
    serviceName: "com.amazonaws.us-east-1.secretsmanager",
    type: "Interface",
    routeTableIds: [],
    state: draw.state,
    privateDnsEnabled: draw.privateDns,
    subnetIds: [draw.subnet],
    securityGroupIds: ["sg-endpoint"],
    networkInterfaceIds: ["eni-endpoint"],
    dnsNames: [
      "vpce-sm-abcdefgh.secretsmanager.us-east-1.vpce.amazonaws.com",
      ...(draw.privateDns ? [SECRETS] : []),
    ],
  });
}

function addIpv6(t: Topology, draw: { subnetBlocks: boolean; route: string; eigwAttached: boolean }): void {
  const spoke = t.vpcs.find((vpc) => vpc.id === "vpc-spoke");
  if (spoke !== undefined) spoke.ipv6CidrBlocks = [SPOKE_V6];
  if (draw.subnetBlocks) {
    for (const subnet of t.subnets) {
      if (subnet.id === "subnet-app-a") subnet.ipv6CidrBlocks = ["2600:1f18:aaaa:bb00::/64"];
      if (subnet.id === "subnet-app-b") subnet.ipv6CidrBlocks = ["2600:1f18:aaaa:bb01::/64"];
    }
  }
  t.egressOnlyInternetGateways = [
    { id: "eigw-spoke", attachedVpcIds: draw.eigwAttached ? ["vpc-spoke"] : [] },
  ];
  const targets: Record<string, Route["target"]> = {
    eigw: { kind: "egress-only-internet-gateway", id: "eigw-spoke" },
    igw: { kind: "internet-gateway", id: "igw-egress" },
    tgw: { kind: "transit-gateway", id: "tgw-1" },
  };
  const target = targets[draw.route];
  if (target !== undefined) vpcTable(t, "rtb-spoke").routes.push(route("::/0", target));
  for (const group of t.securityGroups)
    if (group.id === "sg-app") group.egress.push({ protocol: "-1", cidrs: ["::/0"] });
  for (const acl of t.networkAcls) {
    for (const egress of [true, false])
      acl.entries.push({ ruleNumber: 101, egress, protocol: "-1", action: "allow", cidr: "::/0" });
  }
}
