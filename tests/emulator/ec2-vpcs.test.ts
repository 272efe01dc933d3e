import {
  CreateVpcCommand,
  DeleteVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  ModifyVpcAttributeCommand,
  paginateDescribeVpcs,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createEc2Client, type Ec2TestContext, errorOf, filter, startEc2Emulator } from "./helpers.ts";

let t: Ec2TestContext;
beforeEach(async () => {
  t = await startEc2Emulator();
});
afterEach(async () => {
  await t.close();
});

describe("a fresh account", () => {
  test("has one default VPC 172.31.0.0/16 marked isDefault", async () => {
    const { Vpcs } = await t.ec2.send(new DescribeVpcsCommand({}));
    expect(Vpcs).toHaveLength(1);
    expect(Vpcs?.[0]).toMatchObject({ CidrBlock: "172.31.0.0/16", IsDefault: true, State: "available" });
  });

  test("has one /20 default subnet per availability zone that maps public IPs", async () => {
    const { Subnets = [] } = await t.ec2.send(new DescribeSubnetsCommand({}));
    expect(Subnets.map((s) => s.AvailabilityZone).sort()).toEqual(
      ["a", "b", "c", "d", "e", "f"].map((z) => `us-east-1${z}`),
    );
    expect(Subnets.map((s) => s.CidrBlock)).toContain("172.31.16.0/20");
    for (const subnet of Subnets) {
      expect(subnet).toMatchObject({
        DefaultForAz: true,
        MapPublicIpOnLaunch: true,
        AvailableIpAddressCount: 4091,
      });
    }
  });

  test("has an internet gateway attached to the default VPC and a main route to it", async () => {
    const { Vpcs = [] } = await t.ec2.send(new DescribeVpcsCommand({}));
    const vpcId = Vpcs[0]?.VpcId as string;
    const { InternetGateways = [] } = await t.ec2.send(new DescribeInternetGatewaysCommand({}));
    expect(InternetGateways[0]?.Attachments).toEqual([{ VpcId: vpcId, State: "available" }]);
    const { RouteTables = [] } = await t.ec2.send(
      new DescribeRouteTablesCommand({ Filters: [filter("association.main", "true")] }),
    );
    expect(RouteTables).toHaveLength(1);
    expect(RouteTables[0]?.Routes).toEqual([
      {
        DestinationCidrBlock: "172.31.0.0/16",
        GatewayId: "local",
        Origin: "CreateRouteTable",
        State: "active",
      },
      {
        DestinationCidrBlock: "0.0.0.0/0",
        GatewayId: InternetGateways[0]?.InternetGatewayId,
        Origin: "CreateRoute",
        State: "active",
      },
    ]);
  });

  test("has a default security group allowing all egress and ingress from itself", async () => {
    const { SecurityGroups = [] } = await t.ec2.send(new DescribeSecurityGroupsCommand({}));
    expect(SecurityGroups).toHaveLength(1);
    const group = SecurityGroups[0];
    expect(group?.GroupName).toBe("default");
    expect(group?.IpPermissionsEgress?.[0]).toMatchObject({
      IpProtocol: "-1",
      IpRanges: [{ CidrIp: "0.0.0.0/0" }],
    });
    expect(group?.IpPermissions?.[0]?.UserIdGroupPairs?.[0]?.GroupId).toBe(group?.GroupId);
  });

  test("has a default network ACL allowing everything, with the implicit deny listed", async () => {
    const { NetworkAcls = [] } = await t.ec2.send(new DescribeNetworkAclsCommand({}));
    expect(NetworkAcls).toHaveLength(1);
    expect(NetworkAcls[0]?.IsDefault).toBe(true);
    expect(NetworkAcls[0]?.Associations).toHaveLength(6);
    const rules = NetworkAcls[0]?.Entries?.map(
      (e) => `${e.Egress ? "out" : "in"} ${e.RuleNumber} ${e.RuleAction}`,
    );
    expect(rules?.sort()).toEqual(["in 100 allow", "in 32767 deny", "out 100 allow", "out 32767 deny"]);
  });

  test("lists the region's availability zones with zone IDs", async () => {
    const { AvailabilityZones = [] } = await t.ec2.send(new DescribeAvailabilityZonesCommand({}));
    expect(AvailabilityZones.map((z) => z.ZoneId)).toContain("use1-az1");
    expect(AvailabilityZones).toHaveLength(6);
    const tokyo = createEc2Client(t.running.url, "ap-northeast-1");
    const zones = await tokyo.send(new DescribeAvailabilityZonesCommand({}));
    expect(zones.AvailabilityZones?.map((z) => z.ZoneName)).toEqual([
      "ap-northeast-1a",
      "ap-northeast-1c",
      "ap-northeast-1d",
    ]);
    tokyo.destroy();
  });

  test("each region is a separate account with its own default VPC", async () => {
    const tokyo = createEc2Client(t.running.url, "ap-northeast-1");
    await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
    const { Vpcs = [] } = await tokyo.send(new DescribeVpcsCommand({}));
    expect(Vpcs.map((v) => v.CidrBlock)).toEqual(["172.31.0.0/16"]);
    tokyo.destroy();
  });
});

