import { describe, expect, test } from "vitest";
import { synthesizeEgressTemplate } from "../../recipes/cdk/egress-stack.ts";
import { readCloudFormationTemplate } from "../../src/recipes/index.ts";
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

// One synth per variant (a synth takes seconds), shared by the tests below.
const perAz = synthesizeEgressTemplate({ natGateways: "per-az" });
const single = synthesizeEgressTemplate({ natGateways: 1 });
const databaseSubnets = (reading: ReturnType<typeof readCloudFormationTemplate>) =>
  Object.entries(reading.ids)
    .filter(([logicalId]) => /^VpcdatabaseSubnet\dSubnet/.test(logicalId))
    .map(([, id]) => id);

describe("CDK recipe (egress-stack.ts)", () => {
  test("per-az: one NAT gateway per AZ, and each connector subnet uses its own", () => {
    const reading = readCloudFormationTemplate(perAz);
    expect(reading.topology.natGateways).toHaveLength(2);
    expect(new Set(expectInternetThroughNat(reading)).size).toBe(2);
  });

  test("single: one NAT gateway carries every connector subnet", () => {
    const reading = readCloudFormationTemplate(single);
    expect(reading.topology.natGateways).toHaveLength(1);
    expect(new Set(expectInternetThroughNat(reading)).size).toBe(1);
  });

  test("the service uses EgressType VPC with the connector on the private subnets", () => {
    const reading = readCloudFormationTemplate(perAz);
    expect(reading.services).toHaveLength(1);
    expect(reading.services[0]?.egressType).toBe("VPC");
    expect(reading.services[0]?.vpcConnectorArn).toBe(reading.vpcConnectors[0]?.arn);
    const names = reading.vpcConnectors[0]?.subnetIds.map(
      (id) => reading.topology.subnets.find((subnet) => subnet.id === id)?.name,
    );
    expect(names?.every((name) => name?.includes("/privateSubnet"))).toBe(true);
  });

  test("the connector reaches PostgreSQL in the isolated subnets, which have no internet route", () => {
    const reading = readCloudFormationTemplate(perAz);
    expectDatabaseThroughLocalRoute(reading, databaseSubnets(reading));
    expectDatabaseIsolated(reading, databaseSubnets(reading));
  });

  test("broken: the connector in the public subnets fails with NO_PUBLIC_IP", () => {
    expectEveryConnectorSubnetFails(
      readCloudFormationTemplate(moveConnectorToPublicSubnets(perAz)),
      "NO_PUBLIC_IP",
    );
  });

  test("broken: without NAT gateways the connector subnets fail with NO_ROUTE", () => {
    expectEveryConnectorSubnetFails(readCloudFormationTemplate(removeNatGateways(single)), "NO_ROUTE");
  });

  test("broken: NAT gateways in private subnets fail with NAT_SUBNET_NOT_PUBLIC", () => {
    expectEveryConnectorSubnetFails(
      readCloudFormationTemplate(moveNatGatewaysToPrivateSubnets(perAz)),
      "NAT_SUBNET_NOT_PUBLIC",
    );
  });
});
