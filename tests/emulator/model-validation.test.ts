// Requests are checked against AWS's service models before any handler runs, through real clients:
// SDK v3 for what it can send, raw signed-looking posts for what no SDK sends (unknown members).
// Members the model allows but the emulator does not honour are refused by name.

import {
  AllocateAddressCommand,
  type AllocateAddressCommandInput,
  CreateNetworkInterfaceCommand,
  type CreateNetworkInterfaceCommandInput,
  CreateSubnetCommand,
  type CreateSubnetCommandInput,
  CreateVpcCommand,
  type CreateVpcCommandInput,
  CreateVpcEndpointCommand,
  DescribeAddressesCommand,
  DescribeImagesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  RunInstancesCommand,
  type RunInstancesCommandInput,
} from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { probeServiceInput, startWithClients } from "./apprunner-helpers.ts";
import { errorOf, testClientConfig } from "./helpers.ts";

/** The requests of the operations whose unmodelled members the table below sends. */
interface RefusedInputs {
  CreateVpc: CreateVpcCommandInput;
  CreateSubnet: CreateSubnetCommandInput;
  CreateNetworkInterface: CreateNetworkInterfaceCommandInput;
  AllocateAddress: AllocateAddressCommandInput;
  RunInstances: RunInstancesCommandInput;
}
/** An operation, the member it refuses, and what the request adds to a valid one. */
type RefusedRow = { [K in keyof RefusedInputs]: [K, string, Partial<RefusedInputs[K]>] }[keyof RefusedInputs];

let t: Awaited<ReturnType<typeof startWithClients>>;
let vpcId: string;
let subnetId: string;
let imageId: string;

beforeAll(async () => {
  t = await startWithClients();
  vpcId = (await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.40.0.0/16" }))).Vpc?.VpcId as string;
  subnetId = (await t.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.40.1.0/24" }))).Subnet
    ?.SubnetId as string;
  imageId = (await t.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))).Images?.[0]
    ?.ImageId as string;
});
afterAll(async () => {
  t.apprunner.destroy();
  t.ec2.destroy();
  await t.running.close();
});

const AUTH = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIDEMULATOR/20261128/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

async function post(body: string, service = "ec2"): Promise<{ status: number; text: string }> {
  const response = await fetch(t.running.url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: AUTH(service) },
    body,
  });
  return { status: response.status, text: await response.text() };
}

async function postJson(
  operation: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, string> }> {
  const response = await fetch(t.running.url, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `AppRunner.${operation}`,
      authorization: AUTH("apprunner"),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, string> };
}

const code = (xml: string) => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
const message = (xml: string) => /<Message>([^<]+)<\/Message>/.exec(xml)?.[1];

describe("App Runner (JSON 1.0): InvalidRequestException for what the model forbids", () => {
  test('SDK v3 CreateService with Cpu "3 vCPU" is refused by the model\'s pattern', async () => {
    const input = probeServiceInput("cpu-three", {
      InstanceConfiguration: { Cpu: "3 vCPU", Memory: "2 GB" },
    });
    const error = await errorOf(
      t.apprunner.send(new (await import("@aws-sdk/client-apprunner")).CreateServiceCommand(input)),
    );
    expect(error.name).toBe("InvalidRequestException");
    expect(error.message).toContain("'3 vCPU' at 'instanceConfiguration.cpu'");
    expect(error.message).toContain("regular expression pattern");
  });

  test("a ServiceName too short is refused with the length rule", async () => {
    const { CreateServiceCommand } = await import("@aws-sdk/client-apprunner");
    const error = await errorOf(t.apprunner.send(new CreateServiceCommand(probeServiceInput("abc"))));
    expect(error.name).toBe("InvalidRequestException");
    expect(error.message).toMatch(
      /at 'serviceName' failed to satisfy constraint: Member must have length greater than or equal to 4/,
    );
  });

  test("a missing required member and an unknown member are refused before the handler runs", async () => {
    const missing = await postJson("DescribeService", {});
    expect(missing.status).toBe(400);
    expect(missing.json["__type"]).toBe("InvalidRequestException");
    expect(JSON.stringify(missing.json)).toContain(
      "at 'serviceArn' failed to satisfy constraint: Member must not be null",
    );
    const unknown = await postJson("ListServices", { Colour: "blue" });
    expect(unknown.json["__type"]).toBe("InvalidRequestException");
    expect(JSON.stringify(unknown.json)).toContain("Colour");
  });

  test("a member AWS honours but the emulator does not model is refused by name", async () => {
    const { CreateServiceCommand } = await import("@aws-sdk/client-apprunner");
    const error = await errorOf(
      t.apprunner.send(
        new CreateServiceCommand(
          probeServiceInput("encrypted-one", {
            EncryptionConfiguration: {
              KmsKey: "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012",
            },
          }),
        ),
      ),
    );
    expect(error.name).toBe("InvalidRequestException");
    expect(error.message).toContain(
      "The emulator does not model EncryptionConfiguration.KmsKey on CreateService",
    );
    const dualStack = await errorOf(
      t.apprunner.send(
        new CreateServiceCommand(
          probeServiceInput("dual-stack", { NetworkConfiguration: { IpAddressType: "DUAL_STACK" } }),
        ),
      ),
    );
    expect(dualStack.message).toContain("NetworkConfiguration.IpAddressType");
  });
});

