import { describe, expect, test } from "vitest";
import { traceEgress } from "../../src/egress/index.ts";
import type { Destination, ReasonCode, SourceInterface, Topology } from "../../src/egress/types.ts";
import {
  buildLabTopology,
  connectorEni,
  findTable,
  https,
  NAT_EIP,
  routePrivateToNat,
  S3_PREFIX,
} from "./fixtures.ts";

interface Scenario {
  name: string;
  topology: () => Topology;
  source?: SourceInterface;
  destination?: Destination;
  verdict: "reachable" | "unreachable";
  code?: ReasonCode;
  sourceAddress?: string | null;
  /** "kind" or "kind:id" for each hop, in order. */
  hops: string[];
  /** Substrings the fix must contain. */
  fixMentions?: string[];
  /** Substrings the reason message must contain. */
  messageMentions?: string[];
}

const START = ["interface:eni-connector", "security-group:sg-app", "network-acl:acl-default"];
const VIA_NAT_A = [
  ...START,
  "route-table:rtb-main",
  "nat-gateway:nat-a",
  "network-acl:acl-default",
  "route-table:rtb-public",
];
const EC2_PUBLIC: SourceInterface = {
  mode: "vpc",
  subnetId: "subnet-public-a",
  securityGroupIds: ["sg-app"],
  hasPublicIp: true,
  privateIp: "10.0.0.30",
  publicIp: "198.51.100.44",
  label: "EC2 instance i-lab",
  interfaceId: "eni-instance",
};

function withNat(topology: Topology, patch: Partial<Topology["natGateways"][number]>): Topology {
  const nat = topology.natGateways[0];
  if (nat !== undefined) Object.assign(nat, patch);
  return topology;
}

