// Scenario table for issue 12 items 7 (IPv6) and 8 (firewall and appliance endpoints): each
// topology is built in the emulator through the AWS SDK, then diagnosed by the doctor; each has its
// expected verdict, reason code and the resources its fix names, and negative variants (the same
// topology with one part broken).

import { CreateVpcConnectorCommand } from "@aws-sdk/client-apprunner";
import {
  AssociateSubnetCidrBlockCommand,
  AssociateVpcCidrBlockCommand,
  AuthorizeSecurityGroupEgressCommand,
  CreateEgressOnlyInternetGatewayCommand,
  CreateRouteCommand,
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applianceServiceName } from "../../src/emulator/ec2/gateway-load-balancer-endpoints.ts";
import { ipv6Subnet } from "../../test-support/ipv6-subnet.ts";
import { type Harness, REGION, startHarness } from "./doctor-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const V6_DESTINATION = "2001:db8:ffff::10";

interface DualStack {
  vpcId: string;
  vpcBlock: string;
  subnetId: string;
  /** An IPv4-only subnet of the same VPC. */
  v4SubnetId: string;
  tableId: string;
  eigwId: string;
  igwId: string;
  natGatewayId: string;
  groupId: string;
}

/** A VPC with an Amazon-provided /56, a dual-stack private subnet and an egress-only internet gateway. */
async function dualStack(options: { route?: boolean; ipv6Egress?: boolean } = {}): Promise<DualStack> {
  const net = await h.build.privateSubnetsWithNat(["us-east-1a", "us-east-1b"]);
  const association = await h.ec2.send(
    new AssociateVpcCidrBlockCommand({ VpcId: net.vpcId, AmazonProvidedIpv6CidrBlock: true }),
  );
  const vpcBlock = association.Ipv6CidrBlockAssociation?.Ipv6CidrBlock ?? "";
  const subnetId = net.privateSubnetIds[0] ?? "";
  await h.ec2.send(
    new AssociateSubnetCidrBlockCommand({
      SubnetId: subnetId,
      Ipv6CidrBlock: ipv6Subnet(vpcBlock, 0x0a),
    }),
  );
  const { EgressOnlyInternetGateway } = await h.ec2.send(
    new CreateEgressOnlyInternetGatewayCommand({ VpcId: net.vpcId }),
  );
  const eigwId = EgressOnlyInternetGateway?.EgressOnlyInternetGatewayId ?? "";
  if (options.route !== false)
    await h.ec2.send(
      new CreateRouteCommand({
        RouteTableId: net.privateRouteTableId,
        DestinationIpv6CidrBlock: "::/0",
        EgressOnlyInternetGatewayId: eigwId,
      }),
    );
  const groupId = await h.build.securityGroup(net.vpcId, [
    { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
  ]);
  if (options.ipv6Egress !== false)
    await h.ec2.send(
      new AuthorizeSecurityGroupEgressCommand({
        GroupId: groupId,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: "::/0" }] },
        ],
      }),
    );
  return {
    vpcId: net.vpcId,
    vpcBlock,
    subnetId,
    v4SubnetId: net.privateSubnetIds[1] ?? "",
    tableId: net.privateRouteTableId,
    eigwId,
    igwId: net.igwId,
    natGatewayId: net.nat.natGatewayId,
    groupId,
  };
}

async function diagnose(subnetId: string, groupId: string, destination = V6_DESTINATION) {
  const run = await h.doctor([
    "--subnets",
    subnetId,
    "--security-groups",
    groupId,
    "--destination",
    destination,
    "--json",
  ]);
  const subnet = run.json?.subnets[0];
  return { run, subnet, warnings: run.json?.warnings ?? [] };
}

