import {
  AllocateAddressCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeAddressesCommand,
  DescribeInternetGatewaysCommand,
  DescribeSubnetsCommand,
  DetachInternetGatewayCommand,
  ModifySubnetAttributeCommand,
  paginateDescribeSubnets,
  ReleaseAddressCommand,
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

function createSubnet(cidr: string, zone = "us-east-1a") {
  return t.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone }));
}

describe("subnets", () => {
  test("a subnet reports its zone, zone ID and free addresses (size minus the 5 AWS reserves)", async () => {
    const { Subnet } = await createSubnet("10.0.1.0/24", "us-east-1b");
    expect(Subnet).toMatchObject({
      VpcId: vpcId,
      AvailabilityZone: "us-east-1b",
      AvailabilityZoneId: "use1-az2",
      AvailableIpAddressCount: 251,
      MapPublicIpOnLaunch: false,
      DefaultForAz: false,
    });
  });

  test("overlapping blocks are refused with InvalidSubnet.Conflict", async () => {
    await createSubnet("10.0.1.0/24");
    expect((await errorOf(createSubnet("10.0.1.128/25"))).name).toBe("InvalidSubnet.Conflict");
  });

  test("blocks outside the VPC or of the wrong size are refused with InvalidSubnet.Range", async () => {
    expect((await errorOf(createSubnet("10.1.0.0/24"))).name).toBe("InvalidSubnet.Range");
    expect((await errorOf(createSubnet("10.0.0.0/29"))).name).toBe("InvalidSubnet.Range");
  });

  test("an unknown VPC gives InvalidVpcID.NotFound", async () => {
    const error = await errorOf(
      t.ec2.send(new CreateSubnetCommand({ VpcId: "vpc-0123456789abcdef0", CidrBlock: "10.0.0.0/24" })),
    );
    expect(error.name).toBe("InvalidVpcID.NotFound");
  });

  test("MapPublicIpOnLaunch can be switched on", async () => {
    const { Subnet } = await createSubnet("10.0.2.0/24");
    const SubnetId = Subnet?.SubnetId as string;
    await t.ec2.send(new ModifySubnetAttributeCommand({ SubnetId, MapPublicIpOnLaunch: { Value: true } }));
    const { Subnets } = await t.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [SubnetId] }));
    expect(Subnets?.[0]?.MapPublicIpOnLaunch).toBe(true);
  });

  test("filters select by vpc-id, availability-zone and default-for-az", async () => {
    await createSubnet("10.0.1.0/24", "us-east-1a");
    await createSubnet("10.0.2.0/24", "us-east-1c");
    const mine = await t.ec2.send(new DescribeSubnetsCommand({ Filters: [filter("vpc-id", vpcId)] }));
    expect(mine.Subnets).toHaveLength(2);
    const zoneC = await t.ec2.send(
      new DescribeSubnetsCommand({
        Filters: [filter("vpc-id", vpcId), filter("availability-zone", "us-east-1c")],
      }),
    );
    expect(zoneC.Subnets?.map((s) => s.CidrBlock)).toEqual(["10.0.2.0/24"]);
    const defaults = await t.ec2.send(
      new DescribeSubnetsCommand({ Filters: [filter("default-for-az", "true")] }),
    );
    expect(defaults.Subnets).toHaveLength(6);
  });

  test("the paginator returns all subnets across pages", async () => {
    let count = 0;
    for await (const page of paginateDescribeSubnets({ client: t.ec2, pageSize: 5 }, {})) {
      count += page.Subnets?.length ?? 0;
    }
    expect(count).toBe(6);
  });

  test("a VPC with a subnet cannot be deleted; once the subnet is gone it can", async () => {
    const { Subnet } = await createSubnet("10.0.1.0/24");
    expect((await errorOf(t.ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).name).toBe(
      "DependencyViolation",
    );
    await t.ec2.send(new DeleteSubnetCommand({ SubnetId: Subnet?.SubnetId as string }));
    await t.ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
  });
});

