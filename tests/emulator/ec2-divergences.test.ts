// The divergences from AWS that an independent boto3 suite and the AWS CLI found (issue 10), each
// through the SDK v3 EC2 client against the emulator: what AWS returns or refuses, the emulator
// returns or refuses too.

import {
  AllocateAddressCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkAclCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteTagsCommand,
  DescribeAvailabilityZonesCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVpcsCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { AMAZON_IMAGES } from "../../src/emulator/workloads/images.ts";
import { createEc2Client, type Ec2TestContext, errorOf, filter, startEc2Emulator } from "./helpers.ts";

let t: Ec2TestContext;
let vpcId: string;
let subnetId: string;
beforeEach(async () => {
  t = await startEc2Emulator();
  const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
  vpcId = Vpc?.VpcId as string;
  const { Subnet } = await t.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.0.1.0/24" }));
  subnetId = Subnet?.SubnetId as string;
});
afterEach(async () => {
  await t.close();
});

const IMAGE_ID = AMAZON_IMAGES[0]?.imageId as string;

async function createGroup(name: string): Promise<string> {
  const { GroupId } = await t.ec2.send(
    new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcId }),
  );
  return GroupId as string;
}

async function runInstance(): Promise<string> {
  const { Instances } = await t.ec2.send(
    new RunInstancesCommand({
      ImageId: IMAGE_ID,
      InstanceType: "t4g.nano",
      MinCount: 1,
      MaxCount: 1,
      SubnetId: subnetId,
    }),
  );
  return Instances?.[0]?.InstanceId as string;
}

describe("shapes AWS returns", () => {
  test("subnets carry the IPv4-only defaults AWS returns", async () => {
    const { Subnets } = await t.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }));
    expect(Subnets?.[0]).toMatchObject({
      MapCustomerOwnedIpOnLaunch: false,
      EnableDns64: false,
      Ipv6Native: false,
      PrivateDnsNameOptionsOnLaunch: {
        HostnameType: "ip-name",
        EnableResourceNameDnsARecord: false,
        EnableResourceNameDnsAAAARecord: false,
      },
    });
  });

  test("CreateSecurityGroup returns the group's ARN", async () => {
    const { GroupId, SecurityGroupArn } = await t.ec2.send(
      new CreateSecurityGroupCommand({ GroupName: "app", Description: "app", VpcId: vpcId }),
    );
    expect(SecurityGroupArn).toBe(`arn:aws:ec2:us-east-1:123456789012:security-group/${GroupId}`);
  });

  test("an untagged network ACL has an empty Tags list", async () => {
    const { NetworkAcl } = await t.ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
    expect(NetworkAcl?.Tags).toEqual([]);
    const { NetworkAcls } = await t.ec2.send(
      new DescribeNetworkAclsCommand({ NetworkAclIds: [NetworkAcl?.NetworkAclId as string] }),
    );
    expect(NetworkAcls?.[0]?.Tags).toEqual([]);
  });

  test("images have their root device's block device mapping", async () => {
    const { Images } = await t.ec2.send(new DescribeImagesCommand({ ImageIds: [IMAGE_ID] }));
    expect(Images?.[0]?.BlockDeviceMappings).toEqual([
      {
        DeviceName: "/dev/xvda",
        Ebs: expect.objectContaining({ VolumeSize: 8, VolumeType: "gp3", DeleteOnTermination: true }),
      },
    ]);
  });

  test("zone IDs use each region's published prefix; an unknown region is refused", async () => {
    const zoneIds = async (region: string) => {
      const client = createEc2Client(t.running.url, region);
      try {
        const { AvailabilityZones } = await client.send(new DescribeAvailabilityZonesCommand({}));
        return AvailabilityZones?.map((z) => z.ZoneId);
      } finally {
        client.destroy();
      }
    };
    expect(await zoneIds("ap-southeast-1")).toEqual(["apse1-az1", "apse1-az2", "apse1-az3"]);
    expect(await zoneIds("ap-northeast-2")).toEqual(["apne2-az1", "apne2-az2", "apne2-az3"]);
    expect(await zoneIds("cn-northwest-1")).toEqual(["cnnw1-az1", "cnnw1-az2", "cnnw1-az3"]);
    expect(await zoneIds("ap-south-1")).toEqual(["aps1-az1", "aps1-az2", "aps1-az3"]);
    const unknown = createEc2Client(t.running.url, "xx-nowhere-1");
    const error = await errorOf(unknown.send(new DescribeVpcsCommand({})));
    unknown.destroy();
    expect(error.name).toBe("InvalidParameterValue");
    expect(error.message).toContain("xx-nowhere-1");
    const state = (await t.control("GET", "/_emulator/state")) as { regions: Record<string, unknown> };
    expect(Object.keys(state.regions)).not.toContain("xx-nowhere-1");
  });
});