describe("IPv6 egress (issue 12 item 7)", () => {
  test("::/0 to an egress-only internet gateway reaches an IPv6 destination (exit 0)", async () => {
    const net = await dualStack();
    const { run, subnet } = await diagnose(net.subnetId, net.groupId);
    expect(run.code).toBe(0);
    expect(subnet?.verdict).toBe("reachable");
    expect(subnet?.hops.map((hop) => hop.kind)).toContain("egress-only-internet-gateway");
    expect(subnet?.hops.find((hop) => hop.kind === "egress-only-internet-gateway")?.id).toBe(net.eigwId);
  });

  test("the same subnet still reaches IPv4 through its NAT gateway", async () => {
    const net = await dualStack();
    const { subnet } = await diagnose(net.subnetId, net.groupId, "198.51.100.7");
    expect(subnet?.verdict).toBe("reachable");
    expect(subnet?.hops.map((hop) => hop.kind)).toContain("nat-gateway");
  });

  test("negative: without ::/0 the verdict is NO_ROUTE and the fix names the gateway and the table", async () => {
    const net = await dualStack({ route: false });
    const { run, subnet } = await diagnose(net.subnetId, net.groupId);
    expect(run.code).toBe(1);
    expect(subnet?.reason?.code).toBe("NO_ROUTE");
    expect(subnet?.fix).toContain(`::/0 -> ${net.eigwId}`);
    expect(subnet?.fix).toContain(net.tableId);
  });

  test("negative: a security group without an IPv6 rule (0.0.0.0/0 only) is SG_EGRESS_DENIED, fix ::/0", async () => {
    const net = await dualStack({ ipv6Egress: false });
    const { subnet } = await diagnose(net.subnetId, net.groupId);
    expect(subnet?.reason?.code).toBe("SG_EGRESS_DENIED");
    expect(subnet?.fix).toContain(net.groupId);
    expect(subnet?.fix).toContain("::/0");
  });

  test("negative: an IPv4-only subnet asked for an IPv6 destination is SUBNET_NO_IPV6, fix names the VPC's block", async () => {
    const net = await dualStack();
    const { subnet } = await diagnose(net.v4SubnetId, net.groupId);
    expect(subnet?.reason?.code).toBe("SUBNET_NO_IPV6");
    expect(subnet?.fix).toContain(net.vpcBlock);
    expect(subnet?.fix).toContain(net.v4SubnetId);
  });

  test("an App Runner connector in a dual-stack subnet is refused IPv6 (SOURCE_IPV4_ONLY), as AWS documents", async () => {
    const net = await dualStack();
    const { VpcConnector } = await h.appRunner.send(
      new CreateVpcConnectorCommand({
        VpcConnectorName: "ipv6-connector",
        Subnets: [net.subnetId],
        SecurityGroups: [net.groupId],
      }),
    );
    const run = await h.doctor([
      "--vpc-connector",
      VpcConnector?.VpcConnectorArn ?? "",
      "--destination",
      V6_DESTINATION,
      "--json",
    ]);
    expect(run.code).toBe(1);
    expect(run.json?.subnets[0]?.reason?.code).toBe("SOURCE_IPV4_ONLY");
  });

  test("an IPv6 route to the internet gateway reaches the destination too (no public IPv4 needed)", async () => {
    const net = await dualStack({ route: false });
    const { igwId } = net;
    await h.ec2.send(
      new CreateRouteCommand({
        RouteTableId: net.tableId,
        DestinationIpv6CidrBlock: "::/0",
        GatewayId: igwId,
      }),
    );
    const { subnet } = await diagnose(net.subnetId, net.groupId);
    expect(subnet?.verdict).toBe("reachable");
    expect(subnet?.hops.find((hop) => hop.kind === "internet-gateway")?.id).toBe(igwId);
  });

  test("the emulator refuses an IPv4 route to an egress-only internet gateway, and NAT64 routes", async () => {
    const net = await dualStack();
    const ipv4 = await h.ec2
      .send(
        new CreateRouteCommand({
          RouteTableId: net.tableId,
          DestinationCidrBlock: "192.0.2.0/24",
          EgressOnlyInternetGatewayId: net.eigwId,
        }),
      )
      .catch((error: Error) => error);
    expect((ipv4 as Error).name).toBe("InvalidParameterValue");
    const nat64 = await h.ec2
      .send(
        new CreateRouteCommand({
          RouteTableId: net.tableId,
          DestinationIpv6CidrBlock: "64:ff9b::/96",
          NatGatewayId: net.natGatewayId,
        }),
      )
      .catch((error: Error) => error);
    expect((nat64 as Error).name).toBe("UnsupportedOperation");
  });
});

/**
 * A private subnet whose 0.0.0.0/0 goes to a firewall (Gateway Load Balancer) endpoint in a firewall
 * subnet; the firewall subnet's table sends 0.0.0.0/0 on to the NAT gateway (unless `onward` is false).
 */
