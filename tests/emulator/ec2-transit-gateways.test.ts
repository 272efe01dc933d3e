// Transit gateways, their VPC attachments and route tables, and VPC peering connections, through the
// SDK v3 client: lifecycle states on the clock, default route table association and propagation,
// static, blackhole and propagated routes, and the errors AWS gives (asserted by error.name).

import {
  AcceptVpcPeeringConnectionCommand,
  AssociateTransitGatewayRouteTableCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateTransitGatewayRouteCommand,
  CreateTransitGatewayRouteTableCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeRouteTablesCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcPeeringConnectionsCommand,
  EnableTransitGatewayRouteTablePropagationCommand,
  SearchTransitGatewayRoutesCommand,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Ec2TestContext, errorOf, filter, startEc2Emulator } from "./helpers.ts";

let t: Ec2TestContext;
const advance = (ms: number) => t.control("POST", "/_emulator/clock", { advanceMs: ms });

beforeEach(async () => {
  // Frozen: the tests read transit gateways and attachments while pending (a 300 ms window in the
  // fast profile) and move time with advance() only, however slow the machine.
  t = await startEc2Emulator({ frozenClock: true });
});
afterEach(async () => {
  await t.close();
});

async function vpcWithSubnets(cidr: string, subnets: [string, string][]) {
  const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
  const vpcId = Vpc?.VpcId as string;
  const subnetIds: string[] = [];
  for (const [block, zone] of subnets) {
    const { Subnet } = await t.ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: block, AvailabilityZone: zone }),
    );
    subnetIds.push(Subnet?.SubnetId as string);
  }
  return { vpcId, subnetIds };
}

async function availableGateway(options = {}) {
  const { TransitGateway } = await t.ec2.send(new CreateTransitGatewayCommand({ Options: options }));
  await advance(60_000);
  return TransitGateway;
}

