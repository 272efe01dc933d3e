// The doctor's fixes applied with the model (issue 12, "a defect in today's advice"): each change is
// applied and the topology traced again; the subnet must get through (or further) and no other
// subnet may lose its way out. The random counterpart is in trace-egress.property.test.ts.

import { describe, expect, test } from "vitest";
import { applyChange, ChangeNotApplicable, traceEgress } from "../../src/egress/index.ts";
import type { SourceInterface, Topology, TraceResult } from "../../src/egress/types.ts";
import { buildLabTopology, connectorEni, findTable, https, NAT_EIP, routePrivateToNat } from "./fixtures.ts";

/** Every subnet, traced from a connector ENI and from an instance with a public IP. */
function reachableSources(topology: Topology): string[] {
  const reached: string[] = [];
  for (const subnet of topology.subnets) {
    for (const hasPublicIp of [false, true]) {
      const source: SourceInterface = {
        mode: "vpc",
        subnetId: subnet.id,
        securityGroupIds: ["sg-app"],
        privateIp: "10.0.99.9",
        hasPublicIp,
        publicIp: "198.51.100.44",
      };
      if (traceEgress(topology, source, https()).verdict === "reachable")
        reached.push(`${subnet.id}${hasPublicIp ? " (public IP)" : ""}`);
    }
  }
  return reached;
}

/** Applies the fix's change and checks the rule; returns the trace after the change. */
function applyAndRetrace(topology: Topology, source: SourceInterface, result: TraceResult): TraceResult {
  if (result.change === undefined) throw new Error(`no change for: ${result.fix}`);
  const fixed = applyChange(topology, result.change);
  const after = traceEgress(fixed, source, https());
  const lost = reachableSources(topology).filter((name) => !reachableSources(fixed).includes(name));
  expect(lost, `the fix "${result.fix}" cut off other subnets`).toEqual([]);
  return after;
}

const publicA = connectorEni("subnet-public-a", "10.0.0.25");
const publicB = connectorEni("subnet-public-b", "10.0.1.25");
const privateA = connectorEni("subnet-private-a");

