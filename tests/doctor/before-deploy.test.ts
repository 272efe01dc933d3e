// The doctor before deployment (--template): CloudFormation templates, cdk synth output among them,
// diagnosed offline through the network they declare, with the verdicts, reasons, fixes, JSON and
// exit codes of an account diagnosis, every ID named by its logical ID; existing subnets a template
// uses by ID loaded from the emulator with credentials, and "unknown" without; bad files
// refused with exit 2 and what to give instead.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SubnetType } from "aws-cdk-lib/aws-ec2";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stringify } from "yaml";
import { synthesizeEgressTemplate } from "../../recipes/cdk/egress-stack.ts";
import { synthesizePublicSubnetExample } from "../../test-support/cdk-public-subnet-example.ts";
import type { DoctorRun, Harness } from "./doctor-harness.ts";
import { offlineEnv, runDoctorInProcess, startHarness } from "./doctor-harness.ts";

const dir = mkdtempSync(join(tmpdir(), "doctor-before-deploy-"));
const write = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 1));
  return path;
};
const recipeTemplate = fileURLToPath(new URL("../../recipes/cloudformation/template.yaml", import.meta.url));

const doctor = (argv: string[], env: NodeJS.ProcessEnv = offlineEnv()): Promise<DoctorRun> =>
  runDoctorInProcess(argv, env);

const SYNTHETIC = /\b(?:subnet|rtb|igw|nat|sg|vpc|acl|eipalloc)-0{8,}[0-9a-f]+\b|198\.51\.100\./;

