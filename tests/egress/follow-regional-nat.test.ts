// Regional NAT gateways (issue 12, item 1): one gateway for the VPC, in no subnet, serving the zones
// its addresses name, leaving through its own route table to the VPC's internet gateway. Each failure
// has its own reason; each fix with a change is applied and traced again.

import { describe, expect, test } from "vitest";
import { applyChange, traceEgress } from "../../src/egress/index.ts";
import type { NatGateway, SourceInterface, Topology } from "../../src/egress/types.ts";
import { buildLabTopology, connectorEni, findTable, https } from "./fixtures.ts";
import { buildTransitTopology, vpcTable, workload } from "./transit-fixtures.ts";

const ZONE_A_IP = "198.51.100.70";
const ZONE_B_IP = "198.51.100.71";

/**
 * The lab VPC with nat-r (regional, automatic, available) instead of nat-a: zones us-east-1a and
 * us-east-1b each with an Elastic IP, its own route table rtb-nat-r (0.0.0.0/0 -> igw-lab, as AWS
 * creates it), and the private subnets' main table sending 0.0.0.0/0 to it.
 */
function buildRegionalTopology(overrides: Partial<NatGateway> = {}, withRouteTable = true): Topology {
  const topology = buildLabTopology();
  topology.natGateways = [
    {
      id: "nat-r",
      vpcId: "vpc-lab",
      subnetId: "",
      state: "available",
      connectivityType: "public",
      availabilityMode: "regional",
      autoProvisionZones: true,
      ...(withRouteTable ? { routeTableId: "rtb-nat-r" } : {}),
      zones: [
        {
          availabilityZone: "us-east-1a",
          addresses: [{ allocationId: "eipalloc-ra", publicIp: ZONE_A_IP, status: "succeeded" }],
        },
        {
          availabilityZone: "us-east-1b",
          addresses: [{ allocationId: "eipalloc-rb", publicIp: ZONE_B_IP, status: "succeeded" }],
        },
      ],
      ...overrides,
    },
  ];
  topology.elasticIps = [
    { allocationId: "eipalloc-ra", publicIp: ZONE_A_IP, associationId: "eipassoc-ra" },
    { allocationId: "eipalloc-rb", publicIp: ZONE_B_IP, associationId: "eipassoc-rb" },
  ];
  topology.routeTables.push({
    id: "rtb-nat-r",
    vpcId: "vpc-lab",
    main: false,
    subnetIds: [],
    routes: [
      { destination: { cidr: "10.0.0.0/16" }, target: { kind: "local" }, state: "active" },
      {
        destination: { cidr: "0.0.0.0/0" },
        target: { kind: "internet-gateway", id: "igw-lab" },
        state: "active",
      },
    ],
  });
  findTable(topology, "rtb-main").routes.push({
    destination: { cidr: "0.0.0.0/0" },
    target: { kind: "nat-gateway", id: "nat-r" },
    state: "active",
  });
  return topology;
}

const privateA = connectorEni("subnet-private-a");
const privateB = connectorEni("subnet-private-b", "10.0.11.25");

/** Applies the fix's change and traces the same subnet again. */
function fixAndRetrace(topology: Topology, source = privateA) {
  const before = traceEgress(topology, source, https());
  if (before.change === undefined) throw new Error(`no change for ${before.reason?.code}: ${before.fix}`);
  return { before, after: traceEgress(applyChange(topology, before.change), source, https()) };
}

