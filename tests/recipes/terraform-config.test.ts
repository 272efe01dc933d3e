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

describe("Terraform recipe (main.tf): inputs, versions and lifecycle", () => {
  type Body = Record<string, unknown>;
  const resource = (type: string, name: string) =>
    ((config as { resource: Record<string, Record<string, Body[]>> }).resource[type]?.[name]?.[0] ??
      {}) as Body;

  test("az_count must be a whole number from 2 to 10 (the tiers' CIDRs overlap from 11)", () => {
    for (const az_count of [1, 11, 2.5]) {
      expect(() => readTerraformConfig(config, { variables: { az_count } })).toThrow(/az_count must be/);
    }
    const tenZones = Array.from({ length: 10 }, (_, index) => `us-east-1-zone${index}`);
    const reading = readTerraformConfig(config, { variables: { az_count: 10 }, availabilityZones: tenZones });
    expect(reading.vpcConnectors[0]?.subnetIds).toHaveLength(10);
  });

  test("name is refused when App Runner or RDS would refuse the names built from it", () => {
    for (const name of ["Egress", "-egress", "a-name-that-is-far-too-long-for-it"]) {
      expect(() => readTerraformConfig(config, { variables: { name } })).toThrow(/name must be/);
    }
  });

  test("the connector's name is the prefix plus 8 hex digits of its subnets and group, within 40 characters", () => {
    const long = "a".repeat(31);
    const reading = readTerraformConfig(config, { variables: { name: long } });
    const name = reading.vpcConnectors[0]?.name ?? "";
    expect(name).toMatch(new RegExp(`^${long}-[0-9a-f]{8}$`));
    expect(name.length).toBeLessThanOrEqual(40);
    const fewer = readTerraformConfig(config, { variables: { name: long, az_count: 2 } });
    expect(fewer.vpcConnectors[0]?.name).not.toBe(name);
  });

  test("public subnets do not give instances public IPs", () => {
    const reading = readTerraformConfig(config);
    expect(reading.topology.subnets.every((subnet) => !subnet.mapPublicIpOnLaunch)).toBe(true);
  });

  test("provider 5.x only (6 plans to drop App Runner), and a minimum Terraform version", () => {
    const terraform = (config as { terraform: Body[] }).terraform[0] ?? {};
    expect(terraform["required_version"]).toMatch(/^>= 1\./);
    const providers = (terraform["required_providers"] as Body[])[0] as Record<string, { version: string }>;
    expect(providers["aws"]?.version).toMatch(/^>= 5\.[0-9.]+, < 6\.0\.0$/);
  });

  test("the service waits for the NAT routes; the connector and its group are created before the old ones go", () => {
    expect(resource("aws_apprunner_service", "main")["depends_on"]).toEqual(
      expect.arrayContaining([`\${aws_route.private_nat}`, `\${aws_route_table_association.private}`]),
    );
    const lifecycle = (type: string, name: string) => (resource(type, name)["lifecycle"] as Body[])[0] ?? {};
    expect(lifecycle("aws_apprunner_vpc_connector", "main")["create_before_destroy"]).toBe(true);
    expect(lifecycle("aws_security_group", "connector")["create_before_destroy"]).toBe(true);
    expect(lifecycle("aws_security_group", "connector")["replace_triggered_by"]).toEqual([
      `\${terraform_data.connector_subnets}`,
    ]);
  });

  test("Availability Zones only: no Local or Wavelength Zones", () => {
    const data = (config as { data: Record<string, Record<string, Body[]>> }).data[
      "aws_availability_zones"
    ]?.["available"]?.[0] as Body;
    expect(data["filter"]).toEqual(
      expect.arrayContaining([
        { name: "opt-in-status", values: ["opt-in-not-required"] },
        { name: "zone-type", values: ["availability-zone"] },
      ]),
    );
  });
});