describe("the circular fix (issue 12)", () => {
  test("connector in the public subnet that holds the NAT: no route change, the fix says what to build", () => {
    const topology = buildLabTopology();
    const result = traceEgress(topology, publicA, https());
    expect(result.reason?.code).toBe("NO_PUBLIC_IP");
    // The old advice (its own route table 0.0.0.0/0 -> nat-a) cut nat-a off the internet: applied,
    // subnet-public-a ended NAT_SUBNET_NOT_PUBLIC and so did every subnet using nat-a.
    const oldAdvice = applyChange(topology, {
      edits: [
        {
          kind: "create-route-table",
          routeTableId: "new:route-table:subnet-public-a",
          vpcId: "vpc-lab",
          subnetId: "subnet-public-a",
          routes: [{ destination: { cidr: "0.0.0.0/0" }, target: { kind: "nat-gateway", id: "nat-a" } }],
        },
      ],
    });
    expect(traceEgress(oldAdvice, publicA, https()).reason?.code).toBe("NAT_SUBNET_NOT_PUBLIC");
    expect(result.change).toBeUndefined();
    expect(result.fix).toContain("subnet-public-a holds nat-a");
    expect(result.fix).toContain(
      "private subnet in vpc-lab (us-east-1a) with its own route table that sends 0.0.0.0/0 -> nat-a",
    );
  });

  test("connector in the NAT's public subnet, and a private subnet already routed to the NAT: use that subnet", () => {
    const result = traceEgress(routePrivateToNat(buildLabTopology()), publicA, https());
    expect(result.change).toBeUndefined();
    expect(result.fix).toContain(
      "Use subnet-private-a (us-east-1a), whose route table sends 0.0.0.0/0 -> nat-a",
    );
  });

  test("connector in the other public subnet that shares the NAT's table: a route table of its own", () => {
    const topology = buildLabTopology();
    const result = traceEgress(topology, publicB, https());
    expect(result.reason?.code).toBe("NO_PUBLIC_IP");
    expect(result.change?.edits).toEqual([
      {
        kind: "create-route-table",
        routeTableId: "new:route-table:subnet-public-b",
        vpcId: "vpc-lab",
        subnetId: "subnet-public-b",
        routes: [{ destination: { cidr: "0.0.0.0/0" }, target: { kind: "nat-gateway", id: "nat-a" } }],
      },
    ]);
    expect(result.fix).toContain("rtb-public keeps its internet gateway route for subnet-public-a");
    const after = applyAndRetrace(topology, publicB, result);
    expect([after.verdict, after.sourceAddress]).toEqual(["reachable", NAT_EIP]);
  });

  test("a NAT placed in the private subnets' own main table: only the NAT's subnet becomes public", () => {
    const topology = routePrivateToNat(buildLabTopology(), "nat-misplaced");
    topology.natGateways.push({
      id: "nat-misplaced",
      vpcId: "vpc-lab",
      subnetId: "subnet-private-b",
      state: "available",
      connectivityType: "public",
      publicIp: "203.0.113.77",
    });
    const result = traceEgress(topology, privateA, https());
    expect(result.reason?.code).toBe("NAT_SUBNET_NOT_PUBLIC");
    // Adding 0.0.0.0/0 -> igw-lab to rtb-main (the old advice) would take subnet-private-a's NAT route.
    expect(result.change?.edits).toEqual([
      {
        kind: "create-route-table",
        routeTableId: "new:route-table:subnet-private-b",
        vpcId: "vpc-lab",
        subnetId: "subnet-private-b",
        routes: [{ destination: { cidr: "0.0.0.0/0" }, target: { kind: "internet-gateway", id: "igw-lab" } }],
      },
    ]);
    expect(result.fix).toContain("rtb-main stays as it is for subnet-private-a");
    expect(applyAndRetrace(topology, privateA, result).sourceAddress).toBe("203.0.113.77");
  });

  test("the connector in the subnet of a NAT that routes back to itself: build, do not make it public", () => {
    const topology = routePrivateToNat(buildLabTopology(), "nat-misplaced");
    topology.natGateways.push({
      id: "nat-misplaced",
      vpcId: "vpc-lab",
      subnetId: "subnet-private-b",
      state: "available",
      connectivityType: "public",
    });
    const result = traceEgress(topology, connectorEni("subnet-private-b", "10.0.11.25"), https());
    expect(result.reason?.code).toBe("NAT_SUBNET_NOT_PUBLIC");
    expect(result.change).toBeUndefined();
    expect(result.fix).toContain("subnet-private-b holds nat-misplaced");
  });
});

