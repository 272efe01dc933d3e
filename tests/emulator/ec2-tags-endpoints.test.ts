import {
  CreateNetworkInterfaceCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteNetworkInterfaceCommand,
  DeleteSecurityGroupCommand,
  DeleteTagsCommand,
  DeleteVpcCommand,
  DeleteVpcEndpointsCommand,
  DescribeNetworkInterfacesCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeTagsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  paginateDescribeTags,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Ec2TestContext, errorOf, filter, startEc2Emulator } from "./helpers.ts";

let t: Ec2TestContext;
let vpcId: string;
beforeEach(async () => {
  t = await startEc2Emulator();
  const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
  vpcId = Vpc?.VpcId as string;
});
afterEach(async () => {
  await t.close();
});

describe("tags", () => {
  test("CreateTags, DescribeTags with filters, DeleteTags by key and by key+value", async () => {
    await t.ec2.send(
      new CreateTagsCommand({
        Resources: [vpcId],
        Tags: [
          { Key: "Name", Value: "lab" },
          { Key: "apprunner-egress-lab:stack", Value: "demo" },
        ],
      }),
    );
    const { Tags } = await t.ec2.send(new DescribeTagsCommand({ Filters: [filter("resource-id", vpcId)] }));
    expect(Tags).toEqual([
      { ResourceId: vpcId, ResourceType: "vpc", Key: "Name", Value: "lab" },
      { ResourceId: vpcId, ResourceType: "vpc", Key: "apprunner-egress-lab:stack", Value: "demo" },
    ]);
    await t.ec2.send(new DeleteTagsCommand({ Resources: [vpcId], Tags: [{ Key: "Name", Value: "other" }] }));
    expect(
      (await t.ec2.send(new DescribeTagsCommand({ Filters: [filter("key", "Name")] }))).Tags,
    ).toHaveLength(1);
    await t.ec2.send(new DeleteTagsCommand({ Resources: [vpcId], Tags: [{ Key: "Name" }] }));
    const { Vpcs } = await t.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    expect(Vpcs?.[0]?.Tags).toEqual([{ Key: "apprunner-egress-lab:stack", Value: "demo" }]);
  });

  test("tagging an unknown resource gives its NotFound error; aws: keys are reserved", async () => {
    const missing = await errorOf(
      t.ec2.send(
        new CreateTagsCommand({ Resources: ["subnet-0123456789abcdef0"], Tags: [{ Key: "a", Value: "b" }] }),
      ),
    );
    expect(missing.name).toBe("InvalidSubnetID.NotFound");
    const reserved = await errorOf(
      t.ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: "aws:x", Value: "b" }] })),
    );
    expect(reserved.name).toBe("InvalidParameterValue");
  });

  test("the DescribeTags paginator walks every tag", async () => {
    const Tags = Array.from({ length: 12 }, (_, i) => ({ Key: `k${i}`, Value: `${i}` }));
    await t.ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags }));
    let total = 0;
    for await (const page of paginateDescribeTags({ client: t.ec2, pageSize: 5 }, {}))
      total += page.Tags?.length ?? 0;
    expect(total).toBe(12);
  });

  test("deleting a resource removes its tags", async () => {
    await t.ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: "Name", Value: "x" }] }));
    await t.ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
    expect((await t.ec2.send(new DescribeTagsCommand({}))).Tags).toEqual([]);
  });
});

describe("gateway VPC endpoints and prefix lists", () => {
  test("an S3 gateway endpoint adds a prefix-list route to each named table and removes it on delete", async () => {
    const { RouteTable } = await t.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    const RouteTableId = RouteTable?.RouteTableId as string;
    const { PrefixLists } = await t.ec2.send(
      new DescribePrefixListsCommand({ Filters: [filter("prefix-list-name", "com.amazonaws.us-east-1.s3")] }),
    );
    const prefixListId = PrefixLists?.[0]?.PrefixListId as string;
    expect(PrefixLists?.[0]?.Cidrs?.length).toBeGreaterThan(0);
    const { VpcEndpoint } = await t.ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: "com.amazonaws.us-east-1.s3",
        VpcEndpointType: "Gateway",
        RouteTableIds: [RouteTableId],
      }),
    );
    const endpointId = VpcEndpoint?.VpcEndpointId as string;
    expect(VpcEndpoint).toMatchObject({ VpcEndpointType: "Gateway", RouteTableIds: [RouteTableId] });
    const { RouteTables } = await t.ec2.send(
      new DescribeRouteTablesCommand({ RouteTableIds: [RouteTableId] }),
    );
    expect(RouteTables?.[0]?.Routes?.[1]).toMatchObject({
      DestinationPrefixListId: prefixListId,
      GatewayId: endpointId,
      State: "active",
    });
    const listed = await t.ec2.send(
      new DescribeVpcEndpointsCommand({
        Filters: [filter("service-name", "*.s3"), filter("vpc-endpoint-type", "Gateway")],
      }),
    );
    expect(listed.VpcEndpoints?.map((e) => e.VpcEndpointId)).toEqual([endpointId]);
    expect((await errorOf(t.ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).name).toBe(
      "DependencyViolation",
    );
    const { Unsuccessful } = await t.ec2.send(
      new DeleteVpcEndpointsCommand({ VpcEndpointIds: [endpointId, "vpce-0123456789abcdef0"] }),
    );
    expect(Unsuccessful?.map((u) => [u.ResourceId, u.Error?.Code])).toEqual([
      ["vpce-0123456789abcdef0", "InvalidVpcEndpoint.NotFound"],
    ]);
    const after = await t.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [RouteTableId] }));
    expect(after.RouteTables?.[0]?.Routes).toHaveLength(1);
  });

  test("an unknown service name gives InvalidServiceName", async () => {
    const error = await errorOf(
      t.ec2.send(
        new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: "com.amazonaws.us-east-1.nothing" }),
      ),
    );
    expect(error.name).toBe("InvalidServiceName");
  });
});

