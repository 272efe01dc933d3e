// Malformed input: random and truncated bodies, unknown actions, wrong parameter types, oversized
// bodies, and randomly built parameters for every EC2 action. Each must be answered with an
// AWS-shaped error (never a 500 from a handler bug), and the server must keep serving.

import { CreateVpcCommand, DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ec2Actions } from "../../src/emulator/ec2/actions.ts";
import { type Ec2TestContext, startEc2Emulator } from "./helpers.ts";

let t: Ec2TestContext;
let vpcId: string;
beforeAll(async () => {
  t = await startEc2Emulator();
  vpcId = (await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc?.VpcId as string;
});
afterAll(async () => {
  await t.close();
});

const AUTH =
  "AWS4-HMAC-SHA256 Credential=AKIDEMULATOR/20261125/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00";

async function post(body: string | Blob): Promise<{ status: number; text: string }> {
  const response = await fetch(t.running.url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", authorization: AUTH },
    body,
  });
  return { status: response.status, text: await response.text() };
}

function errorCode(text: string): string | null {
  return (
    /<Response><Errors><Error><Code>([^<]+)<\/Code><Message>[^<]*<\/Message><\/Error><\/Errors><RequestID>[^<]+<\/RequestID><\/Response>/.exec(
      text,
    )?.[1] ?? null
  );
}

function expectAwsError(reply: { status: number; text: string }): void {
  expect(reply.status, reply.text).toBeGreaterThanOrEqual(400);
  expect(reply.status, reply.text).toBeLessThan(500);
  expect(errorCode(reply.text), reply.text).not.toBeNull();
}

async function stillServing(): Promise<void> {
  const { Vpcs } = await t.ec2.send(new DescribeVpcsCommand({}));
  expect(Vpcs?.length).toBeGreaterThan(0);
}

describe("malformed requests", () => {
  test("random bodies get AWS-shaped errors", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        expectAwsError(await post(new Blob([new Uint8Array(bytes)])));
      }),
      { numRuns: 150, seed: 42 },
    );
    await stillServing();
  });

  test("every truncation of a valid request is answered with a result or an AWS-shaped error", async () => {
    const body = new URLSearchParams({
      Action: "CreateSecurityGroup",
      Version: "2016-11-15",
      GroupName: "truncated",
      GroupDescription: "d",
      VpcId: vpcId,
      "TagSpecification.1.ResourceType": "security-group",
      "TagSpecification.1.Tag.1.Key": "Name",
      "TagSpecification.1.Tag.1.Value": "x",
    }).toString();
    for (let cut = 0; cut < body.length; cut++) {
      const reply = await post(body.slice(0, cut));
      if (reply.status !== 200) expectAwsError(reply);
    }
    await stillServing();
  });

  test("an unknown action gives InvalidAction", async () => {
    const reply = await post("Action=LaunchRocket&Version=2016-11-15");
    expectAwsError(reply);
    expect(errorCode(reply.text)).toBe("InvalidAction");
  });

  test("parameters of the wrong type give InvalidParameterValue", async () => {
    const cases = [
      "Action=DescribeVpcs&Version=2016-11-15&MaxResults=many",
      "Action=DescribeVpcs&Version=2016-11-15&DryRun=perhaps",
      "Action=DescribeVpcs&Version=2016-11-15&NextToken=not-a-token",
      "Action=DescribeVpcs&Version=2016-11-15&Filter.99999.Name=x",
    ];
    for (const body of cases) {
      const reply = await post(body);
      expectAwsError(reply);
      expect(["InvalidParameterValue", "InvalidNextToken"]).toContain(errorCode(reply.text));
    }
  });

  test("a value where the model has none (a nested name under a string) gives UnknownParameter", async () => {
    for (const [body, name] of [
      ["Action=CreateVpc&Version=2016-11-15&CidrBlock.1.Nested=x", "CidrBlock.1"],
      ["Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name.Deep=x", "Filter.1.Name.Deep"],
    ] as const) {
      const reply = await post(body);
      expectAwsError(reply);
      expect(errorCode(reply.text)).toBe("UnknownParameter");
      expect(reply.text).toContain(`The parameter ${name}`);
    }
  });

  test("a missing required parameter gives MissingParameter", async () => {
    const reply = await post("Action=CreateVpc&Version=2016-11-15");
    expect(errorCode(reply.text)).toBe("MissingParameter");
  });

  test("an oversized body is refused with HTTP 413 and the server keeps serving", async () => {
    const reply = await post(`Action=CreateTags&Version=2016-11-15&Tag.1.Key=${"x".repeat(2 * 1024 * 1024)}`);
    expect(reply.status).toBe(413);
    expect(errorCode(reply.text)).toBe("RequestEntityTooLarge");
    await stillServing();
  });
});