const scenarios: Scenario[] = [
  {
    name: "a private subnet without a default route has no way out",
    topology: buildLabTopology,
    verdict: "unreachable",
    code: "NO_ROUTE",
    sourceAddress: null,
    hops: [...START, "route-table:rtb-main"],
    fixMentions: ["0.0.0.0/0 -> nat-a", "rtb-main", "subnet-private-a"],
  },
  {
    name: "a private subnet routed to an available NAT in a public subnet reaches the internet from the NAT's EIP",
    topology: () => routePrivateToNat(buildLabTopology()),
    verdict: "reachable",
    sourceAddress: NAT_EIP,
    hops: [...VIA_NAT_A, "internet-gateway:igw-lab", "internet"],
  },
  {
    name: "a connector ENI in a public subnet cannot use the internet gateway without a public IP",
    topology: buildLabTopology,
    source: connectorEni("subnet-public-a", "10.0.0.25"),
    verdict: "unreachable",
    code: "NO_PUBLIC_IP",
    hops: [...START, "route-table:rtb-public", "internet-gateway:igw-lab"],
    fixMentions: ["NAT gateway", "rtb-public", "nat-a", "subnet-public-a"],
  },
  {
    name: "an EC2 instance with a public IP in a public subnet reaches the internet from its own address",
    topology: buildLabTopology,
    source: EC2_PUBLIC,
    verdict: "reachable",
    sourceAddress: "198.51.100.44",
    hops: [
      "interface:eni-instance",
      "security-group:sg-app",
      "network-acl:acl-default",
      "route-table:rtb-public",
      "internet-gateway:igw-lab",
      "internet",
    ],
  },
  {
    name: "a NAT placed in a private subnet without a default route cannot reach the internet",
    topology: () => {
      const topology = routePrivateToNat(buildLabTopology(), "nat-private-placed");
      topology.natGateways.push({
        id: "nat-private-placed",
        vpcId: "vpc-lab",
        subnetId: "subnet-private-b",
        state: "available",
        connectivityType: "public",
        publicIp: "203.0.113.77",
      });
      topology.routeTables.push({
        id: "rtb-isolated",
        vpcId: "vpc-lab",
        main: false,
        subnetIds: ["subnet-private-b"],
        routes: [],
      });
      return topology;
    },
    verdict: "unreachable",
    code: "NAT_SUBNET_NOT_PUBLIC",
    hops: [
      ...START,
      "route-table:rtb-main",
      "nat-gateway:nat-private-placed",
      "network-acl:acl-default",
      "route-table:rtb-isolated",
    ],
    fixMentions: ["0.0.0.0/0 -> igw-lab", "rtb-isolated"],
  },
  {
    name: "a NAT whose subnet routes 0.0.0.0/0 back to the NAT itself is reported, and the trace ends",
    topology: () => {
      const topology = routePrivateToNat(buildLabTopology(), "nat-private-placed");
      topology.natGateways.push({
        id: "nat-private-placed",
        vpcId: "vpc-lab",
        subnetId: "subnet-private-b",
        state: "available",
        connectivityType: "public",
        publicIp: "203.0.113.77",
      });
      return topology;
    },
    verdict: "unreachable",
    code: "NAT_SUBNET_NOT_PUBLIC",
    hops: [
      ...START,
      "route-table:rtb-main",
      "nat-gateway:nat-private-placed",
      "network-acl:acl-default",
      "route-table:rtb-main",
    ],
    messageMentions: ["back to nat-private-placed itself"],
  },
  {
    name: "a pending NAT gateway does not forward yet",
    topology: () => withNat(routePrivateToNat(buildLabTopology()), { state: "pending" }),
    verdict: "unreachable",
    code: "NAT_NOT_AVAILABLE",
    hops: [...START, "route-table:rtb-main", "nat-gateway:nat-a"],
    fixMentions: ["Wait until nat-a is available"],
  },
  {
    name: "a failed NAT gateway does not forward",
    topology: () => withNat(routePrivateToNat(buildLabTopology()), { state: "failed" }),
    verdict: "unreachable",
    code: "NAT_NOT_AVAILABLE",
    hops: [...START, "route-table:rtb-main", "nat-gateway:nat-a"],
    fixMentions: ["Create a NAT gateway in a public subnet", "rtb-main"],
  },
  {
    name: "a deleted NAT gateway leaves a blackhole route",
    topology: () => {
      const topology = withNat(routePrivateToNat(buildLabTopology()), { state: "deleted" });
      const route = findTable(topology, "rtb-main").routes.at(-1);
      if (route !== undefined) route.state = "blackhole";
      return topology;
    },
    verdict: "unreachable",
    code: "BLACKHOLE_ROUTE",
    hops: [...START, "route-table:rtb-main"],
    fixMentions: ["rtb-main"],
  },
  {
    name: "a deleted NAT gateway whose route is still marked active is reported as not available",
    topology: () => withNat(routePrivateToNat(buildLabTopology()), { state: "deleted" }),
    verdict: "unreachable",
    code: "NAT_NOT_AVAILABLE",
    hops: [...START, "route-table:rtb-main", "nat-gateway:nat-a"],
  },
  {
    name: "a detached internet gateway stops the NAT's traffic",
    topology: () => {
      const topology = routePrivateToNat(buildLabTopology());
      const igw = topology.internetGateways[0];
      if (igw !== undefined) igw.attachedVpcIds = [];
      return topology;
    },
    verdict: "unreachable",
    code: "IGW_NOT_ATTACHED",
    hops: [...VIA_NAT_A, "internet-gateway:igw-lab"],
    fixMentions: ["Attach igw-lab to vpc-lab"],
  },
  {
    name: "a failed NAT gateway whose route AWS marked blackhole is reported as not available",
    topology: () => {
      const topology = withNat(routePrivateToNat(buildLabTopology()), { state: "failed" });
      const route = findTable(topology, "rtb-main").routes.at(-1);
      if (route !== undefined) route.state = "blackhole";
      return topology;
    },
    verdict: "unreachable",
    code: "NAT_NOT_AVAILABLE",
    hops: [...START, "route-table:rtb-main", "nat-gateway:nat-a"],
  },
  {
    name: "a detached internet gateway whose routes AWS marked blackhole is reported as not attached",
    topology: () => {
      const topology = routePrivateToNat(buildLabTopology());
      const igw = topology.internetGateways[0];
      if (igw !== undefined) igw.attachedVpcIds = [];
      for (const route of findTable(topology, "rtb-public").routes) {
        if (route.target.kind === "internet-gateway") route.state = "blackhole";
      }
      return topology;
    },
    verdict: "unreachable",
    code: "IGW_NOT_ATTACHED",
    hops: [...VIA_NAT_A, "internet-gateway:igw-lab"],
    fixMentions: ["Attach igw-lab to vpc-lab"],
  },
  {
    name: "a security group without outbound 443 stops the connection at the interface",
    topology: () => {
      const topology = routePrivateToNat(buildLabTopology());
      const group = topology.securityGroups[0];
      if (group !== undefined)
        group.egress = [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrs: ["0.0.0.0/0"] }];
      return topology;
    },
    verdict: "unreachable",
    code: "SG_EGRESS_DENIED",
    hops: ["interface:eni-connector", "security-group:sg-app"],
    fixMentions: ["sg-app", "tcp 443", "0.0.0.0/0"],
  },
  {
    name: "a network ACL rule denying outbound 443 before the allow rule stops the connection",
    topology: () => {
      const topology = routePrivateToNat(buildLabTopology());
      topology.networkAcls.push({
        id: "acl-private",
        vpcId: "vpc-lab",
        isDefault: false,
        subnetIds: ["subnet-private-a"],
        entries: [
          {
            ruleNumber: 90,
            egress: true,
            protocol: "tcp",
            action: "deny",
            cidr: "0.0.0.0/0",
            portRange: { from: 443, to: 443 },
          },
          { ruleNumber: 100, egress: true, protocol: "-1", action: "allow", cidr: "0.0.0.0/0" },
          { ruleNumber: 100, egress: false, protocol: "-1", action: "allow", cidr: "0.0.0.0/0" },
        ],
      });
      return topology;
    },
    verdict: "unreachable",
    code: "NACL_DENIED",
    hops: ["interface:eni-connector", "security-group:sg-app", "network-acl:acl-private"],
    messageMentions: ["rule 90"],
    fixMentions: ["acl-private", "below 90"],
  },
  {
    name: "a network ACL that lets out 443 but not the replies on ephemeral ports stops the connection",
    topology: () => {
      const topology = routePrivateToNat(buildLabTopology());
      topology.networkAcls.push({
        id: "acl-private",
        vpcId: "vpc-lab",
        isDefault: false,
        subnetIds: ["subnet-private-a"],
        entries: [
          {
            ruleNumber: 100,
            egress: true,
            protocol: "tcp",
            action: "allow",
            cidr: "0.0.0.0/0",
            portRange: { from: 443, to: 443 },
          },
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
      return topology;
    },
    verdict: "unreachable",
    code: "NACL_DENIED",
    hops: ["interface:eni-connector", "security-group:sg-app", "network-acl:acl-private"],
    messageMentions: ["inbound", "1024-65535"],
    fixMentions: ["inbound rule to acl-private", "1024-65535"],
  },
  {
    name: "a deny rule covering part of the ephemeral range is named in the message",
    topology: () => {
      const topology = routePrivateToNat(buildLabTopology());
      const acl = topology.networkAcls[0];
      acl?.entries.push({
        ruleNumber: 50,
        egress: false,
        protocol: "tcp",
        action: "deny",
        cidr: "0.0.0.0/0",
        portRange: { from: 32768, to: 40000 },
      });
      return topology;
    },
    verdict: "unreachable",
    code: "NACL_DENIED",
    hops: ["interface:eni-connector", "security-group:sg-app", "network-acl:acl-default"],
    messageMentions: ["rule 50"],
  },
  {
    name: "the NAT subnet's network ACL applies too",
    topology: () => {
      const topology = routePrivateToNat(buildLabTopology());
      topology.networkAcls.push({
        id: "acl-public",
        vpcId: "vpc-lab",
        isDefault: false,
        subnetIds: ["subnet-public-a", "subnet-public-b"],
        entries: [
          { ruleNumber: 100, egress: false, protocol: "-1", action: "allow", cidr: "0.0.0.0/0" },
          {
            ruleNumber: 100,
            egress: true,
            protocol: "tcp",
            action: "allow",
            cidr: "10.0.0.0/16",
            portRange: { from: 1024, to: 65535 },
          },
        ],
      });
      return topology;
    },
    verdict: "unreachable",
    code: "NACL_DENIED",
    hops: [...START, "route-table:rtb-main", "nat-gateway:nat-a", "network-acl:acl-public"],
    fixMentions: ["outbound rule to acl-public", "tcp 443 to 0.0.0.0/0"],
  },
  {
    name: "a more specific route overrides 0.0.0.0/0 for the destinations it covers",
    topology: () => {
      const topology = routePrivateToNat(buildLabTopology());
      findTable(topology, "rtb-main").routes.push({
        destination: { cidr: "198.51.100.0/24" },
        target: { kind: "other", id: "pcx-partner", type: "vpc-peering-connection" },
        state: "active",
      });
      return topology;
    },
    destination: https("198.51.100.7"),
    verdict: "unreachable",
    code: "UNSUPPORTED_TARGET",
    hops: [...START, "route-table:rtb-main"],
  },
  {
    name: "destinations outside the more specific route still take 0.0.0.0/0",
    topology: () => {
      const topology = routePrivateToNat(buildLabTopology());
      findTable(topology, "rtb-main").routes.push({
        destination: { cidr: "198.51.100.0/24" },
        target: { kind: "other", id: "pcx-partner", type: "vpc-peering-connection" },
        state: "active",
      });
      return topology;
    },
    destination: https("198.51.101.7"),
    verdict: "reachable",
    sourceAddress: NAT_EIP,
    hops: [...VIA_NAT_A, "internet-gateway:igw-lab", "internet"],
  },
  {
    name: "a destination inside the VPC is reached through the local route without NAT",
    topology: buildLabTopology,
    destination: { address: "10.0.11.40", protocol: "tcp", port: 5432 },
    verdict: "reachable",
    sourceAddress: "10.0.10.25",
    hops: [...START, "route-table:rtb-main", "local", "vpc-destination"],
  },
  {
    name: "the VPC's local route applies even when the loader left it out of the table",
    topology: () => {
      const topology = buildLabTopology();
      findTable(topology, "rtb-main").routes = [];
      return topology;
    },
    destination: { address: "10.0.11.40", protocol: "tcp", port: 5432 },
    verdict: "reachable",
    sourceAddress: "10.0.10.25",
    hops: [...START, "route-table:rtb-main", "local", "vpc-destination"],
  },
  {
    name: "an S3 gateway endpoint reaches S3's prefix without NAT",
    topology: withS3Endpoint,
    destination: https("52.217.10.20"),
    verdict: "reachable",
    sourceAddress: "10.0.10.25",
    hops: [...START, "route-table:rtb-main", "gateway-endpoint:vpce-s3"],
  },
  {
    name: "an S3 gateway endpoint does not open the rest of the internet",
    topology: withS3Endpoint,
    verdict: "unreachable",
    code: "NO_ROUTE",
    hops: [...START, "route-table:rtb-main"],
  },
  {
    name: "a private NAT gateway never reaches the internet",
    topology: () => {
      const topology = routePrivateToNat(buildLabTopology(), "nat-private");
      topology.natGateways = [
        {
          id: "nat-private",
          vpcId: "vpc-lab",
          subnetId: "subnet-private-b",
          state: "available",
          connectivityType: "private",
        },
      ];
      return topology;
    },
    verdict: "unreachable",
    code: "NAT_PRIVATE_CONNECTIVITY",
    hops: [...START, "route-table:rtb-main", "nat-gateway:nat-private"],
    fixMentions: ["public", "rtb-main"],
  },
  {
    name: "App Runner DEFAULT egress reaches the internet from an address that is not fixed",
    topology: buildLabTopology,
    source: { mode: "apprunner-default" },
    verdict: "reachable",
    sourceAddress: null,
    hops: ["aws-managed", "internet"],
  },
  {
    name: "App Runner DEFAULT egress cannot reach private addresses in the VPC",
    topology: buildLabTopology,
    source: { mode: "apprunner-default" },
    destination: { address: "10.0.10.8", protocol: "tcp", port: 5432 },
    verdict: "unreachable",
    code: "DEFAULT_EGRESS_NO_VPC_ACCESS",
    hops: ["aws-managed"],
    fixMentions: ["EgressType VPC", "VPC connector"],
  },
  {
    name: "a routing loop between two private NAT gateways is detected and the trace ends",
    topology: withNatLoop,
    destination: { address: "10.50.3.4", protocol: "tcp", port: 443 },
    verdict: "unreachable",
    code: "ROUTING_LOOP",
    hops: [
      ...START,
      "route-table:rtb-main",
      "nat-gateway:nat-one",
      "network-acl:acl-default",
      "route-table:rtb-public",
      "nat-gateway:nat-two",
      "network-acl:acl-default",
      "route-table:rtb-public-b",
    ],
  },
  {
    name: "an unknown subnet makes the topology incomplete",
    topology: buildLabTopology,
    source: connectorEni("subnet-missing"),
    verdict: "unreachable",
    code: "TOPOLOGY_INCOMPLETE",
    hops: ["interface:eni-connector"],
    messageMentions: ["subnet-missing"],
  },
  {
    name: "a route to a NAT gateway missing from the topology makes it incomplete",
    topology: () => routePrivateToNat(buildLabTopology(), "nat-gone"),
    verdict: "unreachable",
    code: "TOPOLOGY_INCOMPLETE",
    hops: [...START, "route-table:rtb-main"],
    messageMentions: ["nat-gone"],
  },
  {
    name: "a subnet without any network ACL in the topology makes it incomplete",
    topology: () => {
      const topology = routePrivateToNat(buildLabTopology());
      topology.networkAcls = [];
      return topology;
    },
    verdict: "unreachable",
    code: "TOPOLOGY_INCOMPLETE",
    hops: ["interface:eni-connector", "security-group:sg-app", "network-acl"],
  },
  {
    name: "an interface without security groups gets the VPC's default group",
    topology: () => routePrivateToNat(buildLabTopology()),
    source: connectorEni("subnet-private-a", "10.0.10.25", []),
    verdict: "reachable",
    sourceAddress: NAT_EIP,
    hops: [
      "interface:eni-connector",
      "security-group:sg-default",
      "network-acl:acl-default",
      "route-table:rtb-main",
      "nat-gateway:nat-a",
      "network-acl:acl-default",
      "route-table:rtb-public",
      "internet-gateway:igw-lab",
      "internet",
    ],
  },
];

function withS3Endpoint(): Topology {
  const topology = buildLabTopology();
  topology.vpcEndpoints.push({
    id: "vpce-s3",
    vpcId: "vpc-lab",
    serviceName: "com.amazonaws.us-east-1.s3",
    type: "Gateway",
    routeTableIds: ["rtb-main"],
  });
  findTable(topology, "rtb-main").routes.push({
    destination: { prefixListId: "pl-s3" },
    target: { kind: "gateway-endpoint", id: "vpce-s3" },
    state: "active",
  });
  return topology;
}

function withNatLoop(): Topology {
  const topology = buildLabTopology();
  const privateNat = (id: string, subnetId: string) =>
    ({ id, vpcId: "vpc-lab", subnetId, state: "available", connectivityType: "private" }) as const;
  topology.natGateways = [privateNat("nat-one", "subnet-public-a"), privateNat("nat-two", "subnet-public-b")];
  const toNat = (id: string) =>
    ({
      destination: { cidr: "10.50.0.0/16" },
      target: { kind: "nat-gateway", id },
      state: "active",
    }) as const;
  findTable(topology, "rtb-main").routes.push(toNat("nat-one"));
  const publicTable = findTable(topology, "rtb-public");
  publicTable.subnetIds = ["subnet-public-a"];
  publicTable.routes.push(toNat("nat-two"));
  topology.routeTables.push({
    id: "rtb-public-b",
    vpcId: "vpc-lab",
    main: false,
    subnetIds: ["subnet-public-b"],
    routes: [toNat("nat-one")],
  });
  return topology;
}

function hopLabels(hops: { kind: string; id?: string }[]): string[] {
  return hops.map((hop) => (hop.id === undefined ? hop.kind : `${hop.kind}:${hop.id}`));
}

describe("traceEgress scenarios", () => {
  test.each(scenarios)("$name", (scenario) => {
    const result = traceEgress(
      scenario.topology(),
      scenario.source ?? connectorEni("subnet-private-a"),
      scenario.destination ?? https(),
    );
    expect(result.verdict).toBe(scenario.verdict);
    expect(result.reason?.code ?? null).toBe(scenario.code ?? null);
    if (scenario.sourceAddress !== undefined) expect(result.sourceAddress).toBe(scenario.sourceAddress);
    if (scenario.verdict === "unreachable") {
      expect(result.sourceAddress).toBeNull();
      expect(result.fix).toEqual(expect.any(String));
    } else {
      expect(result.fix).toBeNull();
    }
    expect(hopLabels(result.hops)).toEqual(scenario.hops);
    for (const text of scenario.fixMentions ?? []) expect(result.fix).toContain(text);
    for (const text of scenario.messageMentions ?? []) expect(result.reason?.message).toContain(text);
  });
});

describe("traceEgress across subnets", () => {
  test("two subnets in two AZs give different answers: one follows the main table, one its own", () => {
    const topology = routePrivateToNat(buildLabTopology());
    topology.routeTables.push({
      id: "rtb-isolated",
      vpcId: "vpc-lab",
      main: false,
      subnetIds: ["subnet-private-b"],
      routes: [{ destination: { cidr: "10.0.0.0/16" }, target: { kind: "local" }, state: "active" }],
    });
    const inA = traceEgress(topology, connectorEni("subnet-private-a"), https());
    const inB = traceEgress(topology, connectorEni("subnet-private-b", "10.0.11.25"), https());
    expect([inA.verdict, inA.sourceAddress]).toEqual(["reachable", NAT_EIP]);
    expect(inA.hops[3]?.id).toBe("rtb-main");
    expect([inB.verdict, inB.reason?.code, inB.hops[3]?.id]).toEqual([
      "unreachable",
      "NO_ROUTE",
      "rtb-isolated",
    ]);
    expect(inB.fix).toContain("0.0.0.0/0 -> nat-a");
    expect(inB.fix).toContain("rtb-isolated");
  });

  test("a route table matched route is recorded on its hop", () => {
    const result = traceEgress(
      routePrivateToNat(buildLabTopology()),
      connectorEni("subnet-private-a"),
      https(),
    );
    expect(result.hops[3]?.route?.target).toEqual({ kind: "nat-gateway", id: "nat-a" });
  });

  test("a NAT chain between two public NATs for an internet address ends as not public", () => {
    const topology = withNatLoop();
    for (const nat of topology.natGateways) Object.assign(nat, { connectivityType: "public" });
    for (const table of topology.routeTables) {
      table.routes = table.routes.filter(
        (route) => !("cidr" in route.destination) || route.destination.cidr !== "0.0.0.0/0",
      );
      for (const route of table.routes) {
        if ("cidr" in route.destination && route.destination.cidr === "10.50.0.0/16")
          route.destination = { cidr: "0.0.0.0/0" };
      }
    }
    const result = traceEgress(topology, connectorEni("subnet-private-a"), https());
    expect(result.reason?.code).toBe("NAT_SUBNET_NOT_PUBLIC");
  });

  test("no NAT anywhere in the VPC: the fix says to create one in a named public subnet", () => {
    const topology = buildLabTopology();
    topology.natGateways = [];
    const result = traceEgress(topology, connectorEni("subnet-private-a"), https());
    expect(result.fix).toContain("Create a NAT gateway in a public subnet");
    expect(result.fix).toContain("subnet-public-a");
    expect(result.fix).toContain("rtb-main");
  });

  test("a workload in a public subnet without any NAT is told to use another subnet for the NAT and its own route table", () => {
    const topology = buildLabTopology();
    topology.natGateways = [];
    const result = traceEgress(topology, connectorEni("subnet-public-a", "10.0.0.25"), https());
    expect(result.reason?.code).toBe("NO_PUBLIC_IP");
    // Routing the shared public table to a NAT would cut the NAT's own subnet off the internet.
    expect(result.fix).toContain("such as subnet-public-b");
    expect(result.fix).toContain("associate subnet-public-a with its own route table");
    expect(result.fix).toContain("rtb-public keeps its internet gateway route for subnet-public-b");
  });

  test("a destination given as an S3 prefix block is reached through the endpoint", () => {
    const result = traceEgress(withS3Endpoint(), connectorEni("subnet-private-a"), https(S3_PREFIX));
    expect(result.verdict).toBe("reachable");
  });

  test("a destination that is not IPv4 is answered, not thrown", () => {
    const result = traceEgress(buildLabTopology(), connectorEni("subnet-private-a"), https("example.com"));
    expect(result.reason?.code).toBe("NO_ROUTE");
  });
});