describe("security group rules", () => {
  test("rules are tagged by CreateTags, DeleteTags and a security-group-rule TagSpecification", async () => {
    const groupId = await createGroup("app");
    const { SecurityGroupRules } = await t.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/8" }] },
        ],
        TagSpecifications: [{ ResourceType: "security-group-rule", Tags: [{ Key: "Name", Value: "https" }] }],
      }),
    );
    const ruleId = SecurityGroupRules?.[0]?.SecurityGroupRuleId as string;
    expect(SecurityGroupRules?.[0]?.Tags).toEqual([{ Key: "Name", Value: "https" }]);
    await t.ec2.send(new CreateTagsCommand({ Resources: [ruleId], Tags: [{ Key: "team", Value: "a" }] }));
    const described = await t.ec2.send(
      new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [ruleId] }),
    );
    expect(described.SecurityGroupRules?.[0]?.Tags).toEqual([
      { Key: "Name", Value: "https" },
      { Key: "team", Value: "a" },
    ]);
    const byTag = await t.ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [filter("tag:team", "a")] }),
    );
    expect(byTag.SecurityGroupRules?.map((r) => r.SecurityGroupRuleId)).toEqual([ruleId]);
    const { Tags } = await t.ec2.send(new DescribeTagsCommand({ Filters: [filter("resource-id", ruleId)] }));
    expect(Tags?.map((tag) => tag.ResourceType)).toEqual(["security-group-rule", "security-group-rule"]);
    await t.ec2.send(new DeleteTagsCommand({ Resources: [ruleId], Tags: [{ Key: "team" }] }));
    const after = await t.ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [ruleId] }));
    expect(after.SecurityGroupRules?.[0]?.Tags).toEqual([{ Key: "Name", Value: "https" }]);
    const unknown = await errorOf(
      t.ec2.send(
        new CreateTagsCommand({ Resources: ["sgr-0123456789abcdef0"], Tags: [{ Key: "a", Value: "b" }] }),
      ),
    );
    expect(unknown.name).toBe("InvalidSecurityGroupRuleId.NotFound");
  });

  test("a group holds 60 inbound rules (and 60 outbound): the 61st is RulesPerSecurityGroupLimitExceeded", async () => {
    const groupId = await createGroup("many");
    const ranges = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ CidrIp: `10.${from + i}.0.0/16` }));
    await t.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: ranges(0, 60) }],
      }),
    );
    const error = await errorOf(
      t.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: ranges(60, 1) }],
        }),
      ),
    );
    expect(error.name).toBe("RulesPerSecurityGroupLimitExceeded");
    // Outbound rules count separately: the default allow-all rule plus 59 more fit.
    await t.ec2.send(
      new AuthorizeSecurityGroupEgressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: ranges(0, 59) }],
      }),
    );
    const { SecurityGroupRules } = await t.ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [filter("group-id", groupId)], MaxResults: 1000 }),
    );
    expect(SecurityGroupRules).toHaveLength(120);
  });

  test("DescribeSecurityGroups filters on referenced group names and IPv6 CIDRs", async () => {
    const app = await createGroup("app");
    const lb = await createGroup("lb");
    await t.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: app,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: lb }] },
          { IpProtocol: "tcp", FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: "2001:db8::/32" }] },
        ],
      }),
    );
    await t.ec2.send(
      new AuthorizeSecurityGroupEgressCommand({
        GroupId: lb,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: app }] },
          { IpProtocol: "tcp", FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: "2001:db8:1::/48" }] },
        ],
      }),
    );
    const ids = async (name: string, value: string) => {
      const { SecurityGroups } = await t.ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: [filter("vpc-id", vpcId), filter(name, value)] }),
      );
      return SecurityGroups?.map((g) => g.GroupId);
    };
    expect(await ids("ip-permission.group-name", "lb")).toEqual([app]);
    expect(await ids("egress.ip-permission.group-name", "app")).toEqual([lb]);
    expect(await ids("ip-permission.ipv6-cidr", "2001:db8::/32")).toEqual([app]);
    expect(await ids("egress.ip-permission.ipv6-cidr", "2001:db8:1::/48")).toEqual([lb]);
  });

  test("DescribeSecurityGroupRules refuses a malformed group-id filter", async () => {
    const error = await errorOf(
      t.ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [filter("group-id", "not-a-group")] })),
    );
    expect(error.name).toBe("InvalidGroupId.Malformed");
  });
});

