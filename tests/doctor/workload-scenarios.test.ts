// --lambda-function and --ecs-service: workloads built through the real SDK v3 clients (and the AWS
// CLI v1) against the emulator, diagnosed with the same verdicts, reasons, fixes and exit codes as
// App Runner's. A Lambda function's interfaces never have a public IP; a Fargate task with
// assignPublicIp ENABLED in a public subnet goes out through the internet gateway itself.

import { readFileSync, writeFileSync } from "node:fs";
import { CreateClusterCommand, CreateServiceCommand, ECSClient } from "@aws-sdk/client-ecs";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cliJson, findCliV1, runAwsCli } from "../emulator/aws-cli.ts";
import { EMPTY_ZIP, LAMBDA_ROLE, registerFargateTask } from "../emulator/lambda-ecs-fixtures.ts";
import { type Harness, REGION, startHarness } from "./doctor-harness.ts";

const ALL_OUT = [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }];

let h: Harness;
let lambda: LambdaClient;
let ecs: ECSClient;
beforeAll(async () => {
  h = await startHarness();
  const config = {
    region: REGION,
    endpoint: h.running.url,
    credentials: { accessKeyId: "AKIATEST", secretAccessKey: "test" },
  };
  lambda = new LambdaClient(config);
  ecs = new ECSClient(config);
  await ecs.send(new CreateClusterCommand({ clusterName: "lab" }));
  await registerFargateTask(ecs);
});
afterAll(async () => {
  lambda.destroy();
  ecs.destroy();
  await h.close();
});

let counter = 0;

/** A VPC with a private subnet (route table without a default route) and a public one (default route to an IGW). */
async function buildNetwork() {
  const vpcId = await h.build.vpc();
  const igwId = await h.build.internetGateway(vpcId);
  const publicSubnetId = await h.build.subnet(vpcId, "10.0.0.0/24");
  const publicRouteTableId = await h.build.routeTable(
    vpcId,
    [publicSubnetId],
    [{ cidr: "0.0.0.0/0", gatewayId: igwId }],
  );
  const privateSubnetId = await h.build.subnet(vpcId, "10.0.10.0/24");
  const privateRouteTableId = await h.build.routeTable(vpcId, [privateSubnetId], []);
  const groupId = await h.build.securityGroup(vpcId, ALL_OUT);
  return { vpcId, igwId, publicSubnetId, publicRouteTableId, privateSubnetId, privateRouteTableId, groupId };
}

async function createFunction(subnetIds: string[], groupIds: string[]): Promise<string> {
  const name = `lab-function-${++counter}`;
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: LAMBDA_ROLE,
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Code: { ZipFile: EMPTY_ZIP },
      ...(subnetIds.length === 0 ? {} : { VpcConfig: { SubnetIds: subnetIds, SecurityGroupIds: groupIds } }),
    }),
  );
  return name;
}

async function createFargateService(
  subnets: string[],
  assignPublicIp: "ENABLED" | "DISABLED",
): Promise<string> {
  const name = `web-${++counter}`;
  await ecs.send(
    new CreateServiceCommand({
      cluster: "lab",
      serviceName: name,
      taskDefinition: "lab-task",
      desiredCount: 1,
      launchType: "FARGATE",
      networkConfiguration: { awsvpcConfiguration: { subnets, assignPublicIp } },
    }),
  );
  return `lab/${name}`;
}