describe("every kind of change, applied", () => {
  test("no default route: CreateRoute to the working NAT in the main table", () => {
    const topology = buildLabTopology();
    const result = traceEgress(topology, privateA, https());
    expect(result.change?.edits).toEqual([
      {
        kind: "create-route",
        routeTableId: "rtb-main",
        route: { destination: { cidr: "0.0.0.0/0" }, target: { kind: "nat-gateway", id: "nat-a" } },
      },
    ]);
    expect(applyAndRetrace(topology, privateA, result).sourceAddress).toBe(NAT_EIP);
  });

  test("a failed NAT and no other: a new NAT in a public subnet, and the route replaced", () => {
    const topology = routePrivateToNat(buildLabTopology());
    Object.assign(topology.natGateways[0] ?? {}, { state: "failed" });
    const result = traceEgress(topology, privateA, https());
    expect(result.reason?.code).toBe("NAT_NOT_AVAILABLE");
    expect(result.change?.edits.map((edit) => edit.kind)).toEqual(["create-nat-gateway", "replace-route"]);
    expect(result.change?.edits[0]).toMatchObject({ subnetId: "subnet-public-a" });
    expect(applyAndRetrace(topology, privateA, result).verdict).toBe("reachable");
  });

  // Found by the property test (1 run in ~20,000): a new NAT in a public subnet whose network ACL
  // stopped its traffic, so the subnet's instances with public IPs lost their way out.
  test("a new NAT goes to a public subnet whose network ACL passes everything", () => {
    const topology = routePrivateToNat(buildLabTopology());
    Object.assign(topology.natGateways[0] ?? {}, { state: "failed" });
    topology.networkAcls.push({
      id: "acl-public-a",
      vpcId: "vpc-lab",
      isDefault: false,
      subnetIds: ["subnet-public-a"],
      entries: [
        { ruleNumber: 100, egress: false, protocol: "-1", action: "deny", cidr: "10.0.0.0/16" },
        { ruleNumber: 200, egress: false, protocol: "-1", action: "allow", cidr: "0.0.0.0/0" },
        { ruleNumber: 200, egress: true, protocol: "-1", action: "allow", cidr: "0.0.0.0/0" },
      ],
    });
    const result = traceEgress(topology, privateA, https());
    expect(result.change?.edits[0]).toMatchObject({
      kind: "create-nat-gateway",
      subnetId: "subnet-public-b",
    });
    expect(applyAndRetrace(topology, privateA, result).verdict).toBe("reachable");
  });

  test("no public subnet whose network ACL passes everything: advice naming one, no change", () => {
    const topology = routePrivateToNat(buildLabTopology());
    Object.assign(topology.natGateways[0] ?? {}, { state: "failed" });
    topology.networkAcls.push({
      id: "acl-public",
      vpcId: "vpc-lab",
      isDefault: false,
      subnetIds: ["subnet-public-a", "subnet-public-b"],
      entries: [
        {
          ruleNumber: 100,
          egress: true,
          protocol: "tcp",
          action: "allow",
          cidr: "0.0.0.0/0",
          portRange: { from: 443, to: 443 },
        },
      ],
    });
    const result = traceEgress(topology, privateA, https());
    expect(result.change).toBeUndefined();
    expect(result.fix).toContain("Create a NAT gateway in a public subnet");
    expect(result.fix).toContain("subnet-public-a");
  });

  test("a pending NAT: wait, no change", () => {
    const topology = routePrivateToNat(buildLabTopology());
    Object.assign(topology.natGateways[0] ?? {}, { state: "pending" });
    const result = traceEgress(topology, privateA, https());
    expect([result.reason?.code, result.change]).toEqual(["NAT_NOT_AVAILABLE", undefined]);
  });

  test("a private NAT gateway: the route goes to a public one", () => {
    const topology = routePrivateToNat(buildLabTopology(), "nat-private");
    topology.natGateways.push({
      id: "nat-private",
      vpcId: "vpc-lab",
      subnetId: "subnet-private-b",
      state: "available",
      connectivityType: "private",
    });
    const result = traceEgress(topology, privateA, https());
    expect(result.reason?.code).toBe("NAT_PRIVATE_CONNECTIVITY");
    expect(result.change?.edits).toEqual([
      {
        kind: "replace-route",
        routeTableId: "rtb-main",
        route: { destination: { cidr: "0.0.0.0/0" }, target: { kind: "nat-gateway", id: "nat-a" } },
      },
    ]);
    expect(applyAndRetrace(topology, privateA, result).sourceAddress).toBe(NAT_EIP);
  });

  test("a blackhole route: replaced by a route to the working NAT", () => {
    const topology = routePrivateToNat(buildLabTopology(), "nat-gone");
    const route = findTable(topology, "rtb-main").routes.at(-1);
    if (route !== undefined) route.state = "blackhole";
    const result = traceEgress(topology, privateA, https());
    expect(result.reason?.code).toBe("BLACKHOLE_ROUTE");
    expect(result.change?.edits[0]).toMatchObject({ kind: "replace-route", routeTableId: "rtb-main" });
    expect(applyAndRetrace(topology, privateA, result).verdict).toBe("reachable");
  });

  test("a detached internet gateway: attached", () => {
    const topology = routePrivateToNat(buildLabTopology());
    Object.assign(topology.internetGateways[0] ?? {}, { attachedVpcIds: [] });
    const result = traceEgress(topology, privateA, https());
    expect(result.change?.edits).toEqual([
      { kind: "attach-internet-gateway", internetGatewayId: "igw-lab", vpcId: "vpc-lab", create: false },
    ]);
    expect(applyAndRetrace(topology, privateA, result).verdict).toBe("reachable");
  });

  test("an internet gateway attached to another VPC: a new one, not a second attachment", () => {
    const topology = routePrivateToNat(buildLabTopology());
    Object.assign(topology.internetGateways[0] ?? {}, { attachedVpcIds: ["vpc-other"] });
    const result = traceEgress(topology, privateA, https());
    expect(result.reason?.code).toBe("IGW_NOT_ATTACHED");
    expect(result.fix).toContain("attaches to one VPC only");
    expect(result.change?.edits.map((edit) => edit.kind)).toEqual([
      "attach-internet-gateway",
      "replace-route",
    ]);
    expect(applyAndRetrace(topology, privateA, result).verdict).toBe("reachable");
  });

  test("a security group without the port: an outbound rule", () => {
    const topology = routePrivateToNat(buildLabTopology());
    Object.assign(topology.securityGroups[0] ?? {}, { egress: [] });
    const result = traceEgress(topology, privateA, https());
    expect(result.change?.edits).toEqual([
      {
        kind: "add-security-group-egress",
        groupId: "sg-app",
        rule: { protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["0.0.0.0/0"] },
      },
    ]);
    expect(applyAndRetrace(topology, privateA, result).verdict).toBe("reachable");
  });

  test("a network ACL that denies both ways: one rule for each, numbered below the denying rules", () => {
    const topology = routePrivateToNat(buildLabTopology());
    topology.networkAcls.push({
      id: "acl-private",
      vpcId: "vpc-lab",
      isDefault: false,
      subnetIds: ["subnet-private-a"],
      entries: [
        { ruleNumber: 90, egress: true, protocol: "tcp", action: "deny", cidr: "0.0.0.0/0" },
        { ruleNumber: 100, egress: true, protocol: "-1", action: "allow", cidr: "0.0.0.0/0" },
      ],
    });
    const result = traceEgress(topology, privateA, https());
    expect(result.reason?.code).toBe("NACL_DENIED");
    expect(result.change?.edits).toEqual([
      {
        kind: "add-network-acl-entry",
        networkAclId: "acl-private",
        entry: {
          ruleNumber: 89,
          egress: true,
          protocol: "tcp",
          action: "allow",
          cidr: "0.0.0.0/0",
          portRange: { from: 443, to: 443 },
        },
      },
      {
        kind: "add-network-acl-entry",
        networkAclId: "acl-private",
        entry: {
          ruleNumber: 10,
          egress: false,
          protocol: "tcp",
          action: "allow",
          cidr: "0.0.0.0/0",
          portRange: { from: 1024, to: 65535 },
        },
      },
    ]);
    expect(result.fix).toContain("below 90 (rule 89)");
    expect(applyAndRetrace(topology, privateA, result).verdict).toBe("reachable");
  });

  test("no public subnet at all: advice to build one, no change (a new subnet needs a CIDR block)", () => {
    const topology = buildLabTopology();
    topology.natGateways = [];
    findTable(topology, "rtb-public").routes = [];
    const result = traceEgress(topology, privateA, https());
    expect(result.change).toBeUndefined();
    expect(result.fix).toContain("Create a public subnet in vpc-lab");
  });
});

describe("applyChange is strict", () => {
  test("CreateRoute for a destination the table already routes is refused", () => {
    const topology = routePrivateToNat(buildLabTopology());
    expect(() =>
      applyChange(topology, {
        edits: [
          {
            kind: "create-route",
            routeTableId: "rtb-main",
            route: { destination: { cidr: "0.0.0.0/0" }, target: { kind: "nat-gateway", id: "nat-a" } },
          },
        ],
      }),
    ).toThrow(ChangeNotApplicable);
  });

  test("attaching a gateway attached elsewhere, or a new resource without a placeholder ID, is refused", () => {
    const topology = buildLabTopology();
    expect(() =>
      applyChange(topology, {
        edits: [
          { kind: "attach-internet-gateway", internetGatewayId: "igw-lab", vpcId: "vpc-2", create: false },
        ],
      }),
    ).toThrow(/already attached/);
    expect(() =>
      applyChange(topology, {
        edits: [{ kind: "create-nat-gateway", natGatewayId: "nat-b", subnetId: "subnet-public-b" }],
      }),
    ).toThrow(/placeholder/);
  });
});