describe("tags", () => {
  test("CreateTags refuses malformed instance, image and DHCP options IDs", async () => {
    for (const [id, code] of [
      ["i-123", "InvalidInstanceID.Malformed"],
      ["ami-xyz", "InvalidAMIID.Malformed"],
      ["dopt-1", "InvalidDhcpOptionsId.Malformed"],
    ] as const) {
      const error = await errorOf(
        t.ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: "a", Value: "b" }] })),
      );
      expect(error.name, id).toBe(code);
    }
    const missing = await errorOf(
      t.ec2.send(
        new CreateTagsCommand({ Resources: ["i-0123456789abcdef0"], Tags: [{ Key: "a", Value: "b" }] }),
      ),
    );
    expect(missing.name).toBe("InvalidInstanceID.NotFound");
  });

  test("a TagSpecification needs a resource type, at least one tag, and the type the call creates", async () => {
    const create = (spec: object) =>
      errorOf(t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16", TagSpecifications: [spec] })));
    const noType = await create({ Tags: [{ Key: "a", Value: "b" }] });
    expect(noType.name).toBe("InvalidParameterValue");
    expect(noType.message).toBe("Tag specification resource type must have a value");
    const noTags = await create({ ResourceType: "vpc" });
    expect(noTags.name).toBe("InvalidParameterValue");
    const wrongType = await create({ ResourceType: "subnet", Tags: [{ Key: "a", Value: "b" }] });
    expect(wrongType.name).toBe("InvalidParameter");
    expect(wrongType.message).toBe("'subnet' is not a valid taggable resource type for this operation.");
    // Nothing was created by the refused calls.
    const { Vpcs } = await t.ec2.send(new DescribeVpcsCommand({ Filters: [filter("cidr", "10.1.0.0/16")] }));
    expect(Vpcs).toEqual([]);
  });
});

describe("IDs and parameter combinations", () => {
  test("DescribeImages: unknown IDs are NotFound, malformed ones Malformed", async () => {
    const unknown = await errorOf(
      t.ec2.send(new DescribeImagesCommand({ ImageIds: ["ami-0123456789abcdef0", IMAGE_ID] })),
    );
    expect(unknown.name).toBe("InvalidAMIID.NotFound");
    expect(unknown.message).toContain("ami-0123456789abcdef0");
    const malformed = await errorOf(t.ec2.send(new DescribeImagesCommand({ ImageIds: ["ami-nope"] })));
    expect(malformed.name).toBe("InvalidAMIID.Malformed");
  });

  test("not-found messages name every unknown ID", async () => {
    const vpcs = await errorOf(
      t.ec2.send(
        new DescribeVpcsCommand({ VpcIds: [vpcId, "vpc-0123456789abcdef0", "vpc-0123456789abcdef1"] }),
      ),
    );
    expect(vpcs.name).toBe("InvalidVpcID.NotFound");
    expect(vpcs.message).toBe("The vpc IDs 'vpc-0123456789abcdef0, vpc-0123456789abcdef1' do not exist");
    const instances = await errorOf(
      t.ec2.send(
        new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0", "i-0123456789abcdef1"] }),
      ),
    );
    expect(instances.message).toBe(
      "The instance IDs 'i-0123456789abcdef0, i-0123456789abcdef1' do not exist",
    );
    const one = await errorOf(
      t.ec2.send(new DescribeSubnetsCommand({ SubnetIds: ["subnet-0123456789abcdef0"] })),
    );
    expect(one.message).toBe("The subnet ID 'subnet-0123456789abcdef0' does not exist");
  });

  test("DescribeInstances refuses InstanceIds with MaxResults", async () => {
    const instanceId = await runInstance();
    const error = await errorOf(
      t.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId], MaxResults: 5 })),
    );
    expect(error.name).toBe("InvalidParameterCombination");
  });

  test("RunInstances refuses SubnetId together with NetworkInterfaces", async () => {
    const error = await errorOf(
      t.ec2.send(
        new RunInstancesCommand({
          ImageId: IMAGE_ID,
          InstanceType: "t4g.nano",
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnetId,
          NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId }],
        }),
      ),
    );
    expect(error.name).toBe("InvalidParameterCombination");
    expect(error.message).toBe(
      "Network interfaces and an instance-level subnet ID may not be specified on the same request",
    );
    const { Reservations } = await t.ec2.send(new DescribeInstancesCommand({}));
    expect(Reservations).toEqual([]);
  });

  test("RunInstances honours PrivateIpAddress", async () => {
    const { Instances } = await t.ec2.send(
      new RunInstancesCommand({
        ImageId: IMAGE_ID,
        InstanceType: "t4g.nano",
        MinCount: 1,
        MaxCount: 1,
        SubnetId: subnetId,
        PrivateIpAddress: "10.0.1.50",
      }),
    );
    expect(Instances?.[0]?.PrivateIpAddress).toBe("10.0.1.50");
  });
});

