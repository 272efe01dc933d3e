// The pure model on dual-stack subnets, egress-only internet gateways and Gateway Load Balancer
// (firewall) endpoints, on hand-made topologies (the emulator-built scenarios are in
// tests/doctor/network-ipv6-firewall.test.ts).

import { describe, expect, test } from "vitest";
import { traceEgress } from "../../src/egress/index.ts";
import type { SourceInterface, Topology } from "../../src/egress/types.ts";
import { buildLabTopology, connectorEni, findTable, https, NAT_EIP, routePrivateToNat } from "./fixtures.ts";

const V6_DESTINATION = https("2001:db8:ffff::10");
const ENI_V6 = "2001:db8:1234:1a0a::25";

type VpcSource = Extract<SourceInterface, { mode: "vpc" }>;

function vpcSource(subnetId: string): VpcSource {
  const source = connectorEni(subnetId);
  if (source.mode !== "vpc") throw new Error("connectorEni builds a vpc source");
  return source;
}

function ec2Instance(): VpcSource {
  return { ...vpcSource("subnet-private-a"), label: "EC2 instance", ipv6Address: ENI_V6 };
}

/** The lab VPC with 2001:db8:1234:1a00::/56, subnet-private-a dual-stack, eigw-lab, ::/0 -> eigw-lab in rtb-main. */
function dualStack(withRoute = true): Topology {
  const topology = routePrivateToNat(buildLabTopology());
  const vpc = topology.vpcs[0];
  if (vpc) vpc.ipv6CidrBlocks = ["2001:db8:1234:1a00::/56"];
  const subnet = topology.subnets.find((candidate) => candidate.id === "subnet-private-a");
  if (subnet) subnet.ipv6CidrBlocks = ["2001:db8:1234:1a0a::/64"];
  topology.egressOnlyInternetGateways = [{ id: "eigw-lab", attachedVpcIds: ["vpc-lab"] }];
  for (const group of topology.securityGroups) group.egress.push({ protocol: "-1", cidrs: ["::/0"] });
  for (const acl of topology.networkAcls)
    acl.entries.push(
      { ruleNumber: 101, egress: true, protocol: "-1", action: "allow", cidr: "::/0" },
      { ruleNumber: 101, egress: false, protocol: "-1", action: "allow", cidr: "::/0" },
    );
  if (withRoute)
    findTable(topology, "rtb-main").routes.push({
      destination: { cidr: "::/0" },
      target: { kind: "egress-only-internet-gateway", id: "eigw-lab" },
      state: "active",
    });
  return topology;
}

/** subnet-firewall-a holds vpce-fw; rtb-main sends 0.0.0.0/0 to vpce-fw, whose subnet routes on to nat-a. */
function withFirewall(onward: boolean): Topology {
  const topology = buildLabTopology();
  topology.subnets.push({
    id: "subnet-firewall-a",
    vpcId: "vpc-lab",
    cidrBlock: "10.0.20.0/28",
    availabilityZone: "us-east-1a",
  });
  topology.vpcEndpoints.push({
    id: "vpce-fw",
    vpcId: "vpc-lab",
    serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
    type: "GatewayLoadBalancer",
    routeTableIds: [],
    subnetIds: ["subnet-firewall-a"],
  });
  findTable(topology, "rtb-main").routes.push({
    destination: { cidr: "0.0.0.0/0" },
    target: { kind: "gateway-endpoint", id: "vpce-fw" },
    state: "active",
  });
  topology.routeTables.push({
    id: "rtb-firewall",
    vpcId: "vpc-lab",
    main: false,
    subnetIds: ["subnet-firewall-a"],
    routes: onward
      ? [
          {
            destination: { cidr: "0.0.0.0/0" },
            target: { kind: "nat-gateway", id: "nat-a" },
            state: "active",
          },
        ]
      : [],
  });
  return topology;
}

