import { describe, expect, test } from "vitest";
import { findWarnings } from "../../src/egress/index.ts";
import { buildLabTopology, findTable, routePrivateToNat } from "./fixtures.ts";

function codes(warnings: { code: string }[]): string[] {
  return warnings.map((warning) => warning.code);
}

describe("findWarnings", () => {
  test("private subnets in two AZs behind one NAT in one AZ warn SINGLE_AZ_NAT", () => {
    const warnings = findWarnings(routePrivateToNat(buildLabTopology()), [
      "subnet-private-a",
      "subnet-private-b",
    ]);
    expect(codes(warnings)).toEqual(["SINGLE_AZ_NAT"]);
    expect(warnings[0]?.message).toContain("subnet-private-b (us-east-1b) -> NAT in us-east-1a");
  });

  test("a NAT per AZ, each subnet routed to its own, gives no warning", () => {
    const topology = routePrivateToNat(buildLabTopology());
    topology.natGateways.push({
      id: "nat-b",
      vpcId: "vpc-lab",
      subnetId: "subnet-public-b",
      state: "available",
      connectivityType: "public",
      publicIp: "203.0.113.11",
    });
    topology.routeTables.push({
      id: "rtb-private-b",
      vpcId: "vpc-lab",
      main: false,
      subnetIds: ["subnet-private-b"],
      routes: [
        { destination: { cidr: "0.0.0.0/0" }, target: { kind: "nat-gateway", id: "nat-b" }, state: "active" },
      ],
    });
    expect(findWarnings(topology, ["subnet-private-a", "subnet-private-b"])).toEqual([]);
  });

  test("a single connector subnet behind a NAT gives no SINGLE_AZ_NAT warning", () => {
    expect(findWarnings(routePrivateToNat(buildLabTopology()), ["subnet-private-a"])).toEqual([]);
  });

  test("a connector subnet whose default route is an internet gateway warns PUBLIC_SUBNET_CONNECTOR", () => {
    const warnings = findWarnings(buildLabTopology(), ["subnet-public-a", "subnet-private-a"]);
    expect(codes(warnings)).toEqual(["PUBLIC_SUBNET_CONNECTOR"]);
    expect(warnings[0]?.message).toContain("subnet-public-a");
    expect(warnings[0]?.message).toContain("igw-lab");
  });

  test("a VPC with DNS support turned off warns DNS_SUPPORT_DISABLED", () => {
    const topology = routePrivateToNat(buildLabTopology());
    const vpc = topology.vpcs[0];
    if (vpc !== undefined) vpc.dnsSupport = false;
    expect(codes(findWarnings(topology, ["subnet-private-a"]))).toEqual(["DNS_SUPPORT_DISABLED"]);
  });

  test("unknown subnets and tables without a default route are skipped, not thrown", () => {
    const topology = buildLabTopology();
    findTable(topology, "rtb-main").routes = [];
    expect(findWarnings(topology, ["subnet-missing", "subnet-private-a"])).toEqual([]);
  });
});
