// Builds test networks in the emulator through the real SDK, the way a user would with the console
// or the CLI, so the doctor is tested on what the EC2 API returns rather than on hand-made topology.

import {
  AcceptVpcPeeringConnectionCommand,
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AssociateTransitGatewayRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateManagedPrefixListCommand,
  CreateNatGatewayCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateTransitGatewayRouteCommand,
  CreateTransitGatewayRouteTableCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcPeeringConnectionsCommand,
  type EC2Client,
  EnableTransitGatewayRouteTablePropagationCommand,
  type IpPermission,
  ModifyInstanceAttributeCommand,
  ModifyVpcAttributeCommand,
  ReplaceNetworkAclAssociationCommand,
  RevokeSecurityGroupEgressCommand,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";

export type RouteSpec = { cidr?: string; prefixListId?: string } & (
  | { natGatewayId: string }
  | { gatewayId: string }
  | { transitGatewayId: string }
  | { vpcPeeringConnectionId: string }
  | { instanceId: string }
  | { networkInterfaceId: string }
);

export interface NatInfo {
  natGatewayId: string;
  publicIp: string | undefined;
  state: string | undefined;
}

let groupCounter = 0;

export class NetworkBuilder {
  constructor(readonly ec2: EC2Client) {}

  async vpc(cidr = "10.0.0.0/16"): Promise<string> {
    const { Vpc } = await this.ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
    return must(Vpc?.VpcId, "VpcId");
  }

  async subnet(vpcId: string, cidr: string, az = "us-east-1a"): Promise<string> {
    const { Subnet } = await this.ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: az }),
    );
    return must(Subnet?.SubnetId, "SubnetId");
  }

  async internetGateway(vpcId?: string): Promise<string> {
    const { InternetGateway } = await this.ec2.send(new CreateInternetGatewayCommand({}));
    const id = must(InternetGateway?.InternetGatewayId, "InternetGatewayId");
    if (vpcId !== undefined)
      await this.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: id, VpcId: vpcId }));
    return id;
  }

  /** A route table associated with the subnets, with the routes given (besides local). */
  async routeTable(vpcId: string, subnetIds: string[], routes: RouteSpec[]): Promise<string> {
    const { RouteTable } = await this.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    const id = must(RouteTable?.RouteTableId, "RouteTableId");
    for (const subnetId of subnetIds)
      await this.ec2.send(new AssociateRouteTableCommand({ RouteTableId: id, SubnetId: subnetId }));
    for (const route of routes) await this.route(id, route);
    return id;
  }

  /** Associates one more subnet with an existing route table. */
  async associate(routeTableId: string, subnetId: string): Promise<void> {
    await this.ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  }

  async route(routeTableId: string, route: RouteSpec): Promise<void> {
    await this.ec2.send(
      new CreateRouteCommand({
        RouteTableId: routeTableId,
        ...(route.cidr === undefined ? {} : { DestinationCidrBlock: route.cidr }),
        ...(route.prefixListId === undefined ? {} : { DestinationPrefixListId: route.prefixListId }),
        ...routeTarget(route),
      }),
    );
  }

  async mainRouteTable(vpcId: string): Promise<string> {
    const { RouteTables } = await this.ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [
          { Name: "vpc-id", Values: [vpcId] },
          { Name: "association.main", Values: ["true"] },
        ],
      }),
    );
    return must(RouteTables?.[0]?.RouteTableId, "main RouteTableId");
  }

  /** A NAT gateway, waited for until it leaves "pending" (available, or failed). */
  async natGateway(subnetId: string, connectivity: "public" | "private" = "public"): Promise<NatInfo> {
    const allocationId =
      connectivity === "public"
        ? (await this.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }))).AllocationId
        : undefined;
    const { NatGateway } = await this.ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: subnetId,
        ConnectivityType: connectivity,
        ...(allocationId === undefined ? {} : { AllocationId: allocationId }),
      }),
    );
    const natGatewayId = must(NatGateway?.NatGatewayId, "NatGatewayId");
    return this.waitForNat(natGatewayId, (state) => state !== "pending");
  }

  /**
   * A regional NAT gateway for the VPC (it needs an attached internet gateway), waited until it is no
   * longer pending. Automatic mode by default; `zones` gives manual mode: each listed zone gets a new
   * Elastic IP. Its own route table is in `routeTableId`. A workload's presence, which automatic mode
   * follows, is an interface in the zone (`networkInterface`).
   */
  async regionalNatGateway(
    vpcId: string,
    options: { zones?: string[] } = {},
  ): Promise<NatInfo & { routeTableId: string; allocationIds: string[] }> {
    const allocationIds: string[] = [];
    const zoneAddresses = [];
    for (const zone of options.zones ?? []) {
      const { AllocationId } = await this.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
      allocationIds.push(must(AllocationId, "AllocationId"));
      zoneAddresses.push({ AvailabilityZone: zone, AllocationIds: [must(AllocationId, "AllocationId")] });
    }
    const { NatGateway } = await this.ec2.send(
      new CreateNatGatewayCommand({
        AvailabilityMode: "regional",
        VpcId: vpcId,
        ...(options.zones === undefined ? {} : { AvailabilityZoneAddresses: zoneAddresses }),
      }),
    );
    const natGatewayId = must(NatGateway?.NatGatewayId, "NatGatewayId");
    const info = await this.waitForNat(natGatewayId, (state) => state !== "pending");
    return { ...info, routeTableId: must(NatGateway?.RouteTableId, "RouteTableId"), allocationIds };
  }

  async waitForNat(natGatewayId: string, done: (state: string | undefined) => boolean): Promise<NatInfo> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { NatGateways } = await this.ec2.send(
        new DescribeNatGatewaysCommand({ NatGatewayIds: [natGatewayId] }),
      );
      const nat = NatGateways?.[0];
      if (done(nat?.State) || Date.now() > deadline)
        return { natGatewayId, publicIp: nat?.NatGatewayAddresses?.[0]?.PublicIp, state: nat?.State };
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** A security group whose outbound rules are exactly those given (AWS's allow-all rule removed). */
  async securityGroup(vpcId: string, egress: IpPermission[]): Promise<string> {
    const { GroupId } = await this.ec2.send(
      new CreateSecurityGroupCommand({
        VpcId: vpcId,
        GroupName: `doctor-test-${++groupCounter}`,
        Description: "test",
      }),
    );
    const id = must(GroupId, "GroupId");
    await this.ec2.send(
      new RevokeSecurityGroupEgressCommand({
        GroupId: id,
        IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
      }),
    );
    if (egress.length > 0)
      await this.ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: egress }));
    return id;
  }

  /** A new network ACL for the subnet with the entries given (a new ACL denies everything). */
  async networkAcl(
    vpcId: string,
    subnetId: string,
    entries: {
      rule: number;
      egress: boolean;
      action: "allow" | "deny";
      protocol: string;
      ports?: [number, number];
    }[],
  ): Promise<string> {
    const { NetworkAcl } = await this.ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
    const aclId = must(NetworkAcl?.NetworkAclId, "NetworkAclId");
    for (const entry of entries) {
      await this.ec2.send(
        new CreateNetworkAclEntryCommand({
          NetworkAclId: aclId,
          RuleNumber: entry.rule,
          Egress: entry.egress,
          RuleAction: entry.action,
          Protocol: entry.protocol,
          CidrBlock: "0.0.0.0/0",
          ...(entry.ports === undefined ? {} : { PortRange: { From: entry.ports[0], To: entry.ports[1] } }),
        }),
      );
    }
    const { NetworkAcls } = await this.ec2.send(
      new DescribeNetworkAclsCommand({ Filters: [{ Name: "association.subnet-id", Values: [subnetId] }] }),
    );
    const association = NetworkAcls?.[0]?.Associations?.find((candidate) => candidate.SubnetId === subnetId);
    await this.ec2.send(
      new ReplaceNetworkAclAssociationCommand({
        AssociationId: must(association?.NetworkAclAssociationId, "NetworkAclAssociationId"),
        NetworkAclId: aclId,
      }),
    );
    return aclId;
  }

  async gatewayEndpoint(vpcId: string, service: string, routeTableIds: string[]): Promise<string> {
    const { VpcEndpoint } = await this.ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: `com.amazonaws.us-east-1.${service}`,
        VpcEndpointType: "Gateway",
        RouteTableIds: routeTableIds,
      }),
    );
    return must(VpcEndpoint?.VpcEndpointId, "VpcEndpointId");
  }

  /** Turns on enableDnsHostnames (enableDnsSupport is on in a new VPC): what private DNS needs. */
  async enableDnsHostnames(vpcId: string): Promise<void> {
    await this.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  }

  /** Adds inbound rules to a security group. */
  async allowIngress(groupId: string, ingress: IpPermission[]): Promise<void> {
    await this.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: ingress }),
    );
  }

  /** A customer-managed IPv4 prefix list holding the blocks given. */
  async prefixList(name: string, cidrs: string[]): Promise<string> {
    const { PrefixList } = await this.ec2.send(
      new CreateManagedPrefixListCommand({
        PrefixListName: name,
        AddressFamily: "IPv4",
        MaxEntries: Math.max(cidrs.length, 1),
        Entries: cidrs.map((cidr) => ({ Cidr: cidr })),
      }),
    );
    return must(PrefixList?.PrefixListId, "PrefixListId");
  }

  /** A network interface in the subnet with the groups given (a database's, for example). */
  async networkInterface(subnetId: string, groupIds: string[]): Promise<{ id: string; privateIp: string }> {
    const { NetworkInterface } = await this.ec2.send(
      new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Groups: groupIds }),
    );
    return {
      id: must(NetworkInterface?.NetworkInterfaceId, "NetworkInterfaceId"),
      privateIp: must(NetworkInterface?.PrivateIpAddress, "PrivateIpAddress"),
    };
  }

  /** An interface endpoint (PrivateLink) for an AWS service, with one interface per subnet given. */
  async interfaceEndpoint(
    vpcId: string,
    service: string,
    options: { subnetIds: string[]; securityGroupIds?: string[]; privateDns: boolean },
  ): Promise<{ vpcEndpointId: string; networkInterfaceIds: string[]; dnsNames: string[] }> {
    const { VpcEndpoint } = await this.ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: `com.amazonaws.us-east-1.${service}`,
        VpcEndpointType: "Interface",
        SubnetIds: options.subnetIds,
        ...(options.securityGroupIds === undefined ? {} : { SecurityGroupIds: options.securityGroupIds }),
        PrivateDnsEnabled: options.privateDns,
      }),
    );
    return {
      vpcEndpointId: must(VpcEndpoint?.VpcEndpointId, "VpcEndpointId"),
      networkInterfaceIds: VpcEndpoint?.NetworkInterfaceIds ?? [],
      dnsNames: (VpcEndpoint?.DnsEntries ?? []).flatMap((entry) => (entry.DnsName ? [entry.DnsName] : [])),
    };
  }

  /**
   * A NAT instance: an instance in the subnet (a public IP unless `publicIp` is false), its primary
   * interface's source/destination check turned off unless `sourceDestCheck` is true, waited for
   * until it runs. The security groups given, else the VPC's default group.
   */
  async natInstance(
    subnetId: string,
    options: { publicIp?: boolean; sourceDestCheck?: boolean; groupIds?: string[] } = {},
  ): Promise<{ instanceId: string; networkInterfaceId: string; publicIp: string | undefined }> {
    const { Instances } = await this.ec2.send(
      new RunInstancesCommand({
        ImageId: "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
        InstanceType: "t4g.nano",
        MinCount: 1,
        MaxCount: 1,
        NetworkInterfaces: [
          {
            DeviceIndex: 0,
            SubnetId: subnetId,
            AssociatePublicIpAddress: options.publicIp ?? true,
            ...(options.groupIds === undefined ? {} : { Groups: options.groupIds }),
          },
        ],
      }),
    );
    const instanceId = must(Instances?.[0]?.InstanceId, "InstanceId");
    if (!(options.sourceDestCheck ?? false))
      await this.ec2.send(
        new ModifyInstanceAttributeCommand({ InstanceId: instanceId, SourceDestCheck: { Value: false } }),
      );
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { Reservations } = await this.ec2.send(
        new DescribeInstancesCommand({ InstanceIds: [instanceId] }),
      );
      const instance = Reservations?.[0]?.Instances?.[0];
      if (instance?.State?.Name === "running" || Date.now() > deadline)
        return {
          instanceId,
          networkInterfaceId: must(
            instance?.NetworkInterfaces?.[0]?.NetworkInterfaceId,
            "NetworkInterfaceId",
          ),
          publicIp: instance?.PublicIpAddress,
        };
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /**
   * The usual shape: a public subnet (route to an attached internet gateway) holding a NAT gateway,
   * and private subnets whose route table sends 0.0.0.0/0 to that NAT.
   */
  async privateSubnetsWithNat(privateAzs: string[] = ["us-east-1a"]) {
    const vpcId = await this.vpc();
    const igwId = await this.internetGateway(vpcId);
    const publicSubnetId = await this.subnet(vpcId, "10.0.0.0/24", "us-east-1a");
    const publicRouteTableId = await this.routeTable(
      vpcId,
      [publicSubnetId],
      [{ cidr: "0.0.0.0/0", gatewayId: igwId }],
    );
    const nat = await this.natGateway(publicSubnetId);
    const privateSubnetIds: string[] = [];
    for (const [index, az] of privateAzs.entries())
      privateSubnetIds.push(await this.subnet(vpcId, `10.0.${index + 10}.0/24`, az));
    const privateRouteTableId = await this.routeTable(vpcId, privateSubnetIds, [
      { cidr: "0.0.0.0/0", natGatewayId: nat.natGatewayId },
    ]);
    return { vpcId, igwId, publicSubnetId, publicRouteTableId, nat, privateSubnetIds, privateRouteTableId };
  }
}