describe("parameters the emulator does not model are refused by name", () => {
  const cases: [string, () => Promise<unknown>, string][] = [
    [
      "CreateVpc Ipv6CidrBlockNetworkBorderGroup",
      () =>
        t.ec2.send(
          new CreateVpcCommand({
            CidrBlock: "10.2.0.0/16",
            AmazonProvidedIpv6CidrBlock: true,
            Ipv6CidrBlockNetworkBorderGroup: "us-east-1",
          }),
        ),
      "Ipv6CidrBlockNetworkBorderGroup",
    ],
    [
      "CreateSubnet Ipv6Native",
      () => t.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.0.2.0/24", Ipv6Native: true })),
      "Ipv6Native",
    ],
    [
      "CreateNetworkInterface Ipv6Addresses",
      () =>
        t.ec2.send(
          new CreateNetworkInterfaceCommand({
            SubnetId: subnetId,
            Ipv6Addresses: [{ Ipv6Address: "2001:db8::1" }],
          }),
        ),
      "Ipv6Addresses",
    ],
    [
      "CreateNetworkInterface PrivateIpAddresses",
      () =>
        t.ec2.send(
          new CreateNetworkInterfaceCommand({
            SubnetId: subnetId,
            PrivateIpAddresses: [{ PrivateIpAddress: "10.0.1.20", Primary: true }],
          }),
        ),
      "PrivateIpAddresses",
    ],
    [
      "CreateNetworkInterface SecondaryPrivateIpAddressCount",
      () =>
        t.ec2.send(
          new CreateNetworkInterfaceCommand({ SubnetId: subnetId, SecondaryPrivateIpAddressCount: 2 }),
        ),
      "SecondaryPrivateIpAddressCount",
    ],
    [
      "AllocateAddress Address",
      () => t.ec2.send(new AllocateAddressCommand({ Address: "198.51.100.7" })),
      "Address",
    ],
  ];
  test.each(cases)("%s", async (_label, call, name) => {
    const regions = async () =>
      ((await t.control("GET", "/_emulator/state")) as { regions: unknown }).regions;
    const before = await regions();
    const error = await errorOf(call());
    expect(error.name).toBe("UnsupportedOperation");
    expect(error.message).toContain(name);
    // Nothing was created.
    expect(await regions()).toEqual(before);
  });

  test("false flags ask for nothing and are accepted", async () => {
    const { Vpc } = await t.ec2.send(
      new CreateVpcCommand({ CidrBlock: "10.3.0.0/16", AmazonProvidedIpv6CidrBlock: false }),
    );
    expect(Vpc?.VpcId).toMatch(/^vpc-/);
  });
});

describe("instances in the EC2 state", () => {
  test("the state lists instances and a reset removes them", async () => {
    const instanceId = await runInstance();
    const state = (await t.control("GET", "/_emulator/state")) as {
      regions: Record<string, { ec2: { instances: Record<string, { instanceId: string }> } }>;
    };
    expect(Object.keys(state.regions["us-east-1"]?.ec2.instances ?? {})).toEqual([instanceId]);
    await t.control("POST", "/_emulator/reset");
    const error = await errorOf(t.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] })));
    expect(error.name).toBe("InvalidInstanceID.NotFound");
    const { Reservations } = await t.ec2.send(new DescribeInstancesCommand({}));
    expect(Reservations).toEqual([]);
  });
});
