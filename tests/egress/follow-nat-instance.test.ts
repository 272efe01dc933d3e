// NAT instances (issue 12, item 2): a route to an instance or its interface. Each failure has its own
// reason; each fix with a change is applied and traced again, here and on random bends of the setup.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { applyChange, traceEgress } from "../../src/egress/index.ts";
import type {
  InstanceState,
  ReasonCode,
  RouteTarget,
  SourceInterface,
  Topology,
} from "../../src/egress/types.ts";
import { buildLabTopology, connectorEni, findTable, https } from "./fixtures.ts";
import { progressed } from "./progress.ts";

const NAT_INSTANCE_IP = "198.51.100.60";

/**
 * The lab VPC with a NAT instance instead of using nat-a: i-nat in subnet-public-a (eni-nat, public
 * IP, source/destination check off, sg-nat allowing 443 in from the VPC and everything out), and the
 * private subnets' main table sending 0.0.0.0/0 to it.
 */
function buildNatInstanceTopology(target: "instance" | "interface" = "instance"): Topology {
  const topology = buildLabTopology();
  topology.natGateways = [];
  topology.elasticIps = [];
  const routeTarget: RouteTarget =
    target === "instance"
      ? { kind: "instance", id: "i-nat", networkInterfaceId: "eni-nat" }
      : { kind: "network-interface", id: "eni-nat" };
  findTable(topology, "rtb-main").routes.push({
    destination: { cidr: "0.0.0.0/0" },
    target: routeTarget,
    state: "active",
  });
  topology.securityGroups.push({
    id: "sg-nat",
    vpcId: "vpc-lab",
    name: "nat",
    egress: [{ protocol: "-1", cidrs: ["0.0.0.0/0"] }],
    ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["10.0.0.0/16"] }],
  });
  topology.networkInterfaces = [
    {
      id: "eni-nat",
      subnetId: "subnet-public-a",
      vpcId: "vpc-lab",
      privateIp: "10.0.0.80",
      publicIp: NAT_INSTANCE_IP,
      sourceDestCheck: false,
      instanceId: "i-nat",
      groupIds: ["sg-nat"],
    },
  ];
  topology.instances = [
    {
      id: "i-nat",
      state: "running",
      subnetId: "subnet-public-a",
      vpcId: "vpc-lab",
      networkInterfaceIds: ["eni-nat"],
    },
  ];
  return topology;
}

function eni(topology: Topology) {
  const found = topology.networkInterfaces?.[0];
  if (found === undefined) throw new Error("fixture has no eni-nat");
  return found;
}

function instance(topology: Topology) {
  const found = topology.instances?.[0];
  if (found === undefined) throw new Error("fixture has no i-nat");
  return found;
}

const privateA = connectorEni("subnet-private-a");

function traceAndFix(topology: Topology, code: ReasonCode) {
  const before = traceEgress(topology, privateA, https());
  expect(before.reason?.code).toBe(code);
  if (before.change === undefined) throw new Error(`no change: ${before.fix}`);
  const after = traceEgress(applyChange(topology, before.change), privateA, https());
  expect(after.verdict, JSON.stringify(after.reason)).toBe("reachable");
  return { before, after };
}