/**
 * Transit gateways and VPC peering, each waited for until available (the emulator's clock runs them
 * through pending first, as AWS does).
 */
export class TransitBuilder {
  constructor(readonly ec2: EC2Client) {}

  /** A transit gateway without default route table association or propagation (centralized egress sets its own). */
  async transitGateway(defaults: "enable" | "disable" = "disable"): Promise<string> {
    const { TransitGateway } = await this.ec2.send(
      new CreateTransitGatewayCommand({
        Options: { DefaultRouteTableAssociation: defaults, DefaultRouteTablePropagation: defaults },
      }),
    );
    const id = must(TransitGateway?.TransitGatewayId, "TransitGatewayId");
    await waitFor(async () => {
      const { TransitGateways } = await this.ec2.send(
        new DescribeTransitGatewaysCommand({ TransitGatewayIds: [id] }),
      );
      return TransitGateways?.[0]?.State === "available";
    }, `${id} available`);
    return id;
  }

  async attachment(transitGatewayId: string, vpcId: string, subnetIds: string[]): Promise<string> {
    const { TransitGatewayVpcAttachment } = await this.ec2.send(
      new CreateTransitGatewayVpcAttachmentCommand({
        TransitGatewayId: transitGatewayId,
        VpcId: vpcId,
        SubnetIds: subnetIds,
      }),
    );
    const id = must(TransitGatewayVpcAttachment?.TransitGatewayAttachmentId, "TransitGatewayAttachmentId");
    await waitFor(async () => {
      const { TransitGatewayVpcAttachments } = await this.ec2.send(
        new DescribeTransitGatewayVpcAttachmentsCommand({ TransitGatewayAttachmentIds: [id] }),
      );
      return TransitGatewayVpcAttachments?.[0]?.State === "available";
    }, `${id} available`);
    return id;
  }