describe("transit gateways", () => {
  test("a new transit gateway is pending, then available, with a default route table for association and propagation", async () => {
    const { TransitGateway } = await t.ec2.send(new CreateTransitGatewayCommand({ Description: "hub" }));
    expect(TransitGateway?.TransitGatewayId).toMatch(/^tgw-[0-9a-f]{17}$/);
    expect(TransitGateway?.State).toBe("pending");
    expect(TransitGateway?.Options).toMatchObject({
      AmazonSideAsn: 64512,
      DefaultRouteTableAssociation: "enable",
      DefaultRouteTablePropagation: "enable",
    });
    const tableId = TransitGateway?.Options?.AssociationDefaultRouteTableId;
    expect(tableId).toMatch(/^tgw-rtb-[0-9a-f]{17}$/);
    expect(TransitGateway?.Options?.PropagationDefaultRouteTableId).toBe(tableId);
    await advance(60_000);
    const described = await t.ec2.send(
      new DescribeTransitGatewaysCommand({ TransitGatewayIds: [TransitGateway?.TransitGatewayId as string] }),
    );
    expect(described.TransitGateways?.[0]?.State).toBe("available");
    const tables = await t.ec2.send(
      new DescribeTransitGatewayRouteTablesCommand({
        Filters: [filter("transit-gateway-id", TransitGateway?.TransitGatewayId as string)],
      }),
    );
    expect(tables.TransitGatewayRouteTables?.map((table) => table.DefaultAssociationRouteTable)).toEqual([
      true,
    ]);
  });

  test("with default association and propagation disabled there is no default route table", async () => {
    const tgw = await availableGateway({
      DefaultRouteTableAssociation: "disable",
      DefaultRouteTablePropagation: "disable",
    });
    expect(tgw?.Options?.AssociationDefaultRouteTableId).toBeUndefined();
    const tables = await t.ec2.send(new DescribeTransitGatewayRouteTablesCommand({}));
    expect(tables.TransitGatewayRouteTables).toEqual([]);
  });

  test("attaching a VPC: one subnet per AZ, once per gateway, then associated and propagated by default", async () => {
    const tgw = await availableGateway();
    const tgwId = tgw?.TransitGatewayId as string;
    const spoke = await vpcWithSubnets("10.1.0.0/16", [
      ["10.1.0.0/24", "us-east-1a"],
      ["10.1.1.0/24", "us-east-1a"],
      ["10.1.2.0/24", "us-east-1b"],
    ]);
    const duplicate = await errorOf(
      t.ec2.send(
        new CreateTransitGatewayVpcAttachmentCommand({
          TransitGatewayId: tgwId,
          VpcId: spoke.vpcId,
          SubnetIds: [spoke.subnetIds[0] as string, spoke.subnetIds[1] as string],
        }),
      ),
    );
    expect(duplicate.name).toBe("DuplicateSubnetsInSameZone");
    const { TransitGatewayVpcAttachment } = await t.ec2.send(
      new CreateTransitGatewayVpcAttachmentCommand({
        TransitGatewayId: tgwId,
        VpcId: spoke.vpcId,
        SubnetIds: [spoke.subnetIds[0] as string, spoke.subnetIds[2] as string],
        Options: { ApplianceModeSupport: "enable" },
      }),
    );
    expect(TransitGatewayVpcAttachment?.State).toBe("pending");
    expect(TransitGatewayVpcAttachment?.Options?.ApplianceModeSupport).toBe("enable");
    const again = await errorOf(
      t.ec2.send(
        new CreateTransitGatewayVpcAttachmentCommand({
          TransitGatewayId: tgwId,
          VpcId: spoke.vpcId,
          SubnetIds: [spoke.subnetIds[0] as string],
        }),
      ),
    );
    expect(again.name).toBe("DuplicateTransitGatewayAttachment");
    await advance(60_000);
    const { TransitGatewayAttachments } = await t.ec2.send(
      new DescribeTransitGatewayAttachmentsCommand({ Filters: [filter("resource-id", spoke.vpcId)] }),
    );
    expect(TransitGatewayAttachments?.[0]).toMatchObject({
      ResourceType: "vpc",
      State: "available",
      Association: {
        TransitGatewayRouteTableId: tgw?.Options?.AssociationDefaultRouteTableId,
        State: "associated",
      },
    });
    const routes = await t.ec2.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: tgw?.Options?.AssociationDefaultRouteTableId as string,
        Filters: [filter("type", "propagated")],
      }),
    );
    expect(routes.Routes?.map((route) => [route.DestinationCidrBlock, route.Type, route.State])).toEqual([
      ["10.1.0.0/16", "propagated", "active"],
    ]);
  });

  test("unknown IDs and a pending gateway are refused with AWS's codes", async () => {
    const spoke = await vpcWithSubnets("10.1.0.0/16", [["10.1.0.0/24", "us-east-1a"]]);
    const unknown = await errorOf(
      t.ec2.send(
        new CreateTransitGatewayVpcAttachmentCommand({
          TransitGatewayId: "tgw-0123456789abcdef0",
          VpcId: spoke.vpcId,
          SubnetIds: spoke.subnetIds,
        }),
      ),
    );
    expect(unknown.name).toBe("InvalidTransitGatewayID.NotFound");
    const { TransitGateway } = await t.ec2.send(new CreateTransitGatewayCommand({}));
    const pending = await errorOf(
      t.ec2.send(
        new CreateTransitGatewayVpcAttachmentCommand({
          TransitGatewayId: TransitGateway?.TransitGatewayId as string,
          VpcId: spoke.vpcId,
          SubnetIds: spoke.subnetIds,
        }),
      ),
    );
    expect(pending.name).toBe("IncorrectState");
    const table = await errorOf(
      t.ec2.send(
        new SearchTransitGatewayRoutesCommand({
          TransitGatewayRouteTableId: "tgw-rtb-0123456789abcdef0",
          Filters: [filter("state", "active")],
        }),
      ),
    );
    expect(table.name).toBe("InvalidRouteTableID.NotFound");
  });

  test("custom route tables: association once, propagation, static, blackhole, and the longest prefix listed apart", async () => {
    const tgw = await availableGateway({
      DefaultRouteTableAssociation: "disable",
      DefaultRouteTablePropagation: "disable",
    });
    const tgwId = tgw?.TransitGatewayId as string;
    const spoke = await vpcWithSubnets("10.1.0.0/16", [["10.1.0.0/24", "us-east-1a"]]);
    const egress = await vpcWithSubnets("10.9.0.0/16", [["10.9.0.0/24", "us-east-1a"]]);
    const attach = async (vpc: { vpcId: string; subnetIds: string[] }) =>
      (
        await t.ec2.send(
          new CreateTransitGatewayVpcAttachmentCommand({
            TransitGatewayId: tgwId,
            VpcId: vpc.vpcId,
            SubnetIds: vpc.subnetIds,
          }),
        )
      ).TransitGatewayVpcAttachment?.TransitGatewayAttachmentId as string;
    const spokeAttachment = await attach(spoke);
    const egressAttachment = await attach(egress);
    const { TransitGatewayRouteTable } = await t.ec2.send(
      new CreateTransitGatewayRouteTableCommand({ TransitGatewayId: tgwId }),
    );
    const tableId = TransitGatewayRouteTable?.TransitGatewayRouteTableId as string;
    expect(TransitGatewayRouteTable?.State).toBe("pending");
    await advance(60_000);
    await t.ec2.send(
      new AssociateTransitGatewayRouteTableCommand({
        TransitGatewayRouteTableId: tableId,
        TransitGatewayAttachmentId: spokeAttachment,
      }),
    );
    const twice = await errorOf(
      t.ec2.send(
        new AssociateTransitGatewayRouteTableCommand({
          TransitGatewayRouteTableId: tableId,
          TransitGatewayAttachmentId: spokeAttachment,
        }),
      ),
    );
    expect(twice.name).toBe("Resource.AlreadyAssociated");
    await t.ec2.send(
      new EnableTransitGatewayRouteTablePropagationCommand({
        TransitGatewayRouteTableId: tableId,
        TransitGatewayAttachmentId: spokeAttachment,
      }),
    );
    await t.ec2.send(
      new CreateTransitGatewayRouteCommand({
        TransitGatewayRouteTableId: tableId,
        DestinationCidrBlock: "0.0.0.0/0",
        TransitGatewayAttachmentId: egressAttachment,
      }),
    );
    await t.ec2.send(
      new CreateTransitGatewayRouteCommand({
        TransitGatewayRouteTableId: tableId,
        DestinationCidrBlock: "10.2.0.0/16",
        Blackhole: true,
      }),
    );
    const exists = await errorOf(
      t.ec2.send(
        new CreateTransitGatewayRouteCommand({
          TransitGatewayRouteTableId: tableId,
          DestinationCidrBlock: "10.2.0.0/16",
          Blackhole: true,
        }),
      ),
    );
    expect(exists.name).toBe("RouteAlreadyExists");
    const all = await t.ec2.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: tableId,
        Filters: [filter("state", "active", "blackhole")],
      }),
    );
    expect(
      all.Routes?.map((route) => [
        route.DestinationCidrBlock,
        route.Type,
        route.State,
        route.TransitGatewayAttachments?.[0]?.TransitGatewayAttachmentId,
      ]),
    ).toEqual([
      ["0.0.0.0/0", "static", "active", egressAttachment],
      ["10.2.0.0/16", "static", "blackhole", undefined],
      ["10.1.0.0/16", "propagated", "active", spokeAttachment],
    ]);
    const unmodelled = await errorOf(
      t.ec2.send(
        new SearchTransitGatewayRoutesCommand({
          TransitGatewayRouteTableId: tableId,
          Filters: [filter("route-search.longest-prefix-match", "10.1.2.3/32")],
        }),
      ),
    );
    expect(unmodelled.name).toBe("InvalidParameterValue");
    expect(unmodelled.message).toContain("does not model it");
  });

  test("a VPC route to the transit gateway needs the VPC's attachment available, and is a blackhole without it", async () => {
    const tgw = await availableGateway();
    const tgwId = tgw?.TransitGatewayId as string;
    const spoke = await vpcWithSubnets("10.1.0.0/16", [["10.1.0.0/24", "us-east-1a"]]);
    const { RouteTable } = await t.ec2.send(new CreateRouteTableCommand({ VpcId: spoke.vpcId }));
    const route = { RouteTableId: RouteTable?.RouteTableId as string, DestinationCidrBlock: "0.0.0.0/0" };
    const before = await errorOf(t.ec2.send(new CreateRouteCommand({ ...route, TransitGatewayId: tgwId })));
    expect(before.name).toBe("InvalidTransitGatewayID.NotFound");
    await t.ec2.send(
      new CreateTransitGatewayVpcAttachmentCommand({
        TransitGatewayId: tgwId,
        VpcId: spoke.vpcId,
        SubnetIds: spoke.subnetIds,
      }),
    );
    const pending = await errorOf(t.ec2.send(new CreateRouteCommand({ ...route, TransitGatewayId: tgwId })));
    expect(pending.name).toBe("InvalidTransitGatewayID.NotFound");
    await advance(60_000);
    await t.ec2.send(new CreateRouteCommand({ ...route, TransitGatewayId: tgwId }));
    const { RouteTables } = await t.ec2.send(
      new DescribeRouteTablesCommand({ RouteTableIds: [route.RouteTableId] }),
    );
    expect(RouteTables?.[0]?.Routes?.find((r) => r.TransitGatewayId === tgwId)?.State).toBe("active");
    const described = await t.ec2.send(
      new DescribeTransitGatewayVpcAttachmentsCommand({ Filters: [filter("vpc-id", spoke.vpcId)] }),
    );
    expect(described.TransitGatewayVpcAttachments?.[0]?.SubnetIds).toEqual(spoke.subnetIds);
  });
});