describe("EC2 (EC2 Query): MissingParameter, InvalidParameterValue, UnknownParameter", () => {
  test("a call missing a required member", async () => {
    const error = await errorOf(t.ec2.send(new CreateSubnetCommand({ CidrBlock: "10.40.2.0/24" } as never)));
    expect(error.name).toBe("MissingParameter");
    expect(error.message).toBe("The request must contain the parameter VpcId");
  });

  test("an enum violation", async () => {
    const error = await errorOf(
      t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.41.0.0/16", InstanceTenancy: "shared" as never })),
    );
    expect(error.name).toBe("InvalidParameterValue");
    expect(error.message).toMatch(/^Value \(shared\) for parameter instanceTenancy is invalid\./);
  });

  test("a list longer than the model allows", async () => {
    const error = await errorOf(
      t.ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          ServiceName: "com.amazonaws.us-east-1.s3",
          DnsOptions: {
            PrivateDnsSpecifiedDomains: Array.from({ length: 11 }, (_, i) => `d${i}.example.com`),
          },
        }),
      ),
    );
    expect(error.name).toBe("InvalidParameterValue");
    expect(error.message).toContain("at most 10");
  });

  test("an unknown member, an integer that is not one, a boolean that is not one", async () => {
    const unknown = await post("Action=DescribeVpcs&Version=2016-11-15&Colour=blue");
    expect(unknown.status).toBe(400);
    expect(code(unknown.text)).toBe("UnknownParameter");
    expect(message(unknown.text)).toBe("The parameter Colour is not recognized");
    const notInt = await post("Action=DescribeVpcs&Version=2016-11-15&MaxResults=ten");
    expect(code(notInt.text)).toBe("InvalidParameterValue");
    const notBool = await post(
      `Action=ModifySubnetAttribute&Version=2016-11-15&SubnetId=${subnetId}&MapPublicIpOnLaunch.Value=yes`,
    );
    expect(code(notBool.text)).toBe("InvalidParameterValue");
  });

  test("a member AWS would act on but the emulator does not model is refused by name, nothing created", async () => {
    const before = (await t.ec2.send(new DescribeVpcsCommand({}))).Vpcs?.length;
    const error = await errorOf(
      t.ec2.send(
        new RunInstancesCommand({
          ImageId: imageId,
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnetId,
          KeyName: "mine",
        }),
      ),
    );
    expect(error.name).toBe("UnsupportedOperation");
    expect(error.message).toContain("The emulator does not model KeyName on RunInstances");
    const ipv6 = await errorOf(
      t.ec2.send(
        new CreateVpcCommand({ CidrBlock: "10.42.0.0/16", Ipv6CidrBlockNetworkBorderGroup: "us-east-1" }),
      ),
    );
    expect(ipv6.message).toContain("Ipv6CidrBlockNetworkBorderGroup");
    expect((await t.ec2.send(new DescribeVpcsCommand({}))).Vpcs?.length).toBe(before);
  });

  // These members were once refused by the handlers themselves (a list per handler); the model check
  // now refuses every one before any handler runs, with its own message (the emulator's signature).
  // Each row adds members to a valid request of its operation; `undefined` leaves a base member out.
  // RunInstances rows with NetworkInterfaces put the member in an interface of the subnet.
  const sendWith: { [K in keyof RefusedInputs]: (extra: Partial<RefusedInputs[K]>) => Promise<unknown> } = {
    CreateVpc: (extra) => t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.43.0.0/16", ...extra })),
    CreateSubnet: (extra) =>
      t.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.40.9.0/24", ...extra })),
    CreateNetworkInterface: (extra) =>
      t.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, ...extra })),
    AllocateAddress: (extra) => t.ec2.send(new AllocateAddressCommand({ Domain: "vpc", ...extra })),
    RunInstances: ({ NetworkInterfaces, ...extra }) =>
      t.ec2.send(
        new RunInstancesCommand({
          ImageId: imageId,
          MinCount: 1,
          MaxCount: 1,
          ...(NetworkInterfaces === undefined
            ? { SubnetId: subnetId }
            : {
                NetworkInterfaces: NetworkInterfaces.map((spec) => ({
                  DeviceIndex: 0,
                  SubnetId: subnetId,
                  ...spec,
                })),
              }),
          ...extra,
        }),
      ),
  };
  const refused: RefusedRow[] = [
    ["CreateVpc", "Ipv6CidrBlock", { Ipv6CidrBlock: "2600:1f18::/56" }],
    ["CreateVpc", "Ipv6Pool", { Ipv6Pool: "ipv6pool-ec2-0123" }],
    ["CreateVpc", "Ipv6IpamPoolId", { Ipv6IpamPoolId: "ipam-pool-0123" }],
    ["CreateVpc", "Ipv6NetmaskLength", { Ipv6NetmaskLength: 56 }],
    ["CreateVpc", "Ipv4IpamPoolId", { CidrBlock: undefined, Ipv4IpamPoolId: "ipam-pool-0123" }],
    ["CreateVpc", "Ipv4NetmaskLength", { Ipv4NetmaskLength: 16 }],
    ["CreateVpc", "Ipv6Pool", { Ipv6Pool: "ipv6pool-ec2-0123", Ipv6CidrBlock: "2600::/56" }],
    ["CreateSubnet", "Ipv6CidrBlock", { Ipv6CidrBlock: "2600:1f18::/64" }],
    ["CreateSubnet", "Ipv6IpamPoolId", { Ipv6IpamPoolId: "ipam-pool-0123" }],
    ["CreateSubnet", "Ipv6NetmaskLength", { Ipv6NetmaskLength: 64 }],
    ["CreateSubnet", "Ipv4IpamPoolId", { CidrBlock: undefined, Ipv4IpamPoolId: "ipam-pool-0123" }],
    ["CreateSubnet", "Ipv4NetmaskLength", { Ipv4NetmaskLength: 24 }],
    ["CreateSubnet", "OutpostArn", { OutpostArn: "arn:aws:outposts:us-east-1:123456789012:outpost/op-0123" }],
    ["CreateSubnet", "Ipv6Native", { Ipv6Native: true }],
    [
      "CreateNetworkInterface",
      "PrivateIpAddresses",
      { PrivateIpAddresses: [{ PrivateIpAddress: "10.40.1.50", Primary: true }] },
    ],
    ["CreateNetworkInterface", "SecondaryPrivateIpAddressCount", { SecondaryPrivateIpAddressCount: 1 }],
    ["CreateNetworkInterface", "Ipv6Addresses", { Ipv6Addresses: [{ Ipv6Address: "2600:1f18::5" }] }],
    ["CreateNetworkInterface", "Ipv6AddressCount", { Ipv6AddressCount: 1 }],
    ["CreateNetworkInterface", "Ipv4Prefixes", { Ipv4Prefixes: [{ Ipv4Prefix: "10.40.1.64/28" }] }],
    ["CreateNetworkInterface", "Ipv4PrefixCount", { Ipv4PrefixCount: 1 }],
    ["CreateNetworkInterface", "Ipv6Prefixes", { Ipv6Prefixes: [{ Ipv6Prefix: "2600:1f18::/80" }] }],
    ["CreateNetworkInterface", "Ipv6PrefixCount", { Ipv6PrefixCount: 1 }],
    ["AllocateAddress", "Address", { Address: "203.0.113.5" }],
    ["AllocateAddress", "PublicIpv4Pool", { PublicIpv4Pool: "ipv4pool-ec2-0123" }],
    ["AllocateAddress", "CustomerOwnedIpv4Pool", { CustomerOwnedIpv4Pool: "ipv4pool-coip-0123" }],
    ["AllocateAddress", "IpamPoolId", { IpamPoolId: "ipam-pool-0123" }],
    ["RunInstances", "Ipv6Addresses", { Ipv6Addresses: [{ Ipv6Address: "2600:1f18::5" }] }],
    ["RunInstances", "Ipv6AddressCount", { Ipv6AddressCount: 1 }],
    [
      "RunInstances",
      "NetworkInterfaceId",
      { NetworkInterfaces: [{ NetworkInterfaceId: "eni-0123456789abcdef0" }] },
    ],
    [
      "RunInstances",
      "PrivateIpAddresses",
      { NetworkInterfaces: [{ PrivateIpAddresses: [{ PrivateIpAddress: "10.40.1.51", Primary: true }] }] },
    ],
    [
      "RunInstances",
      "SecondaryPrivateIpAddressCount",
      { NetworkInterfaces: [{ SecondaryPrivateIpAddressCount: 1 }] },
    ],
    [
      "RunInstances",
      "Ipv6Addresses",
      { NetworkInterfaces: [{ Ipv6Addresses: [{ Ipv6Address: "2600:1f18::6" }] }] },
    ],
    ["RunInstances", "Ipv6AddressCount", { NetworkInterfaces: [{ Ipv6AddressCount: 1 }] }],
  ];
  test.each(refused)(
    "%s with %s is refused by the model check before its handler runs",
    async (operation, member, extra) => {
      const error = await errorOf((sendWith[operation] as (extra: object) => Promise<unknown>)(extra));
      expect(error.name).toBe("UnsupportedOperation");
      expect(error.message).toContain(`The emulator does not model `);
      expect(error.message).toContain(member);
      expect(error.message).toContain(` on ${operation}`);
      expect(error.message).toContain(
        "This error comes from the App Runner Egress Lab emulator, not from AWS.",
      );
    },
  );

  test("nothing was created by those refusals; the boolean flags set to false are accepted", async () => {
    expect(
      (await t.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "cidr", Values: ["10.43.0.0/16"] }] })))
        .Vpcs,
    ).toEqual([]);
    expect(
      (
        await t.ec2.send(
          new DescribeSubnetsCommand({ Filters: [{ Name: "cidr-block", Values: ["10.40.9.0/24"] }] }),
        )
      ).Subnets,
    ).toEqual([]);
    expect(
      (
        await t.ec2.send(
          new DescribeNetworkInterfacesCommand({ Filters: [{ Name: "subnet-id", Values: [subnetId] }] }),
        )
      ).NetworkInterfaces,
    ).toEqual([]);
    expect((await t.ec2.send(new DescribeAddressesCommand({}))).Addresses).toEqual([]);
    const vpc = await t.ec2.send(
      new CreateVpcCommand({ CidrBlock: "10.44.0.0/16", AmazonProvidedIpv6CidrBlock: false }),
    );
    expect(vpc.Vpc?.Ipv6CidrBlockAssociationSet ?? []).toEqual([]);
    const subnet = await t.ec2.send(
      new CreateSubnetCommand({
        VpcId: vpc.Vpc?.VpcId as string,
        CidrBlock: "10.44.1.0/24",
        Ipv6Native: false,
      }),
    );
    expect(subnet.Subnet?.Ipv6Native).toBe(false);
  });

  test("ClientToken: the same request twice creates one instance; other parameters under that token are refused", async () => {
    const input = {
      ImageId: imageId,
      MinCount: 1,
      MaxCount: 1,
      SubnetId: subnetId,
      InstanceType: "t4g.nano" as const,
      ClientToken: "once",
    };
    const first = await t.ec2.send(new RunInstancesCommand(input));
    const again = await t.ec2.send(new RunInstancesCommand(input));
    expect(again.Instances?.[0]?.InstanceId).toBe(first.Instances?.[0]?.InstanceId);
    const other = await errorOf(t.ec2.send(new RunInstancesCommand({ ...input, InstanceType: "t4g.micro" })));
    expect(other.name).toBe("IdempotentParameterMismatch");
  });
});

describe("STS (AWS Query)", () => {
  test("GetCallerIdentity answers; an unknown parameter is a ValidationError", async () => {
    const sts = new STSClient(testClientConfig(t.running.url));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toMatch(/^\d{12}$/);
    sts.destroy();
    const reply = await post("Action=GetCallerIdentity&Version=2011-06-15&Colour=blue", "sts");
    expect(reply.status).toBe(400);
    expect(code(reply.text)).toBe("ValidationError");
  });
});