  /** A route table associated with `associated` and propagated into by `propagating`. */
  async routeTable(transitGatewayId: string, associated: string[], propagating: string[]): Promise<string> {
    const { TransitGatewayRouteTable } = await this.ec2.send(
      new CreateTransitGatewayRouteTableCommand({ TransitGatewayId: transitGatewayId }),
    );
    const id = must(TransitGatewayRouteTable?.TransitGatewayRouteTableId, "TransitGatewayRouteTableId");
    await waitFor(async () => {
      const { TransitGatewayRouteTables } = await this.ec2.send(
        new DescribeTransitGatewayRouteTablesCommand({ TransitGatewayRouteTableIds: [id] }),
      );
      return TransitGatewayRouteTables?.[0]?.State === "available";
    }, `${id} available`);
    for (const attachmentId of associated)
      await this.ec2.send(
        new AssociateTransitGatewayRouteTableCommand({
          TransitGatewayRouteTableId: id,
          TransitGatewayAttachmentId: attachmentId,
        }),
      );
    for (const attachmentId of propagating)
      await this.ec2.send(
        new EnableTransitGatewayRouteTablePropagationCommand({
          TransitGatewayRouteTableId: id,
          TransitGatewayAttachmentId: attachmentId,
        }),
      );
    return id;
  }

