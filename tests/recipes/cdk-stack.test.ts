import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { synthesizeEgressTemplate } from "../../recipes/cdk/egress-stack.ts";
import { readCloudFormationTemplate } from "../../src/recipes/index.ts";
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

// One synth per variant (a synth takes seconds), shared by the tests below.
const perAz = synthesizeEgressTemplate({ natGateways: "per-az" });
const single = synthesizeEgressTemplate({ natGateways: 1 });
type Resource = { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] };
type Template = { Resources: Record<string, Resource>; Outputs: Record<string, { Value: unknown }> };
const resourcesOfType = (template: unknown, type: string) =>
  Object.entries((template as Template).Resources).filter(([, resource]) => resource.Type === type);
const cdkDirectory = fileURLToPath(new URL("../../recipes/cdk/", import.meta.url));
const databaseSubnets = (reading: ReturnType<typeof readCloudFormationTemplate>) =>
  Object.entries(reading.ids)
    .filter(([logicalId]) => /^VpcdatabaseSubnet\dSubnet/.test(logicalId))
    .map(([, id]) => id);

describe("CDK recipe (egress-stack.ts)", () => {
  test("per-az without an env: three AZs, one NAT gateway per AZ, each connector subnet uses its own", () => {
    const reading = readCloudFormationTemplate(perAz);
    expect(new Set(reading.topology.subnets.map((subnet) => subnet.availabilityZone)).size).toBe(3);
    expect(reading.topology.natGateways).toHaveLength(3);
    expect(new Set(expectInternetThroughNat(reading)).size).toBe(3);
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

  test.skipIf(skipWithoutCfnLint)(
    "cfn-lint finds no error or warning in either synthesized template",
    async () => {
      // Errors and warnings; CDK's generated provider code draws an informational I1022.
      expect(await lintCloudFormation(perAz, false)).toEqual([]);
      expect(await lintCloudFormation(single, false)).toEqual([]);
    },
  );

  test.skipIf(skipWithoutCfnLint)(
    "app.ts, run as cdk.json says, synthesizes a template cfn-lint accepts, with context settings",
    async () => {
      const cdkJson = JSON.parse(readFileSync(`${cdkDirectory}cdk.json`, "utf8")) as { app: string };
      expect(cdkJson.app).toBe("npx tsx app.ts");
      // What the CDK CLI does: run the app with CDK_OUTDIR and the context in CDK_CONTEXT_JSON.
      const outdir = mkdtempSync(`${tmpdir()}/recipe-cdk-out-`);
      await promisify(execFile)("npx", ["tsx", "app.ts"], {
        cwd: cdkDirectory,
        env: {
          ...process.env,
          CDK_OUTDIR: outdir,
          CDK_CONTEXT_JSON: JSON.stringify({ natGateways: "single", name: "from-context" }),
        },
      });
      const templatePath = `${outdir}/EgressRecipe.template.json`;
      const template = JSON.parse(readFileSync(templatePath, "utf8")) as Template;
      expect(resourcesOfType(template, "AWS::EC2::NatGateway")).toHaveLength(1);
      expect(template.Resources["Service"]?.Properties?.["ServiceName"]).toBe("from-context-service");
      expect(await lintCloudFormation(templatePath, false)).toEqual([]);
    },
    120_000,
  );

  test("the service is created after every private subnet's route to a NAT gateway", () => {
    const natRoutes = resourcesOfType(perAz, "AWS::EC2::Route")
      .filter(([, route]) => route.Properties?.["NatGatewayId"] !== undefined)
      .map(([logicalId]) => logicalId);
    expect(natRoutes).toHaveLength(3);
    expect((perAz as Template).Resources["Service"]?.DependsOn).toEqual(expect.arrayContaining(natRoutes));
  });

  test("NatPublicIps lists every NAT gateway's Elastic IP", () => {
    const addresses = (template: unknown) =>
      resourcesOfType(template, "AWS::EC2::EIP").map(([logicalId]) => ({
        "Fn::GetAtt": [logicalId, "PublicIp"],
      }));
    expect(addresses(perAz)).toHaveLength(3);
    expect((perAz as Template).Outputs["NatPublicIps"]?.Value).toEqual({
      "Fn::Join": [",", addresses(perAz)],
    });
    // CDK folds a join of one item into the item.
    expect((single as Template).Outputs["NatPublicIps"]?.Value).toEqual(addresses(single)[0]);
  });

  test("every taggable resource carries the stack tag, and no subnet gives out public IPs", () => {
    const resources = Object.entries((perAz as Template).Resources);
    const taggable = findTaggableTypes(resources.map(([, resource]) => resource.Type));
    expect(taggable).toContain("AWS::Lambda::Function");
    for (const [logicalId, resource] of resources) {
      if (!taggable.has(resource.Type)) continue;
      const tags = resource.Properties?.["Tags"] as { Key: string; Value: unknown }[] | undefined;
      expect({
        logicalId,
        tag: tags?.find((tag) => tag.Key === "apprunner-egress-lab:stack")?.Value,
      }).toEqual({
        logicalId,
        tag: "egress-recipe",
      });
    }
    for (const [, subnet] of resourcesOfType(perAz, "AWS::EC2::Subnet"))
      expect(subnet.Properties?.["MapPublicIpOnLaunch"]).toBe(false);
  });

  test("CDK's secure default is kept: the VPC's default security group is restricted", () => {
    expect(resourcesOfType(perAz, "Custom::VpcRestrictDefaultSG")).toHaveLength(1);
  });

  test("AWS's sample image on 8000 by default, the connector unnamed so that it can be replaced", () => {
    const service = (perAz as Template).Resources["Service"]?.Properties;
    expect(service?.["SourceConfiguration"]).toEqual({
      AutoDeploymentsEnabled: false,
      ImageRepository: {
        ImageIdentifier: "public.ecr.aws/aws-containers/hello-app-runner:latest",
        ImageRepositoryType: "ECR_PUBLIC",
        ImageConfiguration: { Port: "8000" },
      },
    });
    expect(resourcesOfType(perAz, "AWS::AppRunner::VpcConnector")[0]?.[1].Properties).not.toHaveProperty(
      "VpcConnectorName",
    );
    // App Runner refuses a second connector with the same groups: the connector's group names its
    // subnets in GroupDescription, so that new subnets replace the group too.
    const [, connector] = resourcesOfType(perAz, "AWS::AppRunner::VpcConnector")[0] ?? [];
    const groupId = JSON.stringify(connector?.Properties?.["SecurityGroups"]).match(
      /ConnectorSecurityGroup\w+/,
    )?.[0];
    const description = JSON.stringify(
      (perAz as Template).Resources[groupId ?? ""]?.Properties?.["GroupDescription"],
    );
    for (const subnet of (connector?.Properties?.["Subnets"] ?? []) as { Ref: string }[])
      expect(description).toContain(JSON.stringify(subnet));
  });

  test("a name App Runner would refuse, or a private image without a role, fails at synth", () => {
    expect(() => synthesizeEgressTemplate({ natGateways: 1, name: "a".repeat(33) })).toThrow(
      /at most 40 characters/,
    );
    expect(() => synthesizeEgressTemplate({ natGateways: 1, name: "-x" })).toThrow(/cannot be used/);
    expect(() =>
      synthesizeEgressTemplate({
        natGateways: 1,
        imageIdentifier: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1",
      }),
    ).toThrow(/pass accessRoleArn/);
    const longest = synthesizeEgressTemplate({ natGateways: 1, name: "a".repeat(32) }) as Template;
    expect(longest.Resources["Service"]?.Properties?.["ServiceName"]).toBe(`${"a".repeat(32)}-service`);
  });

  test("the service reaches RUNNING on the emulator; the old default (node on 8080, no server) fails", async () => {
    expect(await startRecipeService(readCloudFormationTemplate(single).services[0])).toBe("RUNNING");
    const oldDefault = synthesizeEgressTemplate({
      natGateways: 1,
      imageIdentifier: "public.ecr.aws/docker/library/node:24-alpine",
      imagePort: 8080,
    });
    expect(await startRecipeService(readCloudFormationTemplate(oldDefault).services[0])).toBe(
      "CREATE_FAILED",
    );
  });
});