describe("network interfaces", () => {
  test("an interface gets the first free address after the four reserved, and the default group", async () => {
    const { Subnet } = await t.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.0.5.0/28" }));
    const SubnetId = Subnet?.SubnetId as string;
    const { NetworkInterface } = await t.ec2.send(
      new CreateNetworkInterfaceCommand({ SubnetId, Description: "probe" }),
    );
    expect(NetworkInterface?.PrivateIpAddress).toBe("10.0.5.4");
    expect(NetworkInterface?.Groups?.[0]?.GroupName).toBe("default");
    const filtered = await t.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [filter("description", "pro*"), filter("vpc-id", vpcId)],
      }),
    );
    expect(filtered.NetworkInterfaces).toHaveLength(1);
  });

  test("a /28 subnet runs out after 11 interfaces with InsufficientFreeAddressesInSubnet", async () => {
    const { Subnet } = await t.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.0.5.0/28" }));
    const SubnetId = Subnet?.SubnetId as string;
    const ips: string[] = [];
    for (let i = 0; i < 11; i++) {
      const { NetworkInterface } = await t.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId }));
      ips.push(NetworkInterface?.PrivateIpAddress as string);
    }
    expect(ips.at(-1)).toBe("10.0.5.14");
    const error = await errorOf(t.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId })));
    expect(error.name).toBe("InsufficientFreeAddressesInSubnet");
  });

  test("a group used by an interface cannot be deleted until the interface is gone", async () => {
    const { Subnet } = await t.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.0.5.0/24" }));
    const { GroupId } = await t.ec2.send(
      new CreateSecurityGroupCommand({ GroupName: "app", Description: "app", VpcId: vpcId }),
    );
    const { NetworkInterface } = await t.ec2.send(
      new CreateNetworkInterfaceCommand({ SubnetId: Subnet?.SubnetId, Groups: [GroupId as string] }),
    );
    const byGroup = await t.ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: [filter("group-id", GroupId as string)] }),
    );
    expect(byGroup.NetworkInterfaces).toHaveLength(1);
    expect((await errorOf(t.ec2.send(new DeleteSecurityGroupCommand({ GroupId })))).name).toBe(
      "DependencyViolation",
    );
    await t.ec2.send(
      new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: NetworkInterface?.NetworkInterfaceId }),
    );
    await t.ec2.send(new DeleteSecurityGroupCommand({ GroupId }));
  });
});

describe("tag limits", () => {
  test("more than 50 tags on a resource is refused with TagLimitExceeded and nothing is applied", async () => {
    const first = Array.from({ length: 45 }, (_, i) => ({ Key: `a${i}`, Value: "x" }));
    await t.ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: first }));
    const more = Array.from({ length: 6 }, (_, i) => ({ Key: `b${i}`, Value: "x" }));
    const error = await errorOf(t.ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: more })));
    expect(error.name).toBe("TagLimitExceeded");
    const { Vpcs } = await t.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    expect(Vpcs?.[0]?.Tags).toHaveLength(45);
  });
});

describe("requested private addresses", () => {
  test("an address outside the subnet, reserved, or taken is refused", async () => {
    const { Subnet } = await t.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.0.5.0/28" }));
    const SubnetId = Subnet?.SubnetId as string;
    for (const ip of ["10.0.6.4", "10.0.5.1", "10.0.5.15"]) {
      const error = await errorOf(
        t.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId, PrivateIpAddress: ip })),
      );
      expect(error.name).toBe("InvalidParameterValue");
    }
    await t.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId, PrivateIpAddress: "10.0.5.9" }));
    const taken = await errorOf(
      t.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId, PrivateIpAddress: "10.0.5.9" })),
    );
    expect(taken.name).toBe("InvalidIPAddress.InUse");
  });
});