describe("a working regional NAT gateway", () => {
  test("each zone leaves with its own Elastic IP, through the gateway's route table and the internet gateway", () => {
    const topology = buildRegionalTopology();
    const a = traceEgress(topology, privateA, https());
    expect(a.verdict).toBe("reachable");
    expect(a.sourceAddress).toBe(ZONE_A_IP);
    expect(a.hops.map((hop) => hop.kind)).toEqual([
      "interface",
      "security-group",
      "network-acl",
      "route-table",
      "nat-gateway",
      "route-table",
      "internet-gateway",
      "internet",
    ]);
    expect(a.hops[4]?.detail).toContain("regional, automatic");
    expect(traceEgress(topology, privateB, https()).sourceAddress).toBe(ZONE_B_IP);
  });

  test("without its route table loaded, the attached internet gateway (AWS's own route) carries it", () => {
    const topology = buildRegionalTopology({}, false);
    const result = traceEgress(topology, privateA, https());
    expect(result.verdict).toBe("reachable");
    expect(result.hops.map((hop) => hop.kind)).toContain("internet-gateway");
  });

  test("a public subnet stays public: a regional NAT gateway lives in no subnet of yours", () => {
    // The lab's public subnets stay public: a regional NAT lives in no subnet of yours.
    const topology = buildRegionalTopology();
    const publicA = { ...privateA, subnetId: "subnet-public-a", hasPublicIp: true, publicIp: "198.51.100.5" };
    expect(traceEgress(topology, publicA, https()).verdict).toBe("reachable");
  });
});

describe("REGIONAL_NAT_NO_INTERNET_GATEWAY", () => {
  test("the VPC has no attached internet gateway: attach the detached one; the fix reaches the internet", () => {
    const topology = buildRegionalTopology();
    topology.internetGateways = [{ id: "igw-lab", attachedVpcIds: [] }];
    const { before, after } = fixAndRetrace(topology);
    expect(before.verdict).toBe("unreachable");
    expect(before.reason?.code).toBe("REGIONAL_NAT_NO_INTERNET_GATEWAY");
    expect(before.reason?.message).toContain("nat-r");
    expect(before.fix).toContain("igw-lab");
    expect(before.fix).toContain("vpc-lab");
    expect(after.verdict).toBe("reachable");
  });

  test("no internet gateway at all, route table not loaded: create and attach one", () => {
    const topology = buildRegionalTopology({}, false);
    topology.internetGateways = [];
    const { before, after } = fixAndRetrace(topology);
    expect(before.reason?.code).toBe("REGIONAL_NAT_NO_INTERNET_GATEWAY");
    expect(before.fix).toMatch(/Create an internet gateway and attach it to vpc-lab/);
    expect(after.verdict).toBe("reachable");
  });

  test("the gateway's route table lost its internet route: add it back", () => {
    const topology = buildRegionalTopology();
    findTable(topology, "rtb-nat-r").routes.pop();
    const { before, after } = fixAndRetrace(topology);
    expect(before.reason?.code).toBe("REGIONAL_NAT_NO_INTERNET_GATEWAY");
    expect(before.fix).toContain("rtb-nat-r");
    expect(before.change?.edits).toEqual([
      {
        kind: "create-route",
        routeTableId: "rtb-nat-r",
        route: { destination: { cidr: "0.0.0.0/0" }, target: { kind: "internet-gateway", id: "igw-lab" } },
      },
    ]);
    expect(after.verdict).toBe("reachable");
  });
});