describe("VPC peering connections", () => {
  test("requested, pending acceptance, accepted, provisioning, active; a route to it is a blackhole until then", async () => {
    const app = await vpcWithSubnets("10.1.0.0/16", [["10.1.0.0/24", "us-east-1a"]]);
    const db = await vpcWithSubnets("10.20.0.0/16", [["10.20.1.0/24", "us-east-1a"]]);
    const { VpcPeeringConnection } = await t.ec2.send(
      new CreateVpcPeeringConnectionCommand({ VpcId: app.vpcId, PeerVpcId: db.vpcId }),
    );
    const pcxId = VpcPeeringConnection?.VpcPeeringConnectionId as string;
    expect(pcxId).toMatch(/^pcx-[0-9a-f]{17}$/);
    expect(VpcPeeringConnection?.Status?.Code).toBe("initiating-request");
    expect(VpcPeeringConnection?.AccepterVpcInfo?.CidrBlock).toBe("10.20.0.0/16");
    const { RouteTable } = await t.ec2.send(new CreateRouteTableCommand({ VpcId: app.vpcId }));
    const tableId = RouteTable?.RouteTableId as string;
    await t.ec2.send(
      new CreateRouteCommand({
        RouteTableId: tableId,
        DestinationCidrBlock: "10.20.0.0/16",
        VpcPeeringConnectionId: pcxId,
      }),
    );
    const routeState = async () =>
      (
        await t.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [tableId] }))
      ).RouteTables?.[0]?.Routes?.find((route) => route.VpcPeeringConnectionId === pcxId)?.State;
    expect(await routeState()).toBe("blackhole");
    const pending = await t.ec2.send(
      new DescribeVpcPeeringConnectionsCommand({ Filters: [filter("status-code", "pending-acceptance")] }),
    );
    expect(pending.VpcPeeringConnections?.map((pcx) => pcx.VpcPeeringConnectionId)).toEqual([pcxId]);
    const { VpcPeeringConnection: accepted } = await t.ec2.send(
      new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcxId }),
    );
    expect(accepted?.Status?.Code).toBe("provisioning");
    const twice = await errorOf(
      t.ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcxId })),
    );
    expect(twice.name).toBe("InvalidStateTransition");
    await advance(60_000);
    expect(await routeState()).toBe("active");
    await t.ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcxId }));
    const deleted = await t.ec2.send(
      new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pcxId] }),
    );
    expect(deleted.VpcPeeringConnections?.[0]?.Status?.Code).toBe("deleted");
    expect(await routeState()).toBe("blackhole");
  });

  test("overlapping CIDR blocks, another account and unknown IDs are refused", async () => {
    const a = await vpcWithSubnets("10.1.0.0/16", []);
    const b = await vpcWithSubnets("10.1.0.0/20", []);
    const overlap = await errorOf(
      t.ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: a.vpcId, PeerVpcId: b.vpcId })),
    );
    expect(overlap.name).toBe("InvalidParameterValue");
    const account = await errorOf(
      t.ec2.send(
        new CreateVpcPeeringConnectionCommand({
          VpcId: a.vpcId,
          PeerVpcId: b.vpcId,
          PeerOwnerId: "111122223333",
        }),
      ),
    );
    expect(account.name).toBe("UnsupportedOperation");
    const unknown = await errorOf(
      t.ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: "pcx-0123456789abcdef0" })),
    );
    expect(unknown.name).toBe("InvalidVpcPeeringConnectionID.NotFound");
  });
});
