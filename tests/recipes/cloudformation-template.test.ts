import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parseCloudFormationYaml, readCloudFormationTemplate } from "../../src/recipes/index.ts";
import {
  moveConnectorToPublicSubnets,
  moveNatGatewaysToPrivateSubnets,
  removeNatGateways,
} from "./break-cloudformation.ts";
import { findTaggableTypes, lintCloudFormation, skipWithoutCfnLint } from "./cfn-lint.ts";
import {
  expectDatabaseIsolated,
  expectDatabaseThroughLocalRoute,
  expectEveryConnectorSubnetFails,
  expectInternetThroughNat,
} from "./recipe-assertions.ts";
import { startRecipeService } from "./start-recipe-service.ts";

const templatePath = fileURLToPath(new URL("../../recipes/cloudformation/template.yaml", import.meta.url));
const template = parseCloudFormationYaml(readFileSync(templatePath, "utf8"));
type Resource = { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] };
type Template = {
  Parameters: Record<string, { Default?: string; AllowedPattern?: string; MaxLength?: number }>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Value: unknown }>;
};
const parsed = template as Template;
const resourcesOfType = (type: string) =>
  Object.entries(parsed.Resources).filter(([, resource]) => resource.Type === type);
// App Runner's name rule (CreateService / CreateVpcConnector API references; FACTS.md).
const APP_RUNNER_NAME = /^[A-Za-z0-9][A-Za-z0-9-_]{3,39}$/;
const databaseSubnets = (reading: ReturnType<typeof readCloudFormationTemplate>) =>
  ["DatabaseSubnet1", "DatabaseSubnet2", "DatabaseSubnet3"].map((logicalId) => reading.ids[logicalId] ?? "");