describe("--lambda-function", () => {
  test("in private subnets without a NAT: unreachable, NO_ROUTE, and the fix names the subnets' route table", async () => {
    const net = await buildNetwork();
    const name = await createFunction([net.privateSubnetId], [net.groupId]);
    const run = await h.doctor(["--lambda-function", name, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.verdict).toBe("unreachable");
    const [subnet] = run.json?.subnets ?? [];
    expect(subnet?.subnetId).toBe(net.privateSubnetId);
    expect(subnet?.reason?.code).toBe("NO_ROUTE");
    expect(subnet?.fix).toContain(net.privateRouteTableId);
    expect(subnet?.hops[0]?.detail).toContain(`Lambda function ${name}'s Hyperplane ENI`);
  });

  test("with a NAT gateway: reachable, seen from the NAT's Elastic IP", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const groupId = await h.build.securityGroup(net.vpcId, ALL_OUT);
    const name = await createFunction(net.privateSubnetIds, [groupId]);
    const run = await h.doctor(["--lambda-function", name, "--json"]);
    expect(run.code).toBe(0);
    expect(run.json?.verdict).toBe("reachable");
    expect(run.json?.subnets[0]?.sourceAddress).toBe(net.nat.publicIp);
    expect(run.json?.subnets[0]?.hops.map((hop) => hop.kind)).toContain("nat-gateway");
  });

  test("in a public subnet: unreachable, NO_PUBLIC_IP (Lambda's interfaces never get one), with the public-subnet warning", async () => {
    const net = await buildNetwork();
    const name = await createFunction([net.publicSubnetId], [net.groupId]);
    const run = await h.doctor(["--lambda-function", name, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.subnets[0]?.reason?.code).toBe("NO_PUBLIC_IP");
    const warning = run.json?.warnings.find((w) => w.code === "PUBLIC_SUBNET_CONNECTOR");
    expect(warning?.message).toContain(`the Lambda function ${name}`);
  });

  test("without a VpcConfig: the internet through Lambda's own networking, and no way into the VPC", async () => {
    const name = await createFunction([], []);
    const run = await h.doctor(["--lambda-function", name, "--json"]);
    expect(run.code).toBe(0);
    expect(run.json?.verdict).toBe("reachable");
    expect(run.json?.subnets[0]?.subnetId).toBeNull();
    expect(run.json?.subnets[0]?.hops[0]?.detail).toMatch(/no VPC configuration: networking Lambda manages/);
    expect(run.json?.warnings.map((w) => w.code)).toContain("LAMBDA_NOT_IN_VPC");
    const internal = await h.doctor(["--lambda-function", name, "--destination", "10.0.0.5", "--json"]);
    expect(internal.code).toBe(1);
    expect(internal.json?.subnets[0]?.reason?.code).toBe("NOT_IN_VPC");
    expect(internal.json?.subnets[0]?.fix).toMatch(/VpcConfig/);
  });

  test("without Ipv6AllowedForDualStack the function sends IPv4 only: an IPv6 destination is SOURCE_IPV4_ONLY", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const groupId = await h.build.securityGroup(net.vpcId, ALL_OUT);
    const name = await createFunction(net.privateSubnetIds, [groupId]);
    const run = await h.doctor(["--lambda-function", name, "--destination", "2600:1f18::10", "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.subnets[0]?.reason?.code).toBe("SOURCE_IPV4_ONLY");
  });

  test("an unknown function is exit 2 with what to run to list them", async () => {
    const run = await h.doctor(["--lambda-function", "no-such-function", "--json"]);
    expect(run.code).toBe(2);
    const error = (run.json as unknown as { error: { kind: string; message: string; hint: string } }).error;
    expect(error.kind).toBe("input");
    expect(error.message).toBe("No Lambda function named no-such-function in this region.");
    expect(error.hint).toContain("aws lambda list-functions");
  });

  test("a name Lambda would refuse is a usage error before any call", async () => {
    const run = await h.doctor(["--lambda-function", "has spaces"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--lambda-function needs a function name/);
  });
});

describe("--ecs-service", () => {
  test("Fargate in a public subnet with assignPublicIp ENABLED: reachable through the internet gateway, no public-subnet warning", async () => {
    const net = await buildNetwork();
    const service = await createFargateService([net.publicSubnetId], "ENABLED");
    const run = await h.doctor(["--ecs-service", service, "--json"]);
    expect(run.code).toBe(0);
    expect(run.json?.verdict).toBe("reachable");
    const hops = run.json?.subnets[0]?.hops ?? [];
    expect(hops.find((hop) => hop.kind === "internet-gateway")?.id).toBe(net.igwId);
    expect(hops[0]?.detail).toMatch(/assignPublicIp ENABLED: each task gets its own public IP/);
    expect(run.json?.warnings.map((w) => w.code)).not.toContain("PUBLIC_SUBNET_CONNECTOR");
  });

  test("Fargate in a public subnet with assignPublicIp DISABLED: unreachable, NO_PUBLIC_IP", async () => {
    const net = await buildNetwork();
    const service = await createFargateService([net.publicSubnetId], "DISABLED");
    const run = await h.doctor(["--ecs-service", service, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.subnets[0]?.reason?.code).toBe("NO_PUBLIC_IP");
    const warning = run.json?.warnings.find((w) => w.code === "PUBLIC_SUBNET_CONNECTOR");
    expect(warning?.message).toMatch(/Or, for a Fargate service, set assignPublicIp ENABLED/);
  });

  test("Fargate in a private subnet without a NAT: unreachable even with assignPublicIp ENABLED", async () => {
    const net = await buildNetwork();
    const service = await createFargateService([net.privateSubnetId], "ENABLED");
    const run = await h.doctor(["--ecs-service", service, "--json"]);
    expect(run.code).toBe(1);
    expect(run.json?.subnets[0]?.reason?.code).toBe("NO_ROUTE");
    expect(run.json?.subnets[0]?.fix).toContain(net.privateRouteTableId);
  });

  test("Fargate in a private subnet with a NAT, no public IP: reachable from the NAT's Elastic IP", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const service = await createFargateService(net.privateSubnetIds, "DISABLED");
    const run = await h.doctor(["--ecs-service", service, "--json"]);
    expect(run.code).toBe(0);
    expect(run.json?.subnets[0]?.sourceAddress).toBe(net.nat.publicIp);
  });

  test("a service ARN names its cluster and region", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const service = await createFargateService(net.privateSubnetIds, "DISABLED");
    const arn = `arn:aws:ecs:${REGION}:123456789012:service/${service}`;
    const run = await h.doctor(["--ecs-service", arn, "--json"]);
    expect(run.code).toBe(0);
  });

  test("malformed --ecs-service, an unknown cluster and an unknown service are exit 2 with what to do", async () => {
    const malformed = await h.doctor(["--ecs-service", "web", "--json"]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/--ecs-service needs <cluster>\/<service>/);
    const cluster = await h.doctor(["--ecs-service", "nope/web", "--json"]);
    expect(cluster.code).toBe(2);
    expect(cluster.stderr).toMatch(/No ECS cluster named nope in this region\.\n.*aws ecs list-clusters/);
    const service = await h.doctor(["--ecs-service", "lab/nope", "--json"]);
    expect(service.code).toBe(2);
    expect(service.stderr).toMatch(
      /No ECS service named nope in cluster lab\.\n.*aws ecs list-services --cluster lab/,
    );
  });

  test("two inputs at once are a usage error", async () => {
    const run = await h.doctor(["--ecs-service", "lab/web", "--lambda-function", "f"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /give exactly one of --service, --vpc-connector, --lambda-function, --ecs-service, --subnets, --template or --terraform-plan/,
    );
  });
});

test("every call of a --lambda-function and an --ecs-service diagnosis is allowed by scripts/doctor-iam-policy.json", async () => {
  const policy = JSON.parse(readFileSync("scripts/doctor-iam-policy.json", "utf8")) as {
    Statement: { Action: string[] }[];
  };
  const allowed = new Set(policy.Statement.flatMap((statement) => statement.Action));
  const net = await h.build.privateSubnetsWithNat();
  const groupId = await h.build.securityGroup(net.vpcId, ALL_OUT);
  const name = await createFunction(net.privateSubnetIds, [groupId]);
  const service = await createFargateService(net.privateSubnetIds, "DISABLED");
  const before = (await h.calls()).length;
  expect((await h.doctor(["--lambda-function", name])).code).toBe(0);
  expect((await h.doctor(["--ecs-service", service])).code).toBe(0);
  const used = new Set((await h.calls()).slice(before).map((call) => `${call.service}:${call.action}`));
  expect(used).toContain("lambda:GetFunctionConfiguration");
  expect(used).toContain("ecs:DescribeServices");
  expect([...used].filter((action) => !allowed.has(action))).toEqual([]);
});

describe("workloads built with the AWS CLI v1", () => {
  const cli = findCliV1();
  const strict = process.env["CI"] === "true";
  if (cli === null && !strict)
    console.warn("SKIPPED: no AWS CLI v1 on PATH (pip install awscli); run with CI=true to make this fail.");
  test.skipIf(cli === null && !strict)(
    "aws lambda create-function and aws ecs create-service, then the doctor",
    async () => {
      expect(cli, "the AWS CLI v1 (pip install awscli) is required when CI=true").not.toBeNull();
      const aws = (args: string[]) => runAwsCli(cli as string, h.running.url, args);
      const net = await buildNetwork();
      const run = async (args: string[]) => cliJson(await aws(args), args);
      const zip = `/tmp/doctor-workloads-${process.pid}.zip`;
      writeFileSync(zip, EMPTY_ZIP);
      const created = await run([
        "lambda",
        "create-function",
        "--function-name",
        "cli-function",
        "--runtime",
        "python3.13",
        "--handler",
        "app.handler",
        "--role",
        LAMBDA_ROLE,
        "--zip-file",
        `fileb://${zip}`,
        "--vpc-config",
        `SubnetIds=${net.privateSubnetId},SecurityGroupIds=${net.groupId}`,
      ]);
      expect(created.VpcConfig.VpcId).toBe(net.vpcId);
      await run([
        "ecs",
        "create-service",
        "--cluster",
        "lab",
        "--service-name",
        "cli-web",
        "--task-definition",
        "lab-task",
        "--desired-count",
        "1",
        "--launch-type",
        "FARGATE",
        "--network-configuration",
        `awsvpcConfiguration={subnets=[${net.publicSubnetId}],assignPublicIp=ENABLED}`,
      ]);
      const missing = await aws(["lambda", "get-function-configuration", "--function-name", "nope"]);
      expect(missing.ok).toBe(false);
      expect(missing.stderr).toMatch(/ResourceNotFoundException/);
      expect(
        (await h.doctor(["--lambda-function", "cli-function", "--json"])).json?.subnets[0]?.reason?.code,
      ).toBe("NO_ROUTE");
      expect((await h.doctor(["--ecs-service", "lab/cli-web", "--json"])).json?.verdict).toBe("reachable");
    },
  );
});