describe("internet gateways", () => {
  test("attach, refuse a second attachment, detach, delete", async () => {
    const { InternetGateway } = await t.ec2.send(new CreateInternetGatewayCommand({}));
    const InternetGatewayId = InternetGateway?.InternetGatewayId as string;
    expect(InternetGateway?.Attachments).toEqual([]);
    await t.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId, VpcId: vpcId }));
    const again = await errorOf(
      t.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId, VpcId: vpcId })),
    );
    expect(again.name).toBe("Resource.AlreadyAssociated");
    const attached = await t.ec2.send(
      new DescribeInternetGatewaysCommand({ Filters: [filter("attachment.vpc-id", vpcId)] }),
    );
    expect(attached.InternetGateways?.map((g) => g.InternetGatewayId)).toEqual([InternetGatewayId]);
    expect((await errorOf(t.ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId })))).name).toBe(
      "DependencyViolation",
    );
    expect((await errorOf(t.ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).name).toBe(
      "DependencyViolation",
    );
    await t.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId, VpcId: vpcId }));
    await t.ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId }));
    const gone = await errorOf(
      t.ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [InternetGatewayId] })),
    );
    expect(gone.name).toBe("InvalidInternetGatewayID.NotFound");
  });

  test("detaching a gateway that is not attached gives Gateway.NotAttached", async () => {
    const { InternetGateway } = await t.ec2.send(new CreateInternetGatewayCommand({}));
    const error = await errorOf(
      t.ec2.send(
        new DetachInternetGatewayCommand({
          InternetGatewayId: InternetGateway?.InternetGatewayId as string,
          VpcId: vpcId,
        }),
      ),
    );
    expect(error.name).toBe("Gateway.NotAttached");
  });

  test("a VPC takes at most one internet gateway", async () => {
    const first = await t.ec2.send(new CreateInternetGatewayCommand({}));
    const second = await t.ec2.send(new CreateInternetGatewayCommand({}));
    await t.ec2.send(
      new AttachInternetGatewayCommand({
        InternetGatewayId: first.InternetGateway?.InternetGatewayId as string,
        VpcId: vpcId,
      }),
    );
    const error = await errorOf(
      t.ec2.send(
        new AttachInternetGatewayCommand({
          InternetGatewayId: second.InternetGateway?.InternetGatewayId as string,
          VpcId: vpcId,
        }),
      ),
    );
    expect(error.name).toBe("InvalidParameterValue");
  });
});

describe("Elastic IPs", () => {
  test("addresses come from the documentation range 198.51.100.0/24, lowest free first", async () => {
    const first = await t.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
    const second = await t.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
    expect([first.PublicIp, second.PublicIp]).toEqual(["198.51.100.1", "198.51.100.2"]);
    expect(first.AllocationId).toMatch(/^eipalloc-[0-9a-f]{17}$/);
    await t.ec2.send(new ReleaseAddressCommand({ AllocationId: first.AllocationId as string }));
    const third = await t.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
    expect(third.PublicIp).toBe("198.51.100.1");
  });

  test("DescribeAddresses filters by allocation-id and public-ip and shows tags", async () => {
    const { AllocationId, PublicIp } = await t.ec2.send(
      new AllocateAddressCommand({
        Domain: "vpc",
        TagSpecifications: [{ ResourceType: "elastic-ip", Tags: [{ Key: "Name", Value: "nat-eip" }] }],
      }),
    );
    await t.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
    const byId = await t.ec2.send(new DescribeAddressesCommand({ AllocationIds: [AllocationId as string] }));
    expect(byId.Addresses).toEqual([
      expect.objectContaining({
        AllocationId,
        PublicIp,
        Domain: "vpc",
        Tags: [{ Key: "Name", Value: "nat-eip" }],
      }),
    ]);
    const byIp = await t.ec2.send(
      new DescribeAddressesCommand({ Filters: [filter("public-ip", PublicIp as string)] }),
    );
    expect(byIp.Addresses).toHaveLength(1);
  });

  test("releasing an unknown allocation gives InvalidAllocationID.NotFound", async () => {
    const error = await errorOf(
      t.ec2.send(new ReleaseAddressCommand({ AllocationId: "eipalloc-0123456789abcdef0" })),
    );
    expect(error.name).toBe("InvalidAllocationID.NotFound");
  });
});