describe("--template: the AWS CDK's published VPC connector example", () => {
  const template = write("cdk-public.template.json", synthesizePublicSubnetExample());

  test("selecting the public subnets is caught offline: NO_PUBLIC_IP in every subnet, exit 1", async () => {
    const run = await doctor(["--template", template, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.verdict).toBe("unreachable");
    expect(run.json?.subnets).toHaveLength(2);
    for (const subnet of run.json?.subnets ?? []) {
      expect(subnet.verdict).toBe("unreachable");
      expect(subnet.reason?.code).toBe("NO_PUBLIC_IP");
      expect(subnet.subnetId).toMatch(/^VpcPublicSubnet\dSubnet[0-9A-F]{8}$/);
      expect(subnet.workload).toEqual({
        kind: "apprunner-vpc-connector",
        name: "MyVpcConnector",
        address: "VpcConnector",
      });
      expect(subnet.hops.map((hop) => hop.kind)).toEqual([
        "interface",
        "security-group",
        "network-acl",
        "route-table",
        "internet-gateway",
      ]);
      // The fix names the template's resources, never the synthetic IDs they had while being read.
      expect(subnet.fix).toMatch(/VpcPublicSubnet\dNATGateway[0-9A-F]{8}/);
      expect(JSON.stringify(subnet)).not.toMatch(SYNTHETIC);
    }
    expect(run.json?.warnings.map((warning) => warning.code)).toEqual([
      "PUBLIC_SUBNET_CONNECTOR",
      "PUBLIC_SUBNET_CONNECTOR",
    ]);
  });

  test("the readable report names the logical IDs and says what to change", async () => {
    const run = await doctor(["--template", template]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Diagnosing 1 workload in CloudFormation template");
    expect(run.stdout).toContain("Verdict: unreachable (NO_PUBLIC_IP)");
    expect(run.stdout).toMatch(/VpcConnector: VpcPublicSubnet1Subnet[0-9A-F]{8} \(us-east-1a\)/);
    expect(run.stdout).toContain("Overall: UNREACHABLE");
    expect(run.stdout).not.toMatch(SYNTHETIC);
  });

  test("the same example with PRIVATE_WITH_EGRESS subnets passes: exit 0 through each AZ's NAT gateway", async () => {
    const fixed = write(
      "cdk-private.template.json",
      synthesizePublicSubnetExample(SubnetType.PRIVATE_WITH_EGRESS),
    );
    const run = await doctor(["--template", fixed, "--json"]);
    expect(run.code).toBe(0);
    expect(run.json?.verdict).toBe("reachable");
    for (const subnet of run.json?.subnets ?? []) {
      expect(subnet.subnetId).toMatch(/^VpcPrivateSubnet\dSubnet/);
      expect(subnet.hops.find((hop) => hop.kind === "nat-gateway")?.id).toMatch(
        /^VpcPublicSubnet\dNATGateway/,
      );
      // The NAT's Elastic IP is only known after deployment: no made-up address.
      expect(subnet.sourceAddress).toBeNull();
    }
  });
});

describe("--template: the project's own recipes pass", () => {
  test("recipes/cloudformation/template.yaml (YAML, short-form intrinsics)", async () => {
    const run = await doctor(["--template", recipeTemplate, "--json"]);
    expect(run.code).toBe(0);
    expect(run.json?.verdict).toBe("reachable");
    expect(run.json?.subnets.length).toBeGreaterThanOrEqual(2);
  });

  test("recipes/cdk (cdk synth output, NAT gateway per AZ and single)", async () => {
    for (const natGateways of ["per-az", 1] as const) {
      const template = write(`recipe-${natGateways}.json`, synthesizeEgressTemplate({ natGateways }));
      const run = await doctor(["--template", template, "--json"]);
      expect(run.code).toBe(0);
      expect(run.json?.subnets.every((subnet) => subnet.verdict === "reachable")).toBe(true);
      expect(run.json?.warnings.some((warning) => warning.code === "SINGLE_AZ_NAT")).toBe(natGateways === 1);
    }
  });
});

describe("--template: Lambda functions and ECS services", () => {
  // One VPC: public subnets (internet gateway), private subnets with no route out (no NAT gateway).
  const network = {
    Vpc: { Type: "AWS::EC2::VPC", Properties: { CidrBlock: "10.1.0.0/16" } },
    Igw: { Type: "AWS::EC2::InternetGateway" },
    IgwAttachment: {
      Type: "AWS::EC2::VPCGatewayAttachment",
      Properties: { VpcId: { Ref: "Vpc" }, InternetGatewayId: { Ref: "Igw" } },
    },
    PublicSubnet: {
      Type: "AWS::EC2::Subnet",
      Properties: { VpcId: { Ref: "Vpc" }, CidrBlock: "10.1.0.0/24", AvailabilityZone: "us-east-1a" },
    },
    PrivateSubnet: {
      Type: "AWS::EC2::Subnet",
      Properties: { VpcId: { Ref: "Vpc" }, CidrBlock: "10.1.1.0/24", AvailabilityZone: "us-east-1a" },
    },
    PublicRoutes: { Type: "AWS::EC2::RouteTable", Properties: { VpcId: { Ref: "Vpc" } } },
    PublicDefault: {
      Type: "AWS::EC2::Route",
      Properties: {
        RouteTableId: { Ref: "PublicRoutes" },
        DestinationCidrBlock: "0.0.0.0/0",
        GatewayId: { Ref: "Igw" },
      },
    },
    PublicAssociation: {
      Type: "AWS::EC2::SubnetRouteTableAssociation",
      Properties: { RouteTableId: { Ref: "PublicRoutes" }, SubnetId: { Ref: "PublicSubnet" } },
    },
    AppGroup: {
      Type: "AWS::EC2::SecurityGroup",
      Properties: { GroupDescription: "app", VpcId: { Ref: "Vpc" } },
    },
  };
  const ecsService = (logicalId: string, subnet: string, assignPublicIp: string) => ({
    [logicalId]: {
      Type: "AWS::ECS::Service",
      Properties: {
        Cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/c",
        TaskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/t:1",
        LaunchType: "FARGATE",
        NetworkConfiguration: {
          AwsvpcConfiguration: {
            Subnets: [{ Ref: subnet }],
            SecurityGroups: [{ "Fn::GetAtt": ["AppGroup", "GroupId"] }],
            AssignPublicIp: assignPublicIp,
          },
        },
      },
    },
  });
  const template = {
    Resources: {
      ...network,
      Worker: {
        Type: "AWS::Lambda::Function",
        Properties: {
          Role: { "Fn::GetAtt": ["WorkerRole", "Arn"] },
          PackageType: "Image",
          Code: { ImageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/w:latest" },
          VpcConfig: {
            SubnetIds: [{ Ref: "PrivateSubnet" }],
            SecurityGroupIds: [{ "Fn::GetAtt": ["AppGroup", "GroupId"] }],
          },
        },
      },
      WorkerRole: { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: {} } },
      // A function outside any VPC uses Lambda's own networking: not a workload to trace.
      Plain: { Type: "AWS::Lambda::Function", Properties: { Role: "arn:aws:iam::123456789012:role/r" } },
      ...ecsService("PublicTasks", "PublicSubnet", "ENABLED"),
      ...ecsService("HiddenTasks", "PublicSubnet", "DISABLED"),
    },
  };

  test("a Lambda function in private subnets without a NAT gets NO_ROUTE; a Fargate service with a public IP in a public subnet gets out; without one, NO_PUBLIC_IP", async () => {
    // YAML, as a hand-written template usually is.
    const path = write("workloads.yaml", stringify(template));
    const run = await doctor(["--template", path, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.verdict).toBe("partial");
    const by = (address: string) =>
      run.json?.subnets.filter((subnet) => subnet.workload?.address === address);
    expect(by("Worker")?.map((subnet) => [subnet.subnetId, subnet.reason?.code])).toEqual([
      ["PrivateSubnet", "NO_ROUTE"],
    ]);
    expect(by("Worker")?.[0]?.workload?.kind).toBe("lambda-function");
    expect(by("Plain")).toEqual([]);
    const publicTasks = by("PublicTasks")?.[0];
    expect(publicTasks?.verdict).toBe("reachable");
    expect(publicTasks?.hops.map((hop) => hop.kind)).toContain("internet-gateway");
    expect(publicTasks?.hops.map((hop) => hop.kind)).not.toContain("nat-gateway");
    expect(by("HiddenTasks")?.map((subnet) => subnet.reason?.code)).toEqual(["NO_PUBLIC_IP"]);
    // The warning about public subnets is for interfaces without a public IP only.
    const publicWarnings = run.json?.warnings.filter((warning) => warning.code === "PUBLIC_SUBNET_CONNECTOR");
    expect(publicWarnings?.map((warning) => warning.message.includes("HiddenTasks"))).toEqual([true]);
  });
});

describe("--template with existing subnets referenced by ID", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const lambdaIn = (subnetId: string, groupId: string) => ({
    Resources: {
      Worker: {
        Type: "AWS::Lambda::Function",
        Properties: {
          Role: "arn:aws:iam::123456789012:role/worker",
          FunctionName: "worker",
          VpcConfig: { SubnetIds: [subnetId], SecurityGroupIds: [groupId] },
        },
      },
    },
  });

  test("with credentials, the subnet is loaded from the account and traced: NO_ROUTE names the real IDs", async () => {
    const vpcId = await h.build.vpc("10.7.0.0/16");
    const subnetId = await h.build.subnet(vpcId, "10.7.1.0/24");
    const groupId = await h.build.securityGroup(vpcId, [
      { IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
    ]);
    const path = write("existing.json", lambdaIn(subnetId, groupId));
    const run = await doctor(["--template", path, "--json"], h.env);
    expect(run.code).toBe(1);
    expect(run.json?.subnets.map((subnet) => [subnet.subnetId, subnet.reason?.code])).toEqual([
      [subnetId, "NO_ROUTE"],
    ]);
    expect(run.json?.subnets[0]?.fix).toContain(vpcId);
  });

  test("without credentials, the subnet's verdict is unknown (UNRESOLVED_REFERENCE), exit 1 as for any path the doctor cannot follow, and it says why", async () => {
    const path = write("existing-offline.json", lambdaIn("subnet-0123456789abcdef0", "sg-0123456789abcdef0"));
    const run = await doctor(["--template", path, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.verdict).toBe("partial");
    const subnet = run.json?.subnets[0];
    expect(subnet?.verdict).toBe("unknown");
    expect(subnet?.reason?.code).toBe("UNRESOLVED_REFERENCE");
    expect(subnet?.reason?.message).toContain("subnet-0123456789abcdef0");
    expect(subnet?.reason?.message).toMatch(/could not be loaded from the account/);
    expect(subnet?.fix).toContain("credentials");
    const text = await doctor(["--template", path]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("Verdict: unknown (UNRESOLVED_REFERENCE)");
    expect(text.stdout).toContain("Next: Run the doctor where read-only AWS credentials");
    expect(text.stdout).toContain("Overall: PARTIAL");
  });

  test("subnets from a parameter without a Default or another stack's export are unknown until deployment, never guessed", async () => {
    const template = {
      Parameters: { SubnetIds: { Type: "List<AWS::EC2::Subnet::Id>" } },
      Resources: {
        FromParameter: {
          Type: "AWS::Lambda::Function",
          Properties: {
            Role: "arn:aws:iam::123456789012:role/r",
            VpcConfig: { SubnetIds: { Ref: "SubnetIds" } },
          },
        },
        FromExport: {
          Type: "AWS::ECS::Service",
          Properties: {
            NetworkConfiguration: {
              AwsvpcConfiguration: { Subnets: [{ "Fn::ImportValue": "network-PrivateSubnetA" }] },
            },
          },
        },
      },
    };
    const run = await doctor(["--template", write("deploy-time.json", template), "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.verdict).toBe("partial");
    expect(
      run.json?.subnets.map((subnet) => [subnet.workload?.address, subnet.verdict, subnet.reason?.code]),
    ).toEqual([
      ["FromParameter", "unknown", "UNRESOLVED_REFERENCE"],
      ["FromExport", "unknown", "UNRESOLVED_REFERENCE"],
    ]);
    expect(run.json?.subnets[0]?.reason?.message).toContain("parameter SubnetIds (no value and no Default)");
    expect(run.json?.subnets[1]?.reason?.message).toContain("Fn::ImportValue network-PrivateSubnetA");
    expect(JSON.stringify(run.json)).not.toContain("tfunknown-");
  });

  test("a definite failure next to an unknown one: verdict partial, each subnet with its own verdict", async () => {
    const cdk = synthesizePublicSubnetExample() as { Resources: Record<string, unknown> };
    const mixed = {
      Resources: {
        ...cdk.Resources,
        ...lambdaIn("subnet-0123456789abcdef0", "sg-0123456789abcdef0").Resources,
      },
    };
    const run = await doctor(["--template", write("mixed.json", mixed), "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.verdict).toBe("partial");
    expect(new Set(run.json?.subnets.map((subnet) => subnet.verdict))).toEqual(
      new Set(["unreachable", "unknown"]),
    );
  });
});

describe("--template and --terraform-plan: bad input exits 2 and says what to give", () => {
  const expectInputError = async (argv: string[], message: RegExp, hint: RegExp) => {
    const run = await doctor([...argv, "--json"]);
    expect(run.code).toBe(2);
    const error = (
      run.json as unknown as { verdict: string; error: { kind: string; message: string; hint: string } }
    )?.error;
    expect(error?.message).toMatch(message);
    expect(error?.hint).toMatch(hint);
    const text = await doctor(argv);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(message);
  };

  test("a missing or unreadable file", async () => {
    await expectInputError(
      ["--template", join(dir, "nope.json")],
      /Cannot read .*nope\.json: no such file/,
      /cdk synth/,
    );
    await expectInputError(["--terraform-plan", dir], /it is a directory/, /terraform show -json/);
  });

  test("a file that is not a template", async () => {
    const packageJson = fileURLToPath(new URL("../../package.json", import.meta.url));
    await expectInputError(
      ["--template", packageJson],
      /not a CloudFormation template: it has no Resources section/,
      /cdk\.out/,
    );
    await expectInputError(
      ["--template", write("broken.yaml", "Resources: [unclosed\n")],
      /is not JSON or YAML/,
      /CloudFormation template/,
    );
    await expectInputError(["--template", write("empty.yaml", "")], /is empty/, /CloudFormation template/);
  });

  test("a template without a workload to trace", async () => {
    const template = JSON.parse(
      readFileSync(
        write("net.json", {
          Resources: { Vpc: { Type: "AWS::EC2::VPC", Properties: { CidrBlock: "10.0.0.0/16" } } },
        }),
        "utf8",
      ),
    );
    expect(template.Resources.Vpc).toBeDefined();
    await expectInputError(
      ["--template", join(dir, "net.json")],
      /declares no workload the doctor can trace/,
      /--subnets/,
    );
  });

  test("a plan given as a template, a template given as a plan, and a plan of the wrong format_version", async () => {
    const plan = write("plan.json", { format_version: "1.2", planned_values: {}, resource_changes: [] });
    await expectInputError(
      ["--template", plan],
      /is a Terraform plan, not a CloudFormation template/,
      /--terraform-plan/,
    );
    await expectInputError(["--terraform-plan", recipeTemplate], /is not JSON/, /terraform show -json/);
    const old = write("old-plan.json", { format_version: "0.1", planned_values: {}, resource_changes: [] });
    await expectInputError(
      ["--terraform-plan", old],
      /format_version is 0\.1; the doctor reads plan JSON format 1\.x/,
      /plan's network/,
    );
    const state = write("state.json", { format_version: "1.0", values: {} });
    await expectInputError(["--terraform-plan", state], /not of a plan/, /plan's network/);
  });

  test("--template with another input is a usage error", async () => {
    const run = await doctor([
      "--template",
      recipeTemplate,
      "--subnets",
      "subnet-0123456789abcdef0",
      "--json",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("give exactly one of");
  });
});