describe("NAT instances", () => {
  test.each(["instance", "interface"] as const)(
    "a working NAT instance (route to the %s) reaches the internet from its public IP",
    (target) => {
      const result = traceEgress(buildNatInstanceTopology(target), privateA, https());
      expect([result.verdict, result.sourceAddress]).toEqual(["reachable", NAT_INSTANCE_IP]);
      expect(result.hops.map((hop) => `${hop.kind}:${hop.id ?? ""}`)).toEqual([
        "interface:eni-connector",
        "security-group:sg-app",
        "network-acl:acl-default",
        "route-table:rtb-main",
        "nat-instance:i-nat",
        "security-group:sg-nat",
        "network-acl:acl-default",
        "route-table:rtb-public",
        "internet-gateway:igw-lab",
        "internet:",
      ]);
    },
  );

  test("source/destination check on: its own reason, and the fix turns it off", () => {
    const topology = buildNatInstanceTopology();
    eni(topology).sourceDestCheck = true;
    const { before } = traceAndFix(topology, "NAT_INSTANCE_SOURCE_DEST_CHECK");
    expect(before.fix).toContain(
      "aws ec2 modify-instance-attribute --instance-id i-nat --no-source-dest-check",
    );
    expect(before.change?.edits).toEqual([
      { kind: "disable-source-dest-check", networkInterfaceId: "eni-nat" },
    ]);
  });

  test("a route to the interface: the fix names the interface's command", () => {
    const topology = buildNatInstanceTopology("interface");
    eni(topology).sourceDestCheck = true;
    const { before } = traceAndFix(topology, "NAT_INSTANCE_SOURCE_DEST_CHECK");
    expect(before.fix).toContain("modify-network-interface-attribute --network-interface-id eni-nat");
  });

  test("no public IP: an Elastic IP, the unassociated one when the account has one", () => {
    const topology = buildNatInstanceTopology();
    delete eni(topology).publicIp;
    topology.elasticIps.push({ allocationId: "eipalloc-free", publicIp: "198.51.100.99" });
    const { before, after } = traceAndFix(topology, "NAT_INSTANCE_NO_PUBLIC_IP");
    expect(before.fix).toContain("Associate the Elastic IP 198.51.100.99 (eipalloc-free) with eni-nat");
    expect(after.sourceAddress).toBe("198.51.100.99");
  });

  test("no public IP and no free Elastic IP: allocate one", () => {
    const topology = buildNatInstanceTopology();
    delete eni(topology).publicIp;
    const { before } = traceAndFix(topology, "NAT_INSTANCE_NO_PUBLIC_IP");
    expect(before.fix).toContain("Allocate an Elastic IP and associate it with eni-nat (of i-nat)");
  });

  test("a NAT instance in a private subnet that shares the main table: that subnet gets its own public table", () => {
    const topology = buildNatInstanceTopology();
    Object.assign(eni(topology), { subnetId: "subnet-private-b" });
    Object.assign(instance(topology), { subnetId: "subnet-private-b" });
    const { before } = traceAndFix(topology, "NAT_INSTANCE_SUBNET_NOT_PUBLIC");
    expect(before.fix).toContain("Associate subnet-private-b (where i-nat lives) with its own route table");
  });

  test("a stopped instance: start it", () => {
    const topology = buildNatInstanceTopology();
    instance(topology).state = "stopped";
    findTable(topology, "rtb-main").routes.forEach((route) => {
      if (route.target.kind === "instance") route.state = "blackhole";
    });
    const { before } = traceAndFix(topology, "NAT_INSTANCE_NOT_RUNNING");
    expect(before.fix).toContain("Start i-nat");
  });

  test("a terminated instance: route to a NAT gateway instead (a new one in a public subnet)", () => {
    const topology = buildNatInstanceTopology();
    instance(topology).state = "terminated";
    topology.networkInterfaces = [];
    findTable(topology, "rtb-main").routes.forEach((route) => {
      if (route.target.kind === "instance") route.state = "blackhole";
    });
    const { before } = traceAndFix(topology, "NAT_INSTANCE_NOT_RUNNING");
    expect(before.reason?.message).toContain("i-nat");
    expect(before.change?.edits.map((edit) => edit.kind)).toEqual(["create-nat-gateway", "replace-route"]);
  });

  test("the NAT instance's group does not let the workload in: an inbound rule from its subnet", () => {
    const topology = buildNatInstanceTopology();
    Object.assign(topology.securityGroups.find((group) => group.id === "sg-nat") ?? {}, { ingress: [] });
    const { before } = traceAndFix(topology, "NAT_INSTANCE_SG_DENIED");
    expect(before.fix).toContain("inbound rule to sg-nat allowing tcp 443 from 10.0.10.0/24");
  });

  test("traffic to a private address through an instance is not followed", () => {
    const topology = buildNatInstanceTopology();
    const result = traceEgress(topology, privateA, { address: "10.50.1.1", protocol: "tcp", port: 5432 });
    expect(result.reason?.code).toBe("UNSUPPORTED_TARGET");
  });

  test("interfaces and instances that were not loaded: the topology is incomplete, not a guess", () => {
    const topology = buildNatInstanceTopology();
    delete topology.networkInterfaces;
    expect(traceEgress(topology, privateA, https()).reason?.code).toBe("TOPOLOGY_INCOMPLETE");
  });
});