describe("VPCs", () => {
  test("CreateVpc returns a pending VPC with its tags, then it is described as available", async () => {
    const { Vpc } = await t.ec2.send(
      new CreateVpcCommand({
        CidrBlock: "10.0.0.0/16",
        TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "lab" }] }],
      }),
    );
    expect(Vpc).toMatchObject({ State: "pending", IsDefault: false, Tags: [{ Key: "Name", Value: "lab" }] });
    const { Vpcs } = await t.ec2.send(new DescribeVpcsCommand({ VpcIds: [Vpc?.VpcId as string] }));
    expect(Vpcs?.[0]?.State).toBe("available");
  });

  test("a new VPC comes with its own main route table, default security group and default ACL", async () => {
    const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }));
    const vpcFilter = [filter("vpc-id", Vpc?.VpcId as string)];
    const tables = await t.ec2.send(new DescribeRouteTablesCommand({ Filters: vpcFilter }));
    expect(tables.RouteTables?.[0]?.Associations?.[0]?.Main).toBe(true);
    const groups = await t.ec2.send(new DescribeSecurityGroupsCommand({ Filters: vpcFilter }));
    expect(groups.SecurityGroups?.map((g) => g.GroupName)).toEqual(["default"]);
    const acls = await t.ec2.send(
      new DescribeNetworkAclsCommand({ Filters: [...vpcFilter, filter("default", "true")] }),
    );
    expect(acls.NetworkAcls).toHaveLength(1);
  });

  test("block sizes outside /16../28 are refused with InvalidVpc.Range", async () => {
    expect((await errorOf(t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/8" })))).name).toBe(
      "InvalidVpc.Range",
    );
    expect((await errorOf(t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/29" })))).name).toBe(
      "InvalidVpc.Range",
    );
    expect((await errorOf(t.ec2.send(new CreateVpcCommand({ CidrBlock: "nonsense" })))).name).toBe(
      "InvalidParameterValue",
    );
  });

  test("describing unknown or malformed IDs gives NotFound or Malformed", async () => {
    const missing = await errorOf(t.ec2.send(new DescribeVpcsCommand({ VpcIds: ["vpc-0123456789abcdef0"] })));
    expect(missing.name).toBe("InvalidVpcID.NotFound");
    expect(missing.message).toBe("The vpc ID 'vpc-0123456789abcdef0' does not exist");
    const malformed = await errorOf(t.ec2.send(new DescribeVpcsCommand({ VpcIds: ["vpc-xyz"] })));
    expect(malformed.name).toBe("InvalidVpcID.Malformed");
  });

  test("filters match with wildcards, tags, tag-key and is-default", async () => {
    await t.ec2.send(
      new CreateVpcCommand({
        CidrBlock: "10.2.0.0/16",
        TagSpecifications: [
          { ResourceType: "vpc", Tags: [{ Key: "apprunner-egress-lab:stack", Value: "demo-1" }] },
        ],
      }),
    );
    const byTag = await t.ec2.send(
      new DescribeVpcsCommand({ Filters: [filter("tag:apprunner-egress-lab:stack", "demo-?")] }),
    );
    expect(byTag.Vpcs?.map((v) => v.CidrBlock)).toEqual(["10.2.0.0/16"]);
    const byKey = await t.ec2.send(new DescribeVpcsCommand({ Filters: [filter("tag-key", "apprunner-*")] }));
    expect(byKey.Vpcs).toHaveLength(1);
    const defaults = await t.ec2.send(new DescribeVpcsCommand({ Filters: [filter("is-default", "true")] }));
    expect(defaults.Vpcs?.map((v) => v.CidrBlock)).toEqual(["172.31.0.0/16"]);
    const cidr = await t.ec2.send(
      new DescribeVpcsCommand({ Filters: [filter("cidr-block-association.cidr-block", "10.*")] }),
    );
    expect(cidr.Vpcs).toHaveLength(1);
  });

  test("an unknown filter name is refused with InvalidParameterValue", async () => {
    const error = await errorOf(t.ec2.send(new DescribeVpcsCommand({ Filters: [filter("colour", "blue")] })));
    expect(error.name).toBe("InvalidParameterValue");
  });

  test("the paginator walks every VPC in pages of MaxResults", async () => {
    for (let i = 0; i < 11; i++) await t.ec2.send(new CreateVpcCommand({ CidrBlock: `10.${i}.0.0/16` }));
    const pages: number[] = [];
    for await (const page of paginateDescribeVpcs({ client: t.ec2, pageSize: 5 }, {})) {
      pages.push(page.Vpcs?.length ?? 0);
    }
    expect(pages).toEqual([5, 5, 2]);
  });

  test("DNS attributes can be read and changed one at a time", async () => {
    const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
    const VpcId = Vpc?.VpcId as string;
    const before = await t.ec2.send(
      new DescribeVpcAttributeCommand({ VpcId, Attribute: "enableDnsHostnames" }),
    );
    expect(before.EnableDnsHostnames?.Value).toBe(false);
    await t.ec2.send(new ModifyVpcAttributeCommand({ VpcId, EnableDnsHostnames: { Value: true } }));
    const after = await t.ec2.send(
      new DescribeVpcAttributeCommand({ VpcId, Attribute: "enableDnsHostnames" }),
    );
    expect(after.EnableDnsHostnames?.Value).toBe(true);
    await t.ec2.send(new ModifyVpcAttributeCommand({ VpcId, EnableDnsHostnames: { Value: false } }));
    await t.ec2.send(new ModifyVpcAttributeCommand({ VpcId, EnableDnsSupport: { Value: false } }));
    const support = await t.ec2.send(
      new DescribeVpcAttributeCommand({ VpcId, Attribute: "enableDnsSupport" }),
    );
    expect(support.EnableDnsSupport?.Value).toBe(false);
  });

  test("Network Address Usage metrics are off by default and can be turned on (Terraform reads them)", async () => {
    const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
    const VpcId = Vpc?.VpcId as string;
    const read = async () =>
      (
        await t.ec2.send(
          new DescribeVpcAttributeCommand({ VpcId, Attribute: "enableNetworkAddressUsageMetrics" }),
        )
      ).EnableNetworkAddressUsageMetrics?.Value;
    expect(await read()).toBe(false);
    await t.ec2.send(
      new ModifyVpcAttributeCommand({ VpcId, EnableNetworkAddressUsageMetrics: { Value: true } }),
    );
    expect(await read()).toBe(true);
    const both = await errorOf(
      t.ec2.send(
        new ModifyVpcAttributeCommand({
          VpcId,
          EnableNetworkAddressUsageMetrics: { Value: false },
          EnableDnsSupport: { Value: true },
        }),
      ),
    );
    expect(both.name).toBe("InvalidParameterCombination");
    const unknown = await errorOf(
      t.ec2.send(new DescribeVpcAttributeCommand({ VpcId, Attribute: "enableIpv6" as "enableDnsSupport" })),
    );
    expect(unknown.name).toBe("InvalidParameterValue");
  });

  test("an empty VPC can be deleted along with its main route table, default group and default ACL", async () => {
    const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
    await t.ec2.send(new DeleteVpcCommand({ VpcId: Vpc?.VpcId as string }));
    const error = await errorOf(t.ec2.send(new DescribeVpcsCommand({ VpcIds: [Vpc?.VpcId as string] })));
    expect(error.name).toBe("InvalidVpcID.NotFound");
    const groups = await t.ec2.send(new DescribeSecurityGroupsCommand({}));
    expect(groups.SecurityGroups).toHaveLength(1);
  });

  test("DryRun=true answers DryRunOperation with HTTP 412 and creates nothing", async () => {
    const error = await errorOf(t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", DryRun: true })));
    expect(error.name).toBe("DryRunOperation");
    expect(error.$metadata?.httpStatusCode).toBe(412);
    const { Vpcs } = await t.ec2.send(new DescribeVpcsCommand({}));
    expect(Vpcs).toHaveLength(1);
  });

  test("a new ID stays invisible for the configured number of reads under the eventual-consistency fault", async () => {
    await t.control("POST", "/_emulator/faults", { eventualConsistencyReads: 2 });
    const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
    const VpcIds = [Vpc?.VpcId as string];
    expect((await errorOf(t.ec2.send(new DescribeVpcsCommand({ VpcIds })))).name).toBe(
      "InvalidVpcID.NotFound",
    );
    expect((await errorOf(t.ec2.send(new DescribeVpcsCommand({ VpcIds })))).name).toBe(
      "InvalidVpcID.NotFound",
    );
    expect((await t.ec2.send(new DescribeVpcsCommand({ VpcIds }))).Vpcs).toHaveLength(1);
  });
});