async function behindFirewall(onward = true) {
  const net = await h.build.privateSubnetsWithNat(["us-east-1a"]);
  const firewallSubnetId = await h.build.subnet(net.vpcId, "10.0.20.0/28", "us-east-1a");
  const { VpcEndpoint } = await h.ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: net.vpcId,
      VpcEndpointType: "GatewayLoadBalancer",
      ServiceName: applianceServiceName(REGION),
      SubnetIds: [firewallSubnetId],
    }),
  );
  const endpointId = VpcEndpoint?.VpcEndpointId ?? "";
  const appSubnetId = await h.build.subnet(net.vpcId, "10.0.30.0/24", "us-east-1a");
  const appTableId = await h.build.routeTable(net.vpcId, [appSubnetId], []);
  await h.ec2.send(
    new CreateRouteCommand({
      RouteTableId: appTableId,
      DestinationCidrBlock: "0.0.0.0/0",
      VpcEndpointId: endpointId,
    }),
  );
  const firewallTableId = await h.build.routeTable(
    net.vpcId,
    [firewallSubnetId],
    onward ? [{ cidr: "0.0.0.0/0", natGatewayId: net.nat.natGatewayId }] : [],
  );
  const groupId = await h.build.securityGroup(net.vpcId, [
    { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
  ]);
  return { ...net, firewallSubnetId, endpointId, appSubnetId, appTableId, firewallTableId, groupId };
}

describe("firewall and appliance endpoints (issue 12 item 8)", () => {
  test("through a firewall endpoint, on through the NAT: reachable, with the warning APPLIANCE_NOT_EVALUATED", async () => {
    const net = await behindFirewall();
    const { run, subnet, warnings } = await diagnose(net.appSubnetId, net.groupId, "198.51.100.7");
    expect(run.code).toBe(0);
    expect(subnet?.verdict).toBe("reachable");
    expect(subnet?.sourceAddress).toBe(net.nat.publicIp);
    expect(subnet?.hops.map((hop) => `${hop.kind}:${hop.id ?? ""}`)).toEqual(
      expect.arrayContaining([
        `appliance-endpoint:${net.endpointId}`,
        `route-table:${net.firewallTableId}`,
        `nat-gateway:${net.nat.natGatewayId}`,
      ]),
    );
    expect(warnings.map((warning) => warning.code)).toContain("APPLIANCE_NOT_EVALUATED");
    expect(warnings.find((warning) => warning.code === "APPLIANCE_NOT_EVALUATED")?.message).toContain(
      net.endpointId,
    );
  });

  test("negative: a firewall subnet without a route onward is NO_ROUTE naming its table and the NAT gateway", async () => {
    const net = await behindFirewall(false);
    const { run, subnet } = await diagnose(net.appSubnetId, net.groupId, "198.51.100.7");
    expect(run.code).toBe(1);
    expect(subnet?.reason?.code).toBe("NO_ROUTE");
    expect(subnet?.reason?.message).toContain(net.endpointId);
    expect(subnet?.fix).toContain(net.firewallTableId);
    expect(subnet?.fix).toContain(net.nat.natGatewayId);
  });

  test("negative: a deleted firewall endpoint leaves a blackhole route (BLACKHOLE_ROUTE)", async () => {
    const net = await behindFirewall();
    await h.ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [net.endpointId] }));
    const { subnet } = await diagnose(net.appSubnetId, net.groupId, "198.51.100.7");
    expect(subnet?.reason?.code).toBe("BLACKHOLE_ROUTE");
    expect(subnet?.fix).toContain(net.appTableId);
  });

  test("the emulator knows one appliance service and refuses others by AWS's code", async () => {
    const net = await h.build.privateSubnetsWithNat(["us-east-1a"]);
    const error = await h.ec2
      .send(
        new CreateVpcEndpointCommand({
          VpcId: net.vpcId,
          VpcEndpointType: "GatewayLoadBalancer",
          ServiceName: `com.amazonaws.vpce.${REGION}.vpce-svc-0fffffffffffffff0`,
          SubnetIds: [net.publicSubnetId],
        }),
      )
      .catch((caught: Error) => caught);
    expect((error as Error).name).toBe("InvalidServiceName");
  });
});
