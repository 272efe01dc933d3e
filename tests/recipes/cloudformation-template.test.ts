import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parseCloudFormationYaml, readCloudFormationTemplate } from "../../src/recipes/index.ts";
import {
  moveConnectorToPublicSubnets,
  moveNatGatewaysToPrivateSubnets,
  removeNatGateways,
} from "./break-cloudformation.ts";
import {
  expectDatabaseIsolated,
  expectDatabaseThroughLocalRoute,
  expectEveryConnectorSubnetFails,
  expectInternetThroughNat,
} from "./recipe-assertions.ts";

const template = parseCloudFormationYaml(
  readFileSync(new URL("../../recipes/cloudformation/template.yaml", import.meta.url), "utf8"),
);
const databaseSubnets = (reading: ReturnType<typeof readCloudFormationTemplate>) =>
  ["DatabaseSubnet1", "DatabaseSubnet2", "DatabaseSubnet3"].map((logicalId) => reading.ids[logicalId] ?? "");

describe("CloudFormation recipe (template.yaml)", () => {
  test("the YAML short forms become long-form intrinsic functions", () => {
    const resources = (template as { Resources: Record<string, { Properties: Record<string, unknown> }> })
      .Resources;
    expect(resources["PublicSubnet2"]?.Properties["CidrBlock"]).toEqual({
      "Fn::Select": [1, { "Fn::Cidr": [{ "Fn::GetAtt": ["Vpc", "CidrBlock"] }, 9, 8] }],
    });
  });

  test("per-az: three AZs, three tiers, one NAT gateway per AZ", () => {
    const reading = readCloudFormationTemplate(template, { parameters: { NatGatewayMode: "per-az" } });
    expect(reading.topology.vpcs.map((vpc) => vpc.cidrBlocks)).toEqual([["10.0.0.0/16"]]);
    expect(new Set(reading.topology.subnets.map((subnet) => subnet.availabilityZone))).toEqual(
      new Set(["us-east-1a", "us-east-1b", "us-east-1c"]),
    );
    expect(reading.topology.subnets.map((subnet) => subnet.cidrBlock).sort()).toEqual(
      Array.from({ length: 9 }, (_, index) => `10.0.${index}.0/24`),
    );
    expect(reading.topology.natGateways).toHaveLength(3);
  });

  test("per-az: every connector subnet reaches the internet through its own AZ's NAT", () => {
    const reading = readCloudFormationTemplate(template, { parameters: { NatGatewayMode: "per-az" } });
    expect(new Set(expectInternetThroughNat(reading)).size).toBe(3);
  });

  test("single: every connector subnet reaches the internet through the one NAT", () => {
    const reading = readCloudFormationTemplate(template, { parameters: { NatGatewayMode: "single" } });
    expect(reading.topology.natGateways).toHaveLength(1);
    expect(new Set(expectInternetThroughNat(reading))).toEqual(
      new Set([reading.topology.natGateways[0]?.publicIp]),
    );
  });

  test("the connector reaches PostgreSQL in every database subnet through the local route", () => {
    const reading = readCloudFormationTemplate(template);
    expectDatabaseThroughLocalRoute(reading, databaseSubnets(reading));
  });

  test("the database subnets have no route to the internet", () => {
    const reading = readCloudFormationTemplate(template);
    expectDatabaseIsolated(reading, databaseSubnets(reading));
  });

  test("the database security group admits 5432 from the connector's group only", () => {
    const reading = readCloudFormationTemplate(template);
    const database = reading.topology.securityGroups.find(
      (group) => group.id === reading.ids["DatabaseSecurityGroup"],
    );
    expect(database?.ingress).toEqual([
      {
        protocol: "tcp",
        fromPort: 5432,
        toPort: 5432,
        cidrs: [],
        groupIds: [reading.ids["ConnectorSecurityGroup"]],
      },
    ]);
  });

  test("an unknown NatGatewayMode is rejected like CloudFormation's AllowedValues", () => {
    expect(() => readCloudFormationTemplate(template, { parameters: { NatGatewayMode: "none" } })).toThrow(
      /not one of per-az, single/,
    );
  });

  test("broken: the connector in the public subnets fails with NO_PUBLIC_IP", () => {
    expectEveryConnectorSubnetFails(
      readCloudFormationTemplate(moveConnectorToPublicSubnets(template)),
      "NO_PUBLIC_IP",
    );
  });

  test("broken: without NAT gateways the connector subnets fail with NO_ROUTE", () => {
    expectEveryConnectorSubnetFails(readCloudFormationTemplate(removeNatGateways(template)), "NO_ROUTE");
  });

  test("broken: NAT gateways in private subnets fail with NAT_SUBNET_NOT_PUBLIC", () => {
    expectEveryConnectorSubnetFails(
      readCloudFormationTemplate(moveNatGatewaysToPrivateSubnets(template)),
      "NAT_SUBNET_NOT_PUBLIC",
    );
  });
});