describe("CloudFormation recipe (template.yaml)", () => {
  test("the YAML short forms become long-form intrinsic functions", () => {
    const resources = (template as { Resources: Record<string, { Properties: Record<string, unknown> }> })
      .Resources;
    expect(resources["PublicSubnet2"]?.Properties["CidrBlock"]).toEqual({
      "Fn::Select": [1, { "Fn::Cidr": [{ "Fn::GetAtt": ["Vpc", "CidrBlock"] }, 23, 8] }],
    });
  });

  test("per-az: three AZs, three tiers, one NAT gateway per AZ", () => {
    const reading = readCloudFormationTemplate(template, { parameters: { NatGatewayMode: "per-az" } });
    expect(reading.topology.vpcs.map((vpc) => vpc.cidrBlocks)).toEqual([["10.0.0.0/16"]]);
    expect(new Set(reading.topology.subnets.map((subnet) => subnet.availabilityZone))).toEqual(
      new Set(["us-east-1a", "us-east-1b", "us-east-1c"]),
    );
    // The same addresses as the Terraform and CLI recipes: 10.0.<i>, 10.0.1<i>, 10.0.2<i>.
    expect(reading.topology.subnets.map((subnet) => subnet.cidrBlock).sort()).toEqual(
      [0, 1, 2, 10, 11, 12, 20, 21, 22].map((third) => `10.0.${third}.0/24`).sort(),
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

  test("the database security group has no outbound rule that matches anything (as in Terraform and CDK)", () => {
    const reading = readCloudFormationTemplate(template);
    const database = reading.topology.securityGroups.find(
      (group) => group.id === reading.ids["DatabaseSecurityGroup"],
    );
    expect(database?.egress).toEqual([
      { protocol: "icmp", fromPort: 252, toPort: 86, cidrs: ["255.255.255.255/32"] },
    ]);
  });

  test.skipIf(skipWithoutCfnLint)("cfn-lint finds no error, warning or informational issue", async () => {
    expect(await lintCloudFormation(templatePath)).toEqual([]);
  });

  test.skipIf(skipWithoutCfnLint)("cfn-lint does fail a connector name App Runner would refuse", async () => {
    const broken = structuredClone(parsed);
    const connector = broken.Resources["VpcConnector"];
    if (connector?.Properties) connector.Properties["VpcConnectorName"] = "a".repeat(41);
    const findings = await lintCloudFormation(broken);
    expect(findings.join("\n")).toMatch(/:E3033:'a{41}' is longer than 40/);
  });

  test("the default image is AWS's sample on port 8000; a private ECR image takes an access role", () => {
    expect(parsed.Parameters["ImageIdentifier"]?.Default).toBe(
      "public.ecr.aws/aws-containers/hello-app-runner:latest",
    );
    expect(parsed.Parameters["ImagePort"]?.Default).toBe("8000");
    const reading = readCloudFormationTemplate(template, {
      parameters: { AccessRoleArn: "arn:aws:iam::123456789012:role/pull", ImageIdentifier: "x" },
    });
    expect(reading.services).toHaveLength(1);
    const source = parsed.Resources["Service"]?.Properties?.["SourceConfiguration"] as Record<
      string,
      unknown
    >;
    expect(source["AuthenticationConfiguration"]).toEqual({
      "Fn::If": ["PrivateImage", { AccessRoleArn: { Ref: "AccessRoleArn" } }, { Ref: "AWS::NoValue" }],
    });
  });

  test("the Name parameter admits only names whose service name App Runner accepts", () => {
    const name = parsed.Parameters["Name"];
    const allowed = new RegExp(name?.AllowedPattern ?? "");
    const longest = "a".repeat(name?.MaxLength ?? 0);
    expect(allowed.test(longest)).toBe(true);
    expect(APP_RUNNER_NAME.test(`${longest}-service`)).toBe(true);
    expect(APP_RUNNER_NAME.test(`${longest}a-service`)).toBe(false);
    for (const bad of ["-starts-with-dash", "has space", "dot.ted", ""])
      expect(allowed.test(bad)).toBe(false);
    expect(parsed.Resources["Service"]?.Properties?.["ServiceName"]).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
      "Fn::Sub": "${Name}-service",
    });
  });

  test("the connector can be replaced: no fixed name, and its group is replaced with its subnets", () => {
    expect(parsed.Resources["VpcConnector"]?.Properties?.["VpcConnectorName"]).toBeUndefined();
    // App Runner refuses a second connector with the same groups, so new subnets need a new group:
    // GroupDescription changes (a replacement) whenever a connector subnet does.
    const connector = readCloudFormationTemplate(template).vpcConnectors[0];
    const reading = readCloudFormationTemplate(template);
    const group = reading.topology.securityGroups.find((g) => g.id === reading.ids["ConnectorSecurityGroup"]);
    expect(connector?.subnetIds).toHaveLength(3);
    const description = JSON.stringify(
      parsed.Resources["ConnectorSecurityGroup"]?.Properties?.["GroupDescription"],
    );
    for (const logicalId of ["PrivateSubnet1", "PrivateSubnet2", "PrivateSubnet3"])
      expect(description).toContain(`\${${logicalId}}`);
    expect(group).toBeDefined();
  });

  test("the service is created after every private subnet's route to a NAT gateway", () => {
    const natRoutes = resourcesOfType("AWS::EC2::Route")
      .filter(([, route]) => route.Properties?.["NatGatewayId"] !== undefined)
      .map(([logicalId]) => logicalId);
    expect(natRoutes).toHaveLength(3);
    expect(parsed.Resources["Service"]?.DependsOn).toEqual(expect.arrayContaining(natRoutes));
  });

  test("NatPublicIps lists every NAT gateway's address, per-az and single", () => {
    const eips = resourcesOfType("AWS::EC2::EIP").map(([logicalId]) => ({ Ref: logicalId }));
    expect(parsed.Outputs["NatPublicIps"]?.Value).toEqual({
      "Fn::If": ["NatPerAz", { "Fn::Join": [",", eips] }, { Ref: "NatEip1" }],
    });
  });

  test("every taggable resource carries the stack tag, and no subnet gives out public IPs", () => {
    const taggable = findTaggableTypes(Object.values(parsed.Resources).map((resource) => resource.Type));
    expect(taggable).toContain("AWS::AppRunner::VpcConnector");
    for (const [logicalId, resource] of Object.entries(parsed.Resources)) {
      if (!taggable.has(resource.Type)) continue;
      const tags = resource.Properties?.["Tags"] as { Key: string; Value: unknown }[] | undefined;
      expect({
        logicalId,
        tag: tags?.find((tag) => tag.Key === "apprunner-egress-lab:stack")?.Value,
      }).toEqual({
        logicalId,
        tag: { Ref: "Name" },
      });
    }
    for (const [, subnet] of resourcesOfType("AWS::EC2::Subnet"))
      expect(subnet.Properties?.["MapPublicIpOnLaunch"]).toBe(false);
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

  test("the service reaches RUNNING on the emulator; the old default (node on 8080, no server) fails", async () => {
    expect(await startRecipeService(readCloudFormationTemplate(template).services[0])).toBe("RUNNING");
    const oldDefault = readCloudFormationTemplate(template, {
      parameters: { ImageIdentifier: "public.ecr.aws/docker/library/node:24-alpine", ImagePort: "8080" },
    });
    expect(await startRecipeService(oldDefault.services[0])).toBe("CREATE_FAILED");
  });
});
