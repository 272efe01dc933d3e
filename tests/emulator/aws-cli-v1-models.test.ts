// The AWS CLI v1 (pip's `aws`, built on botocore with current models) runs the lab's calls against
// the emulator now that every request is checked against those same models, and gets the emulator's
// refusals by name for what it does not model. Debian's CLI 2.9 is covered by aws-cli-lab.test.ts.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cliJson, findCliV1, runAwsCli } from "./aws-cli.ts";
import { type Ec2TestContext, startEc2Emulator } from "./helpers.ts";

const CLI = findCliV1();
if (CLI === null && process.env["CI"] === "true")
  throw new Error("the AWS CLI v1 (pip install awscli) is required when CI=true");
if (CLI === null)
  console.warn("SKIPPED: no AWS CLI v1 on PATH (pip install awscli); run with CI=true to make this fail.");

let t: Ec2TestContext;

beforeAll(async () => {
  t = await startEc2Emulator();
});
afterAll(async () => {
  await t?.close();
});

const aws = (...args: string[]) => runAwsCli(CLI as string, t.running.url, args);
// biome-ignore lint/suspicious/noExplicitAny: CLI JSON output
const json = async (...args: string[]): Promise<any> => cliJson(await aws(...args), args);

describe.skipIf(CLI === null)("AWS CLI v1 against the model-checked emulator", () => {
  test("the lab's calls go through; an unmodelled member is refused by name", {
    timeout: 120_000,
  }, async () => {
    expect((await json("sts", "get-caller-identity")).Account).toMatch(/^\d{12}$/);
    const tags = "ResourceType=vpc,Tags=[{Key=apprunner-egress-lab:stack,Value=cli-v1}]";
    const vpc = (
      await json("ec2", "create-vpc", "--cidr-block", "10.60.0.0/16", "--tag-specifications", tags)
    ).Vpc;
    const subnet = (
      await json(
        "ec2",
        "create-subnet",
        "--vpc-id",
        vpc.VpcId,
        "--cidr-block",
        "10.60.1.0/24",
        "--availability-zone",
        "us-east-1a",
      )
    ).Subnet;
    const found = await json("ec2", "describe-subnets", "--filters", `Name=vpc-id,Values=${vpc.VpcId}`);
    expect(found.Subnets.map((s: { SubnetId: string }) => s.SubnetId)).toEqual([subnet.SubnetId]);
    const group = await json(
      "ec2",
      "create-security-group",
      "--group-name",
      "cli-v1",
      "--description",
      "lab",
      "--vpc-id",
      vpc.VpcId,
    );
    await json(
      "ec2",
      "authorize-security-group-egress",
      "--group-id",
      group.GroupId,
      "--ip-permissions",
      "IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]",
    );
    const connector = await json(
      "apprunner",
      "create-vpc-connector",
      "--vpc-connector-name",
      "cli-v1-connector",
      "--subnets",
      subnet.SubnetId,
      "--security-groups",
      group.GroupId,
    );
    expect(connector.VpcConnector.Status).toBe("ACTIVE");
    const refused = await aws(
      "ec2",
      "create-vpc",
      "--cidr-block",
      "10.61.0.0/16",
      "--ipv6-cidr-block-network-border-group",
      "us-east-1",
    );
    expect(refused.ok).toBe(false);
    expect(refused.stderr).toContain("UnsupportedOperation");
    expect(refused.stderr).toContain("Ipv6CidrBlockNetworkBorderGroup");
    await json(
      "apprunner",
      "delete-vpc-connector",
      "--vpc-connector-arn",
      connector.VpcConnector.VpcConnectorArn,
    );
    await json("ec2", "delete-security-group", "--group-id", group.GroupId);
    await json("ec2", "delete-subnet", "--subnet-id", subnet.SubnetId);
    await json("ec2", "delete-vpc", "--vpc-id", vpc.VpcId);
  });
});
