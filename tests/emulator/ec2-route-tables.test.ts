import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DeleteVpcCommand,
  DescribeRouteTablesCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  paginateDescribeRouteTables,
  ReplaceRouteCommand,
  ReplaceRouteTableAssociationCommand,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Ec2TestContext, errorOf, filter, startEc2Emulator } from "./helpers.ts";

let t: Ec2TestContext;
let vpcId: string;
let subnetId: string;
let igwId: string;
let tableId: string;

beforeEach(async () => {
  t = await startEc2Emulator();
  const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
  vpcId = Vpc?.VpcId as string;
  const { Subnet } = await t.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.0.1.0/24" }));
  subnetId = Subnet?.SubnetId as string;
  const { InternetGateway } = await t.ec2.send(new CreateInternetGatewayCommand({}));
  igwId = InternetGateway?.InternetGatewayId as string;
  await t.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  const { RouteTable } = await t.ec2.send(
    new CreateRouteTableCommand({
      VpcId: vpcId,
      TagSpecifications: [{ ResourceType: "route-table", Tags: [{ Key: "Name", Value: "public" }] }],
    }),
  );
  tableId = RouteTable?.RouteTableId as string;
});
afterEach(async () => {
  await t.close();
});

async function routesOf(id: string) {
  const { RouteTables } = await t.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [id] }));
  return RouteTables?.[0]?.Routes ?? [];
}