describe("zones the gateway does not serve", () => {
  test("automatic mode, zone not added yet: verdict unknown, the fix says what to wait for and how to check", () => {
    const topology = buildRegionalTopology();
    topology.natGateways[0]?.zones?.pop();
    const result = traceEgress(topology, privateB, https());
    expect(result.verdict).toBe("unknown");
    expect(result.reason?.code).toBe("REGIONAL_NAT_ZONE_EXPANDING");
    expect(result.reason?.message).toContain("us-east-1b");
    expect(result.fix).toContain("describe-nat-gateways --nat-gateway-ids nat-r");
    expect(result.change).toBeUndefined();
    // The covered zone still works.
    expect(traceEgress(topology, privateA, https()).verdict).toBe("reachable");
  });

  test("an address still associating does not serve the zone yet", () => {
    const topology = buildRegionalTopology();
    const zoneB = topology.natGateways[0]?.zones?.[1];
    if (zoneB?.addresses[0] !== undefined) zoneB.addresses[0].status = "associating";
    expect(traceEgress(topology, privateB, https()).reason?.code).toBe("REGIONAL_NAT_ZONE_EXPANDING");
  });

  test("manual mode without an address in the workload's AZ: associate an Elastic IP for that zone", () => {
    const topology = buildRegionalTopology({ autoProvisionZones: false });
    topology.natGateways[0]?.zones?.pop();
    const { before, after } = fixAndRetrace(topology, privateB);
    expect(before.verdict).toBe("unreachable");
    expect(before.reason?.code).toBe("REGIONAL_NAT_NO_ADDRESS_IN_ZONE");
    expect(before.fix).toContain("nat-r");
    expect(before.fix).toContain("us-east-1b");
    expect(before.change?.edits[0]).toMatchObject({
      kind: "associate-nat-gateway-address",
      natGatewayId: "nat-r",
      availabilityZone: "us-east-1b",
    });
    expect(after.verdict).toBe("reachable");
  });

  test("manual mode with a free Elastic IP in the account: the fix names it", () => {
    const topology = buildRegionalTopology({ autoProvisionZones: false });
    topology.natGateways[0]?.zones?.pop();
    topology.elasticIps = topology.elasticIps.filter((eip) => eip.allocationId !== "eipalloc-rb");
    topology.elasticIps.push({ allocationId: "eipalloc-free", publicIp: "198.51.100.99" });
    const { before, after } = fixAndRetrace(topology, privateB);
    expect(before.fix).toContain("eipalloc-free");
    expect(after.sourceAddress).toBe("198.51.100.99");
  });
});

describe("the gateway's state", () => {
  test("pending: wait, no change", () => {
    const topology = buildRegionalTopology({ state: "pending" });
    const result = traceEgress(topology, privateA, https());
    expect(result.reason?.code).toBe("NAT_NOT_AVAILABLE");
    expect(result.fix).toBe("Wait until nat-r is available, then retry.");
    expect(result.change).toBeUndefined();
  });

  test("failed: the reason quotes AWS's failure, and the fix routes to a working NAT", () => {
    const topology = buildRegionalTopology({
      state: "failed",
      failure: { code: "Gateway.NotAttached", message: "Network vpc-lab has no Internet gateway attached" },
    });
    const { before, after } = fixAndRetrace(topology);
    expect(before.reason?.code).toBe("NAT_NOT_AVAILABLE");
    expect(before.reason?.message).toContain("Gateway.NotAttached");
    expect(after.verdict).toBe("reachable");
  });
});

describe("routes and destinations around it", () => {
  test("a private subnet without a route to the gateway: NO_ROUTE, and the fix routes to the regional gateway", () => {
    const topology = buildRegionalTopology();
    findTable(topology, "rtb-main").routes.pop();
    const { before, after } = fixAndRetrace(topology);
    expect(before.reason?.code).toBe("NO_ROUTE");
    expect(before.fix).toContain("nat-r");
    expect(before.change?.edits).toEqual([
      {
        kind: "create-route",
        routeTableId: "rtb-main",
        route: { destination: { cidr: "0.0.0.0/0" }, target: { kind: "nat-gateway", id: "nat-r" } },
      },
    ]);
    expect(after.sourceAddress).toBe(ZONE_A_IP);
  });

  test("a regional gateway that does not serve the zone is not suggested: a zonal one is created instead", () => {
    const topology = buildRegionalTopology({ autoProvisionZones: false });
    topology.natGateways[0]?.zones?.pop();
    findTable(topology, "rtb-main").routes.pop();
    const result = traceEgress(topology, privateB, https());
    expect(result.reason?.code).toBe("NO_ROUTE");
    expect(result.fix).not.toContain("nat-r");
    expect(result.change?.edits[0]).toMatchObject({ kind: "create-nat-gateway" });
  });

  test("a private destination beyond the VPC through the gateway: the internet does not route it", () => {
    const topology = buildRegionalTopology();
    const result = traceEgress(topology, privateA, { address: "10.50.1.1", protocol: "tcp", port: 5432 });
    expect(result.reason?.code).toBe("NO_ROUTE");
    expect(result.change).toBeUndefined();
  });

  test("an IPv6 destination sent to the gateway is not translated (NAT64 is not followed)", () => {
    const topology = buildRegionalTopology();
    for (const vpc of topology.vpcs) vpc.ipv6CidrBlocks = ["2001:db8:1234:1a00::/56"];
    const subnet = topology.subnets.find((candidate) => candidate.id === "subnet-private-a");
    if (subnet !== undefined) subnet.ipv6CidrBlocks = ["2001:db8:1234:1a00::/64"];
    findTable(topology, "rtb-main").routes.push({
      destination: { cidr: "::/0" },
      target: { kind: "nat-gateway", id: "nat-r" },
      state: "active",
    });
    const result = traceEgress(
      topology,
      { ...connectorEni("subnet-private-a"), ipv6Address: "2001:db8:1234:1a00::5" } as SourceInterface,
      https("2606:4700::1"),
    );
    expect(result.verdict).toBe("unreachable");
  });
});