/** An interface with an address of its subnet (subnets here are /24s: the .25 of each). */
function inSubnet(topology: Topology, subnetId: string, hasPublicIp: boolean): SourceInterface {
  const cidr = topology.subnets.find((subnet) => subnet.id === subnetId)?.cidrBlock ?? "10.0.99.0/24";
  return {
    mode: "vpc",
    subnetId,
    securityGroupIds: ["sg-app"],
    privateIp: cidr.replace(/\.0\/24$/, ".25"),
    hasPublicIp,
    publicIp: "198.51.100.44",
  };
}

const states: InstanceState[] = ["running", "running", "stopped", "pending", "terminated"];

describe("NAT instance fixes, on random bends of the setup", () => {
  test("every change gets the subnet strictly further and no subnet reachable before loses its way out", () => {
    const bend = fc.record({
      target: fc.constantFrom("instance" as const, "interface" as const),
      state: fc.constantFrom(...states),
      sourceDestCheck: fc.boolean(),
      publicIp: fc.boolean(),
      freeEip: fc.boolean(),
      subnet: fc.constantFrom("subnet-public-a", "subnet-public-b", "subnet-private-b", "subnet-private-a"),
      ingress: fc.boolean(),
      egress: fc.boolean(),
      keepNat: fc.boolean(),
      source: fc.constantFrom("subnet-private-a", "subnet-private-b", "subnet-public-b"),
    });
    let applied = 0;
    fc.assert(
      fc.property(bend, (draw) => {
        const topology = buildNatInstanceTopology(draw.target);
        if (draw.keepNat) topology.natGateways = buildLabTopology().natGateways;
        const nic = eni(topology);
        Object.assign(nic, { sourceDestCheck: draw.sourceDestCheck, subnetId: draw.subnet });
        if (!draw.publicIp) delete nic.publicIp;
        if (draw.freeEip)
          topology.elasticIps.push({ allocationId: "eipalloc-free", publicIp: "198.51.100.99" });
        Object.assign(instance(topology), { state: draw.state, subnetId: draw.subnet });
        const group = topology.securityGroups.find((candidate) => candidate.id === "sg-nat");
        if (group !== undefined) {
          if (!draw.ingress) group.ingress = [];
          if (!draw.egress) group.egress = [];
        }
        const source = inSubnet(topology, draw.source, false);
        const before = traceEgress(topology, source, https());
        if (before.change === undefined) return;
        const fixed = applyChange(topology, before.change);
        applied += 1;
        expect(progressed(before, traceEgress(fixed, source, https())), before.fix ?? "").toBe(true);
        for (const subnet of topology.subnets) {
          for (const hasPublicIp of [false, true]) {
            const other = inSubnet(topology, subnet.id, hasPublicIp);
            if (traceEgress(topology, other, https()).verdict !== "reachable") continue;
            expect(traceEgress(fixed, other, https()).verdict, `${subnet.id}: ${before.fix}`).toBe(
              "reachable",
            );
          }
        }
      }),
      { numRuns: 600 },
    );
    expect(applied).toBeGreaterThan(100);
  });
});