describe("route tables", () => {
  test("a new table has only the local route and its tags", async () => {
    const { RouteTables } = await t.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [tableId] }));
    expect(RouteTables?.[0]).toMatchObject({
      VpcId: vpcId,
      Associations: [],
      Routes: [
        {
          DestinationCidrBlock: "10.0.0.0/16",
          GatewayId: "local",
          State: "active",
          Origin: "CreateRouteTable",
        },
      ],
      Tags: [{ Key: "Name", Value: "public" }],
    });
  });

  test("routes to the internet gateway are created, replaced and deleted", async () => {
    await t.ec2.send(
      new CreateRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igwId }),
    );
    expect((await routesOf(tableId))[1]).toMatchObject({
      GatewayId: igwId,
      State: "active",
      Origin: "CreateRoute",
    });
    const dup = await errorOf(
      t.ec2.send(
        new CreateRouteCommand({
          RouteTableId: tableId,
          DestinationCidrBlock: "0.0.0.0/0",
          GatewayId: igwId,
        }),
      ),
    );
    expect(dup.name).toBe("RouteAlreadyExists");
    await t.ec2.send(new DeleteRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: "0.0.0.0/0" }));
    expect(await routesOf(tableId)).toHaveLength(1);
    const missing = await errorOf(
      t.ec2.send(
        new ReplaceRouteCommand({
          RouteTableId: tableId,
          DestinationCidrBlock: "0.0.0.0/0",
          GatewayId: igwId,
        }),
      ),
    );
    expect(missing.name).toBe("InvalidRoute.NotFound");
    const missingDelete = await errorOf(
      t.ec2.send(new DeleteRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: "0.0.0.0/0" })),
    );
    expect(missingDelete.name).toBe("InvalidRoute.NotFound");
  });

  test("the local route cannot be deleted", async () => {
    const error = await errorOf(
      t.ec2.send(new DeleteRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: "10.0.0.0/16" })),
    );
    expect(error.name).toBe("InvalidParameterValue");
  });

  test("a route to an unknown gateway or NAT gives the NotFound error", async () => {
    const igw = await errorOf(
      t.ec2.send(
        new CreateRouteCommand({
          RouteTableId: tableId,
          DestinationCidrBlock: "0.0.0.0/0",
          GatewayId: "igw-0123456789abcdef0",
        }),
      ),
    );
    expect(igw.name).toBe("InvalidInternetGatewayID.NotFound");
    const nat = await errorOf(
      t.ec2.send(
        new CreateRouteCommand({
          RouteTableId: tableId,
          DestinationCidrBlock: "0.0.0.0/0",
          NatGatewayId: "nat-0123456789abcdef0",
        }),
      ),
    );
    expect(nat.name).toBe("NatGatewayNotFound");
  });

  test("a route to a detached internet gateway turns blackhole", async () => {
    await t.ec2.send(
      new CreateRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igwId }),
    );
    await t.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
    expect((await routesOf(tableId))[1]?.State).toBe("blackhole");
    const { RouteTables } = await t.ec2.send(
      new DescribeRouteTablesCommand({ Filters: [filter("route.state", "blackhole")] }),
    );
    expect(RouteTables?.map((r) => r.RouteTableId)).toEqual([tableId]);
  });

  test("associations: one table per subnet, replaced, disassociated", async () => {
    const { AssociationId } = await t.ec2.send(
      new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId }),
    );
    const again = await errorOf(
      t.ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId })),
    );
    expect(again.name).toBe("Resource.AlreadyAssociated");
    const bySubnet = await t.ec2.send(
      new DescribeRouteTablesCommand({ Filters: [filter("association.subnet-id", subnetId)] }),
    );
    expect(bySubnet.RouteTables?.map((r) => r.RouteTableId)).toEqual([tableId]);
    expect((await errorOf(t.ec2.send(new DeleteRouteTableCommand({ RouteTableId: tableId })))).name).toBe(
      "DependencyViolation",
    );
    const { RouteTable: other } = await t.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    const { NewAssociationId } = await t.ec2.send(
      new ReplaceRouteTableAssociationCommand({ AssociationId, RouteTableId: other?.RouteTableId }),
    );
    expect(NewAssociationId).toMatch(/^rtbassoc-/);
    await t.ec2.send(new DisassociateRouteTableCommand({ AssociationId: NewAssociationId }));
    await t.ec2.send(new DeleteRouteTableCommand({ RouteTableId: tableId }));
    const unknown = await errorOf(
      t.ec2.send(new DisassociateRouteTableCommand({ AssociationId: "rtbassoc-0123456789abcdef0" })),
    );
    expect(unknown.name).toBe("InvalidAssociationID.NotFound");
  });

  test("the main table cannot be deleted, but the main flag can move to another table", async () => {
    const { RouteTables = [] } = await t.ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [filter("vpc-id", vpcId), filter("association.main", "true")],
      }),
    );
    const main = RouteTables[0];
    const mainAssociation = main?.Associations?.[0]?.RouteTableAssociationId as string;
    expect(
      (await errorOf(t.ec2.send(new DeleteRouteTableCommand({ RouteTableId: main?.RouteTableId })))).name,
    ).toBe("DependencyViolation");
    await t.ec2.send(
      new ReplaceRouteTableAssociationCommand({ AssociationId: mainAssociation, RouteTableId: tableId }),
    );
    const now = await t.ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [filter("vpc-id", vpcId), filter("association.main", "true")],
      }),
    );
    expect(now.RouteTables?.map((r) => r.RouteTableId)).toEqual([tableId]);
    await t.ec2.send(new DeleteRouteTableCommand({ RouteTableId: main?.RouteTableId }));
  });

  test("an extra route table blocks DeleteVpc", async () => {
    const error = await errorOf(t.ec2.send(new DeleteVpcCommand({ VpcId: vpcId })));
    expect(error.name).toBe("DependencyViolation");
  });

  test("route.gateway-id filter and the paginator", async () => {
    await t.ec2.send(
      new CreateRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igwId }),
    );
    const { RouteTables } = await t.ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [filter("vpc-id", vpcId), filter("route.gateway-id", igwId)],
      }),
    );
    expect(RouteTables?.map((r) => r.RouteTableId)).toEqual([tableId]);
    for (let i = 0; i < 5; i++) await t.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    let total = 0;
    for await (const page of paginateDescribeRouteTables({ client: t.ec2, pageSize: 5 }, {})) {
      total += page.RouteTables?.length ?? 0;
    }
    expect(total).toBe(1 + 1 + 1 + 5);
  });
});