  /** A static route to an attachment, or a blackhole when `attachmentId` is null. */
  async route(routeTableId: string, cidr: string, attachmentId: string | null): Promise<void> {
    await this.ec2.send(
      new CreateTransitGatewayRouteCommand({
        TransitGatewayRouteTableId: routeTableId,
        DestinationCidrBlock: cidr,
        ...(attachmentId === null ? { Blackhole: true } : { TransitGatewayAttachmentId: attachmentId }),
      }),
    );
  }

  /** A peering connection, accepted and waited for until active unless `accept` is false. */
  async peering(vpcId: string, peerVpcId: string, accept = true): Promise<string> {
    const { VpcPeeringConnection } = await this.ec2.send(
      new CreateVpcPeeringConnectionCommand({ VpcId: vpcId, PeerVpcId: peerVpcId }),
    );
    const id = must(VpcPeeringConnection?.VpcPeeringConnectionId, "VpcPeeringConnectionId");
    const state = async () =>
      (await this.ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] })))
        .VpcPeeringConnections?.[0]?.Status?.Code;
    await waitFor(async () => (await state()) === "pending-acceptance", `${id} pending-acceptance`);
    if (!accept) return id;
    await this.ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    await waitFor(async () => (await state()) === "active", `${id} active`);
    return id;
  }
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function routeTarget(route: RouteSpec) {
  if ("natGatewayId" in route) return { NatGatewayId: route.natGatewayId };
  if ("transitGatewayId" in route) return { TransitGatewayId: route.transitGatewayId };
  if ("vpcPeeringConnectionId" in route) return { VpcPeeringConnectionId: route.vpcPeeringConnectionId };
  if ("instanceId" in route) return { InstanceId: route.instanceId };
  if ("networkInterfaceId" in route) return { NetworkInterfaceId: route.networkInterfaceId };
  return { GatewayId: route.gatewayId };
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`emulator reply has no ${what}`);
  return value;
}