describe("centralized egress through a regional NAT gateway behind a transit gateway", () => {
  /**
   * The transit fixture's egress VPC with one regional NAT gateway instead of its two zonal ones: the
   * attachment subnets' tables send 0.0.0.0/0 to it, and its own route table holds the internet route
   * and the way back to the spokes (10.0.0.0/8 -> tgw-1), where AWS says return routes go.
   */
  function buildRegionalEgress(): Topology {
    const topology = buildTransitTopology();
    topology.natGateways = [
      {
        id: "nat-egress-r",
        vpcId: "vpc-egress",
        subnetId: "",
        state: "available",
        connectivityType: "public",
        availabilityMode: "regional",
        autoProvisionZones: true,
        routeTableId: "rtb-egress-rnat",
        zones: [
          { availabilityZone: "us-east-1a", addresses: [{ publicIp: ZONE_A_IP }] },
          { availabilityZone: "us-east-1b", addresses: [{ publicIp: ZONE_B_IP }] },
        ],
      },
    ];
    for (const id of ["rtb-egress-tgw-a", "rtb-egress-tgw-b"])
      vpcTable(topology, id).routes = [
        {
          destination: { cidr: "0.0.0.0/0" },
          target: { kind: "nat-gateway", id: "nat-egress-r" },
          state: "active",
        },
      ];
    topology.routeTables.push({
      id: "rtb-egress-rnat",
      vpcId: "vpc-egress",
      main: false,
      subnetIds: [],
      routes: [
        {
          destination: { cidr: "0.0.0.0/0" },
          target: { kind: "internet-gateway", id: "igw-egress" },
          state: "active",
        },
        {
          destination: { cidr: "10.0.0.0/8" },
          target: { kind: "transit-gateway", id: "tgw-1" },
          state: "active",
        },
      ],
    });
    return topology;
  }

  test("each spoke AZ leaves with the regional gateway's address for the zone it enters the egress VPC in", () => {
    const topology = buildRegionalEgress();
    const a = traceEgress(topology, workload("a"), https());
    expect(a.verdict).toBe("reachable");
    expect(a.sourceAddress).toBe(ZONE_A_IP);
    expect(traceEgress(topology, workload("b"), https()).sourceAddress).toBe(ZONE_B_IP);
  });

  test("the gateway's route table without the way back: TGW_NO_RETURN_ROUTE names that table, and its fix works", () => {
    const topology = buildRegionalEgress();
    const table = vpcTable(topology, "rtb-egress-rnat");
    table.routes = table.routes.filter((candidate) => candidate.target.kind !== "transit-gateway");
    const before = traceEgress(topology, workload("a"), https());
    expect(before.reason?.code).toBe("TGW_NO_RETURN_ROUTE");
    expect(before.fix).toContain("rtb-egress-rnat");
    if (before.change === undefined) throw new Error("no change");
    expect(traceEgress(applyChange(topology, before.change), workload("a"), https()).verdict).toBe(
      "reachable",
    );
  });
});