describe("random parameters for every EC2 action", () => {
  const names = [
    "VpcId",
    "SubnetId",
    "CidrBlock",
    "AvailabilityZone",
    "InternetGatewayId",
    "AllocationId",
    "PublicIp",
    "NatGatewayId",
    "ConnectivityType",
    "RouteTableId",
    "DestinationCidrBlock",
    "DestinationPrefixListId",
    "GatewayId",
    "AssociationId",
    "GroupId",
    "GroupName",
    "GroupDescription",
    "NetworkAclId",
    "RuleNumber",
    "Protocol",
    "RuleAction",
    "Egress",
    "PortRange.From",
    "PortRange.To",
    "ResourceId.1",
    "Tag.1.Key",
    "Tag.1.Value",
    "Filter.1.Name",
    "Filter.1.Value.1",
    "MaxResults",
    "NextToken",
    "VpcEndpointId.1",
    "ServiceName",
    "RouteTableId.1",
    "Attribute",
    "EnableDnsSupport.Value",
    "MapPublicIpOnLaunch.Value",
    "IpPermissions.1.IpProtocol",
    "IpPermissions.1.FromPort",
    "IpPermissions.1.ToPort",
    "IpPermissions.1.IpRanges.1.CidrIp",
    "IpPermissions.1.Groups.1.GroupId",
    "SecurityGroupRuleId.1",
    "TagSpecification.1.ResourceType",
    "TagSpecification.1.Tag.1.Key",
    "VpcId.1",
    "SubnetId.1",
    "NetworkInterfaceId",
    "Domain",
    "InstanceTenancy",
    "CidrIp",
    "IpProtocol",
    "FromPort",
    "ToPort",
  ];
  const values = () =>
    fc.oneof(
      fc.constantFrom(
        "",
        "true",
        "false",
        "-1",
        "0",
        "5",
        "100",
        "65536",
        "10.0.0.0/16",
        "10.0.1.0/24",
        "0.0.0.0/0",
        "999.1.1.1/40",
        "tcp",
        "all",
        "allow",
        "deny",
        "vpc-id",
        "tag:Name",
        "state",
        "*",
        "?",
        "private",
        "public",
        "Gateway",
        "com.amazonaws.us-east-1.s3",
        "vpc-0123456789abcdef0",
        "pl-63a5400a",
        "enableDnsSupport",
        "default",
        "sg-",
        "eipalloc-",
        "rtbassoc-0123456789abcdef0",
      ),
      fc.string({ maxLength: 12 }),
      fc.constant(vpcId),
    );

  test("never crash a handler: each reply is a result or an AWS-shaped 4xx error", async () => {
    const actions = Object.keys(ec2Actions).filter((a) => !/Instances|Images|ConsoleOutput/.test(a));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...actions),
        fc.dictionary(fc.constantFrom(...names), values(), { maxKeys: 8 }),
        async (action, params) => {
          const body = new URLSearchParams({ Action: action, Version: "2016-11-15", ...params }).toString();
          const reply = await post(body);
          if (reply.status !== 200) expectAwsError(reply);
        },
      ),
      { numRuns: 600, seed: 7 },
    );
    await stillServing();
  });
});