describe("IPv6 egress", () => {
  test("::/0 to an egress-only internet gateway reaches an IPv6 destination from the interface's own address", () => {
    const result = traceEgress(dualStack(), ec2Instance(), V6_DESTINATION);
    expect(result.verdict).toBe("reachable");
    expect(result.sourceAddress).toBe(ENI_V6);
    expect(result.hops.map((hop) => hop.kind)).toEqual([
      "interface",
      "security-group",
      "network-acl",
      "route-table",
      "egress-only-internet-gateway",
      "internet",
    ]);
  });

  test("IPv4 still goes through the NAT gateway in the same dual-stack subnet", () => {
    const result = traceEgress(dualStack(), ec2Instance(), https());
    expect(result.verdict).toBe("reachable");
    expect(result.sourceAddress).toBe(NAT_EIP);
  });

  test("without ::/0 the fix names the VPC's egress-only internet gateway and the table", () => {
    const result = traceEgress(dualStack(false), ec2Instance(), V6_DESTINATION);
    expect(result.reason?.code).toBe("NO_ROUTE");
    expect(result.fix).toContain("::/0 -> eigw-lab");
    expect(result.fix).toContain("rtb-main");
  });

  test("a subnet without an IPv6 block cannot send IPv6", () => {
    const result = traceEgress(
      dualStack(),
      { ...ec2Instance(), subnetId: "subnet-private-b" },
      V6_DESTINATION,
    );
    expect(result.reason?.code).toBe("SUBNET_NO_IPV6");
    expect(result.fix).toContain("2001:db8:1234:1a00::/56");
    expect(result.fix).toContain("subnet-private-b");
  });

  test("an IPv4-only workload (App Runner) is refused an IPv6 destination whatever the subnet routes", () => {
    const result = traceEgress(
      dualStack(),
      { ...vpcSource("subnet-private-a"), ipv4Only: true },
      V6_DESTINATION,
    );
    expect(result.reason?.code).toBe("SOURCE_IPV4_ONLY");
    const managed = traceEgress(dualStack(), { mode: "apprunner-default" }, V6_DESTINATION);
    expect(managed.reason?.code).toBe("SOURCE_IPV4_ONLY");
  });

  test("security groups need an IPv6 rule: 0.0.0.0/0 does not cover IPv6", () => {
    const topology = dualStack();
    for (const group of topology.securityGroups) group.egress = [{ protocol: "-1", cidrs: ["0.0.0.0/0"] }];
    const result = traceEgress(topology, ec2Instance(), V6_DESTINATION);
    expect(result.reason?.code).toBe("SG_EGRESS_DENIED");
    expect(result.fix).toContain("::/0");
  });

  test("a network ACL without IPv6 rules denies IPv6", () => {
    const topology = dualStack();
    for (const acl of topology.networkAcls)
      acl.entries = acl.entries.filter((entry) => entry.cidr !== "::/0");
    expect(traceEgress(topology, ec2Instance(), V6_DESTINATION).reason?.code).toBe("NACL_DENIED");
  });

  test("an internet gateway carries IPv6 without a public IPv4 address", () => {
    const topology = dualStack(false);
    findTable(topology, "rtb-main").routes.push({
      destination: { cidr: "::/0" },
      target: { kind: "internet-gateway", id: "igw-lab" },
      state: "active",
    });
    const result = traceEgress(topology, ec2Instance(), V6_DESTINATION);
    expect(result.verdict).toBe("reachable");
    expect(result.sourceAddress).toBe(ENI_V6);
  });

  test("an IPv6 route to a NAT gateway is not followed", () => {
    const topology = dualStack(false);
    findTable(topology, "rtb-main").routes.push({
      destination: { cidr: "::/0" },
      target: { kind: "nat-gateway", id: "nat-a" },
      state: "active",
    });
    expect(traceEgress(topology, ec2Instance(), V6_DESTINATION).reason?.code).toBe("UNSUPPORTED_TARGET");
  });
});

describe("Gateway Load Balancer (firewall) endpoints", () => {
  test("the route through the endpoint continues in its subnet's table, with a warning", () => {
    const result = traceEgress(withFirewall(true), connectorEni("subnet-private-a"), https());
    expect(result.verdict).toBe("reachable");
    expect(result.sourceAddress).toBe(NAT_EIP);
    expect(result.hops.map((hop) => `${hop.kind}:${hop.id ?? ""}`)).toEqual([
      "interface:eni-connector",
      "security-group:sg-app",
      "network-acl:acl-default",
      "route-table:rtb-main",
      "appliance-endpoint:vpce-fw",
      "route-table:rtb-firewall",
      "nat-gateway:nat-a",
      "network-acl:acl-default",
      "route-table:rtb-public",
      "internet-gateway:igw-lab",
      "internet:",
    ]);
    expect(result.warnings?.map((warning) => warning.code)).toEqual(["APPLIANCE_NOT_EVALUATED"]);
  });

  test("a firewall subnet without a route onward: NO_ROUTE naming its table and a NAT gateway", () => {
    const result = traceEgress(withFirewall(false), connectorEni("subnet-private-a"), https());
    expect(result.reason?.code).toBe("NO_ROUTE");
    expect(result.reason?.message).toContain("vpce-fw");
    expect(result.fix).toContain("nat-a");
    expect(result.fix).toContain("rtb-firewall");
  });

  test("a firewall subnet routing back to its own endpoint is a loop", () => {
    const topology = withFirewall(false);
    findTable(topology, "rtb-firewall").routes.push({
      destination: { cidr: "0.0.0.0/0" },
      target: { kind: "gateway-endpoint", id: "vpce-fw" },
      state: "active",
    });
    expect(traceEgress(topology, connectorEni("subnet-private-a"), https()).reason?.code).toBe(
      "ROUTING_LOOP",
    );
  });
});
