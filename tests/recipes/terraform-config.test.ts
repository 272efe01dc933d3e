import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import type { RecipeReading } from "../../src/recipes/index.ts";
import { parseTerraform, readTerraformConfig } from "../../src/recipes/index.ts";
import {
  expectDatabaseIsolated,
  expectDatabaseThroughLocalRoute,
  expectEveryConnectorSubnetFails,
  expectInternetThroughNat,
} from "./recipe-assertions.ts";

type Config = Awaited<ReturnType<typeof parseTerraform>>;
let config: Config;

beforeAll(async () => {
  config = await parseTerraform(
    "main.tf",
    readFileSync(new URL("../../recipes/terraform/main.tf", import.meta.url), "utf8"),
  );
});

/** Sets one argument of a resource in the parsed configuration (hcl2json form: "${expression}"). */
function withArgument(type: string, name: string, argument: string, expression: string | null): Config {
  const copy = structuredClone(config) as {
    resource: Record<string, Record<string, Record<string, unknown>[]>>;
  };
  const body = copy.resource[type]?.[name]?.[0];
  if (body === undefined) throw new Error(`${type}.${name} is not in main.tf`);
  if (expression === null) delete body[argument];
  else body[argument] = `\${${expression}}`;
  return copy as Config;
}

const databaseSubnets = (reading: RecipeReading) =>
  [0, 1, 2].map((index) => reading.ids[`aws_subnet.database[${index}]`] ?? "");

describe("Terraform recipe (main.tf)", () => {
  test("per-az: three AZs with one NAT gateway each, and each connector subnet uses its own", () => {
    const reading = readTerraformConfig(config, { variables: { nat_gateway_mode: "per-az" } });
    expect(reading.topology.natGateways).toHaveLength(3);
    expect(new Set(reading.topology.subnets.map((subnet) => subnet.availabilityZone)).size).toBe(3);
    expect(new Set(expectInternetThroughNat(reading)).size).toBe(3);
  });

  test("single: one NAT gateway carries every connector subnet", () => {
    const reading = readTerraformConfig(config, { variables: { nat_gateway_mode: "single" } });
    expect(reading.topology.natGateways).toHaveLength(1);
    expect(new Set(expectInternetThroughNat(reading)).size).toBe(1);
  });

  test("cidrsubnet places the tiers at 10.0.0.x, 10.0.10.x and 10.0.20.x", () => {
    const reading = readTerraformConfig(config);
    const cidrs = (tier: string) =>
      [0, 1, 2].map(
        (index) =>
          reading.topology.subnets.find((subnet) => subnet.id === reading.ids[`aws_subnet.${tier}[${index}]`])
            ?.cidrBlock,
      );
    expect(cidrs("public")).toEqual(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]);
    expect(cidrs("private")).toEqual(["10.0.10.0/24", "10.0.11.0/24", "10.0.12.0/24"]);
    expect(cidrs("database")).toEqual(["10.0.20.0/24", "10.0.21.0/24", "10.0.22.0/24"]);
  });

  test("the connector reaches PostgreSQL in the database subnets, which have no internet route", () => {
    const reading = readTerraformConfig(config);
    expectDatabaseThroughLocalRoute(reading, databaseSubnets(reading));
    expectDatabaseIsolated(reading, databaseSubnets(reading));
  });

  test("the variable's validation rejects an unknown nat_gateway_mode", () => {
    expect(() => readTerraformConfig(config, { variables: { nat_gateway_mode: "none" } })).toThrow(
      /nat_gateway_mode must be/,
    );
  });

  test("two AZs work too (az_count = 2)", () => {
    const reading = readTerraformConfig(config, { variables: { az_count: 2 } });
    expect(reading.vpcConnectors[0]?.subnetIds).toHaveLength(2);
    expect(new Set(expectInternetThroughNat(reading)).size).toBe(2);
  });

  test("broken: the connector in the public subnets fails with NO_PUBLIC_IP", () => {
    const broken = withArgument("aws_apprunner_vpc_connector", "main", "subnets", "aws_subnet.public[*].id");
    expectEveryConnectorSubnetFails(readTerraformConfig(broken), "NO_PUBLIC_IP");
  });

  test("broken: without the NAT routes the connector subnets fail with NO_ROUTE", () => {
    const broken = withArgument("aws_route", "private_nat", "count", "0");
    expectEveryConnectorSubnetFails(readTerraformConfig(broken), "NO_ROUTE");
  });

  test("broken: NAT gateways in private subnets fail with NAT_SUBNET_NOT_PUBLIC", () => {
    const broken = withArgument("aws_nat_gateway", "main", "subnet_id", "aws_subnet.private[count.index].id");
    expectEveryConnectorSubnetFails(readTerraformConfig(broken), "NAT_SUBNET_NOT_PUBLIC");
  });
});
