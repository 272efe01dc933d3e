// Every reply a representative scenario gets, checked against the output shape of AWS's model of its
// operation: no member the model does not have, the right type for each (strings, numbers, booleans,
// timestamps, enum values, lists, structures), and the members AWS always returns present.
//
// "Always returned" (botocore's models mark few output members required):
//   - members the model marks required (App Runner's Service, VpcConnector, OperationSummary, ...);
//   - EC2, whose model marks none: a resource's own identifier, i.e. in a structure shape X, the member
//     XId (Vpc.VpcId, Subnet.SubnetId, NatGateway.NatGatewayId, Instance.InstanceId, ...).
// Three places where AWS's replies are not what the model's shapes say are allowed (ENUM_AS_AWS_SENDS
// holds the enum ones). Two are written in the model's own documentation: EC2 operations without an output shape answer <return>true</return>
// (DeleteVpc, AttachInternetGateway, ...; the EC2 API reference's example responses), and an internet
// gateway's attachment state is "available" when attached ("For an internet gateway, the state is
// available when attached to a VPC", InternetGatewayAttachment.State), outside AttachmentStatus's enum.
// A third, found when this scenario reached CreateVpcEndpoint and DescribeVpcEndpoints: a VPC
// endpoint's state is lowercase on the wire ("pending", "available"), while the model's State enum
// (used only by VpcEndpoint.State) spells PendingAcceptance, Pending, Available, ... The AWS CLI's own
// examples show the lowercase values for gateway endpoints (awscli/examples/ec2/create-vpc-endpoint.rst
// and describe-vpc-endpoints.rst, installed with the CLI on this machine), and terraform-provider-aws
// waits for "available" (its vpcEndpointStateAvailable). So State accepts the lowercase spelling of
// one of its values, and nothing else.
// A fourth, found when the doctor began to read DescribeNetworkInterfaces: a NAT gateway's interface
// has InterfaceType "nat_gateway" on the wire, while the model's NetworkInterfaceType enum spells
// "natGateway". The EC2 API Reference's NetworkInterface data type lists nat_gateway, and users see it
// in real accounts (hashicorp/terraform-provider-aws#33857 quoting that reference,
// GoogleCloudPlatform/terraformer#973, aws-cloudformation/cfn-lint#3791). So that one value too.
// The scenario: both notebooks (App Runner and instance workloads) and the doctor, run as child
// processes against the emulator, then SDK calls that reach every action the emulator serves (the
// list comes from its own action tables, so a new action without a call here fails the test; the
// few with no success reply are named in NO_SUCCESS_REPLY). Replies are captured where the handlers
// return them (the objects the codecs serialise), so names are the wire names.

import {
  DescribeVpcConnectorCommand,
  ListOperationsCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListVpcConnectorsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-apprunner";
import {
  AcceptVpcPeeringConnectionCommand,
  AllocateAddressCommand,
  AssociateNatGatewayAddressCommand,
  AssociateRouteTableCommand,
  AssociateSubnetCidrBlockCommand,
  AssociateTransitGatewayRouteTableCommand,
  AssociateVpcCidrBlockCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateEgressOnlyInternetGatewayCommand,
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
  CreateTagsCommand,
  CreateTransitGatewayCommand,
  CreateTransitGatewayRouteCommand,
  CreateTransitGatewayRouteTableCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteEgressOnlyInternetGatewayCommand,
  DeleteInternetGatewayCommand,
  DeleteNatGatewayCommand,
  DeleteNetworkAclCommand,
  DeleteNetworkAclEntryCommand,
  DeleteNetworkInterfaceCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DeleteVpcCommand,
  DeleteVpcEndpointsCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeAddressesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeInternetGatewaysCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateNatGatewayAddressCommand,
  DisassociateRouteTableCommand,
  EnableTransitGatewayRouteTablePropagationCommand,
  GetConsoleOutputCommand,
  GetManagedPrefixListEntriesCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  ModifySecurityGroupRulesCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  ReleaseAddressCommand,
  ReplaceNetworkAclAssociationCommand,
  ReplaceNetworkAclEntryCommand,
  ReplaceRouteCommand,
  ReplaceRouteTableAssociationCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  SearchTransitGatewayRoutesCommand,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { appRunnerActions } from "../../src/emulator/apprunner/actions.ts";
import { ec2Actions } from "../../src/emulator/ec2/actions.ts";
import { serviceModel } from "../../src/emulator/models/service-model.ts";
import { stsActions } from "../../src/emulator/sts/actions.ts";
import { ipv6Subnet } from "../../test-support/ipv6-subnet.ts";
import { endpointEnv, type LabFixture, runScript, startLabFixture } from "../notebooks/lab-fixture.ts";
import { checkReply, type RecordedReply, recordReplies } from "./check-reply.ts";

type Service = "ec2" | "apprunner" | "sts";
let recorded: RecordedReply<Service>[] = [];
let restore = () => {};

let fixture: LabFixture;

beforeAll(async () => {
  ({ recorded, restore } = recordReplies([
    [ec2Actions as never, "ec2"],
    [appRunnerActions as never, "apprunner"],
    [stsActions as never, "sts"],
  ]));
  fixture = await startLabFixture();
}, 60_000);

afterAll(async () => {
  restore();
  await fixture.close();
});

/**
 * Served actions with no success reply to check, by name, each with the reason. A success is what
 * the shape check reads; these can only answer with an error here.
 */
const NO_SUCCESS_REPLY = new Set([
  // The emulator associates an Elastic IP only with a NAT gateway (there is no AssociateAddress), and
  // AWS refuses to disassociate a NAT gateway's address (AuthFailure; tests/emulator/
  // ec2-nat-gateways.test.ts), so DisassociateAddress has no success here. Its model has no output
  // shape, so a success would be the bare <return>true</return> the check allows anyway.
  "ec2 DisassociateAddress",
]);

/**
 * Calls, through the SDK clients, that reach every served action the notebooks and the doctor do not
 * (and many they do), each with valid input so that it answers with a success. The clock is advanced
 * instead of waiting where a state has to settle (NAT gateway available/deleted, instance running).
 */
async function everyOtherAction(): Promise<void> {
  const { ec2, appRunner, sts } = fixture.clients;
  const settle = () => fixture.running.emulator.clock.advance(5_000);
  const text = (v: string | undefined, what: string): string => {
    if (v === undefined || v === "") throw new Error(`the scenario found no ${what}`);
    return v;
  };

  // Reads that need nothing.
  const zone = text(
    (await ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones?.[0]?.ZoneName,
    "availability zone",
  );
  await ec2.send(new DescribeTagsCommand({}));
  await ec2.send(new DescribePrefixListsCommand({}));
  const prefixListId = text(
    (
      await ec2.send(
        new CreateManagedPrefixListCommand({
          PrefixListName: "reply-shapes",
          AddressFamily: "IPv4",
          MaxEntries: 2,
          Entries: [{ Cidr: "203.0.113.0/25", Description: "partner" }],
        }),
      )
    ).PrefixList?.PrefixListId,
    "prefix list",
  );
  await ec2.send(new DescribeManagedPrefixListsCommand({}));
  await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: prefixListId }));
  await ec2.send(new DescribeInstanceTypeOfferingsCommand({ LocationType: "availability-zone" }));
  const imageId = text(
    (await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))).Images?.[0]?.ImageId,
    "image",
  );
  await sts.send(new GetCallerIdentityCommand({}));

  // A network of its own: VPC, subnet, gateway, route table, security group, network ACL.
  const vpcId = text((await ec2.send(new CreateVpcCommand({ CidrBlock: "10.77.0.0/16" }))).Vpc?.VpcId, "VPC");
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: "enableDnsHostnames" }));
  await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
  const subnetId = text(
    (
      await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.77.1.0/24", AvailabilityZone: zone }),
      )
    ).Subnet?.SubnetId,
    "subnet",
  );
  await ec2.send(
    new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: false } }),
  );
  await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }));
  await ec2.send(
    new CreateTagsCommand({ Resources: [vpcId, subnetId], Tags: [{ Key: "shape", Value: "check" }] }),
  );
  await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: "resource-id", Values: [vpcId] }] }));
  await ec2.send(new DeleteTagsCommand({ Resources: [subnetId], Tags: [{ Key: "shape" }] }));

  const igwId = text(
    (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId,
    "internet gateway",
  );
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  await ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [igwId] }));

  const tableId = text(
    (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId,
    "route table",
  );
  const otherTableId = text(
    (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId,
    "route table",
  );
  const associationId = text(
    (await ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId })))
      .AssociationId,
    "route table association",
  );
  await ec2.send(
    new CreateRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igwId }),
  );
  await ec2.send(
    new ReplaceRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igwId }),
  );
  await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [tableId] }));
  const movedId = text(
    (
      await ec2.send(
        new ReplaceRouteTableAssociationCommand({ AssociationId: associationId, RouteTableId: otherTableId }),
      )
    ).NewAssociationId,
    "route table association",
  );
  await ec2.send(new DisassociateRouteTableCommand({ AssociationId: movedId }));
  await ec2.send(new DeleteRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: "0.0.0.0/0" }));
  await ec2.send(new DeleteRouteTableCommand({ RouteTableId: otherTableId }));

  const groupId = text(
    (
      await ec2.send(
        new CreateSecurityGroupCommand({ GroupName: "shape-check", Description: "shapes", VpcId: vpcId }),
      )
    ).GroupId,
    "security group",
  );
  const https = { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/8" }] };
  const ingress = await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [https] }),
  );
  await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [https] }));
  await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
  await ec2.send(
    new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [groupId] }] }),
  );
  const ruleId = text(ingress.SecurityGroupRules?.[0]?.SecurityGroupRuleId, "security group rule");
  await ec2.send(
    new ModifySecurityGroupRulesCommand({
      GroupId: groupId,
      SecurityGroupRules: [
        {
          SecurityGroupRuleId: ruleId,
          SecurityGroupRule: { IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIpv4: "10.0.0.0/16" },
        },
      ],
    }),
  );
  await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, SecurityGroupRuleIds: [ruleId] }));
  await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [https] }));

  const aclId = text(
    (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl?.NetworkAclId,
    "network ACL",
  );
  const entry = {
    NetworkAclId: aclId,
    RuleNumber: 100,
    Protocol: "6",
    Egress: false,
    CidrBlock: "10.0.0.0/8",
    PortRange: { From: 443, To: 443 },
  };
  await ec2.send(new CreateNetworkAclEntryCommand({ ...entry, RuleAction: "allow" }));
  await ec2.send(new ReplaceNetworkAclEntryCommand({ ...entry, RuleAction: "deny" }));
  const defaultAcl = (
    await ec2.send(
      new DescribeNetworkAclsCommand({ Filters: [{ Name: "association.subnet-id", Values: [subnetId] }] }),
    )
  ).NetworkAcls?.[0];
  const aclAssociation = text(
    defaultAcl?.Associations?.find((a) => a.SubnetId === subnetId)?.NetworkAclAssociationId,
    "network ACL association",
  );
  const onNewAcl = text(
    (
      await ec2.send(
        new ReplaceNetworkAclAssociationCommand({ AssociationId: aclAssociation, NetworkAclId: aclId }),
      )
    ).NewAssociationId,
    "network ACL association",
  );
  await ec2.send(
    new ReplaceNetworkAclAssociationCommand({
      AssociationId: onNewAcl,
      NetworkAclId: text(defaultAcl?.NetworkAclId, "default network ACL"),
    }),
  );
  await ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 100, Egress: false }));
  await ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: aclId }));

  // Interfaces, addresses, a NAT gateway, an endpoint, an instance.
  const eniId = text(
    (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Groups: [groupId] })))
      .NetworkInterface?.NetworkInterfaceId,
    "network interface",
  );
  await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eniId] }));
  await ec2.send(
    new ModifyNetworkInterfaceAttributeCommand({
      NetworkInterfaceId: eniId,
      SourceDestCheck: { Value: false },
    }),
  );
  await ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eniId }));

  const allocationId = text(
    (await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }))).AllocationId,
    "Elastic IP",
  );
  const natId = text(
    (await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: allocationId })))
      .NatGateway?.NatGatewayId,
    "NAT gateway",
  );
  settle();
  await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natId] }));
  await ec2.send(new DescribeAddressesCommand({ AllocationIds: [allocationId] }));
  await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: natId }));
  settle();
  await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natId] }));
  await ec2.send(new ReleaseAddressCommand({ AllocationId: allocationId }));

  // A regional NAT gateway in manual mode (its addresses carry zones, a status and association IDs).
  const zoneAllocation = text(
    (await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }))).AllocationId,
    "Elastic IP",
  );
  const regionalNatId = text(
    (
      await ec2.send(
        new CreateNatGatewayCommand({
          AvailabilityMode: "regional",
          VpcId: vpcId,
          AvailabilityZoneAddresses: [{ AvailabilityZone: "us-east-1a", AllocationIds: [zoneAllocation] }],
        }),
      )
    ).NatGateway?.NatGatewayId,
    "regional NAT gateway",
  );
  settle();
  await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [regionalNatId] }));
  const secondZoneAllocation = text(
    (await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }))).AllocationId,
    "Elastic IP",
  );
  const zoneAssociation = text(
    (
      await ec2.send(
        new AssociateNatGatewayAddressCommand({
          NatGatewayId: regionalNatId,
          AllocationIds: [secondZoneAllocation],
          AvailabilityZone: "us-east-1b",
        }),
      )
    ).NatGatewayAddresses?.[0]?.AssociationId,
    "regional NAT address association",
  );
  await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [regionalNatId] }));
  await ec2.send(
    new DisassociateNatGatewayAddressCommand({
      NatGatewayId: regionalNatId,
      AssociationIds: [zoneAssociation],
    }),
  );
  await ec2.send(new ReleaseAddressCommand({ AllocationId: secondZoneAllocation }));
  await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: regionalNatId }));
  settle();
  await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [regionalNatId] }));
  await ec2.send(new ReleaseAddressCommand({ AllocationId: zoneAllocation }));

  const endpointId = text(
    (
      await ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          ServiceName: "com.amazonaws.us-east-1.s3",
          VpcEndpointType: "Gateway",
          RouteTableIds: [tableId],
        }),
      )
    ).VpcEndpoint?.VpcEndpointId,
    "VPC endpoint",
  );
  settle();
  await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [endpointId] }));
  await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [endpointId] }));

  // IPv6: a block for the VPC and the subnet, an egress-only internet gateway and a route to it.
  const vpcIpv6 = text(
    (await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, AmazonProvidedIpv6CidrBlock: true })))
      .Ipv6CidrBlockAssociation?.Ipv6CidrBlock,
    "VPC IPv6 block",
  );
  await ec2.send(
    new AssociateSubnetCidrBlockCommand({
      SubnetId: subnetId,
      Ipv6CidrBlock: ipv6Subnet(vpcIpv6, 1),
    }),
  );
  const eigwId = text(
    (await ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpcId }))).EgressOnlyInternetGateway
      ?.EgressOnlyInternetGatewayId,
    "egress-only internet gateway",
  );
  await ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({ EgressOnlyInternetGatewayIds: [eigwId] }));
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: tableId,
      DestinationIpv6CidrBlock: "::/0",
      EgressOnlyInternetGatewayId: eigwId,
    }),
  );
  await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [tableId] }));
  await ec2.send(new DeleteRouteCommand({ RouteTableId: tableId, DestinationIpv6CidrBlock: "::/0" }));
  await ec2.send(new DeleteEgressOnlyInternetGatewayCommand({ EgressOnlyInternetGatewayId: eigwId }));

  const instanceId = text(
    (
      await ec2.send(
        new RunInstancesCommand({
          ImageId: imageId,
          InstanceType: "t4g.nano",
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnetId,
          SecurityGroupIds: [groupId],
        }),
      )
    ).Instances?.[0]?.InstanceId,
    "instance",
  );
  settle();
  await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  await ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId }));
  // A NAT instance: the check off, a route to it (described with its interface), the route removed.
  await ec2.send(
    new ModifyInstanceAttributeCommand({ InstanceId: instanceId, SourceDestCheck: { Value: false } }),
  );
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: tableId,
      DestinationCidrBlock: "198.51.100.0/24",
      InstanceId: instanceId,
    }),
  );
  await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [tableId] }));
  await ec2.send(new DeleteRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: "198.51.100.0/24" }));
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
  settle();
  await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));

  // A transit gateway with a VPC attachment, route tables and routes in a VPC of their own (left in place:
  // the teardown below is for the network above), and a peering connection between the two VPCs.
  const hubVpc = text(
    (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.78.0.0/16" }))).Vpc?.VpcId,
    "VPC",
  );
  const hubSubnet = text(
    (
      await ec2.send(
        new CreateSubnetCommand({ VpcId: hubVpc, CidrBlock: "10.78.1.0/24", AvailabilityZone: zone }),
      )
    ).Subnet?.SubnetId,
    "subnet",
  );
  const tgwId = text(
    (await ec2.send(new CreateTransitGatewayCommand({ Description: "shape check" }))).TransitGateway
      ?.TransitGatewayId,
    "transit gateway",
  );
  fixture.running.emulator.clock.advance(600_000);
  await ec2.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [tgwId] }));
  const attachmentId = text(
    (
      await ec2.send(
        new CreateTransitGatewayVpcAttachmentCommand({
          TransitGatewayId: tgwId,
          VpcId: hubVpc,
          SubnetIds: [hubSubnet],
        }),
      )
    ).TransitGatewayVpcAttachment?.TransitGatewayAttachmentId,
    "transit gateway attachment",
  );
  fixture.running.emulator.clock.advance(600_000);
  await ec2.send(
    new DescribeTransitGatewayVpcAttachmentsCommand({ TransitGatewayAttachmentIds: [attachmentId] }),
  );
  await ec2.send(
    new DescribeTransitGatewayAttachmentsCommand({ TransitGatewayAttachmentIds: [attachmentId] }),
  );
  const tgwTableId = text(
    (await ec2.send(new CreateTransitGatewayRouteTableCommand({ TransitGatewayId: tgwId })))
      .TransitGatewayRouteTable?.TransitGatewayRouteTableId,
    "transit gateway route table",
  );
  fixture.running.emulator.clock.advance(600_000);
  await ec2.send(new DescribeTransitGatewayRouteTablesCommand({ TransitGatewayRouteTableIds: [tgwTableId] }));
  await ec2.send(
    new EnableTransitGatewayRouteTablePropagationCommand({
      TransitGatewayRouteTableId: tgwTableId,
      TransitGatewayAttachmentId: attachmentId,
    }),
  );
  await ec2.send(
    new CreateTransitGatewayRouteCommand({
      TransitGatewayRouteTableId: tgwTableId,
      DestinationCidrBlock: "0.0.0.0/0",
      TransitGatewayAttachmentId: attachmentId,
    }),
  );
  await ec2.send(
    new SearchTransitGatewayRoutesCommand({
      TransitGatewayRouteTableId: tgwTableId,
      Filters: [{ Name: "state", Values: ["active", "blackhole"] }],
    }),
  );
  const otherTgw = text(
    (
      await ec2.send(
        new CreateTransitGatewayCommand({
          Options: { DefaultRouteTableAssociation: "disable", DefaultRouteTablePropagation: "disable" },
        }),
      )
    ).TransitGateway?.TransitGatewayId,
    "transit gateway",
  );
  fixture.running.emulator.clock.advance(600_000);
  const otherAttachment = text(
    (
      await ec2.send(
        new CreateTransitGatewayVpcAttachmentCommand({
          TransitGatewayId: otherTgw,
          VpcId: hubVpc,
          SubnetIds: [hubSubnet],
        }),
      )
    ).TransitGatewayVpcAttachment?.TransitGatewayAttachmentId,
    "transit gateway attachment",
  );
  const otherTable = text(
    (await ec2.send(new CreateTransitGatewayRouteTableCommand({ TransitGatewayId: otherTgw })))
      .TransitGatewayRouteTable?.TransitGatewayRouteTableId,
    "transit gateway route table",
  );
  fixture.running.emulator.clock.advance(600_000);
  await ec2.send(
    new AssociateTransitGatewayRouteTableCommand({
      TransitGatewayRouteTableId: otherTable,
      TransitGatewayAttachmentId: otherAttachment,
    }),
  );
  const pcxId = text(
    (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: hubVpc, PeerVpcId: vpcId })))
      .VpcPeeringConnection?.VpcPeeringConnectionId,
    "peering connection",
  );
  await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcxId }));
  settle();
  await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pcxId] }));
  await ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcxId }));

  // Teardown, every delete a success.
  await ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
  await ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
  await ec2.send(new DeleteRouteTableCommand({ RouteTableId: tableId }));
  await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igwId }));
  await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));

  // App Runner: the service 01-without-nat --keep left running, updated, tagged, its operations read.
  const kept = (await appRunner.send(new ListServicesCommand({}))).ServiceSummaryList?.find(
    (s) => s.Status === "RUNNING",
  );
  const serviceArn = text(kept?.ServiceArn, "running App Runner service (01-without-nat --keep)");
  await appRunner.send(
    new UpdateServiceCommand({
      ServiceArn: serviceArn,
      InstanceConfiguration: { Cpu: "0.25 vCPU", Memory: "0.5 GB" },
    }),
  );
  settle();
  await appRunner.send(new ListOperationsCommand({ ServiceArn: serviceArn }));
  await appRunner.send(
    new TagResourceCommand({ ResourceArn: serviceArn, Tags: [{ Key: "shape", Value: "check" }] }),
  );
  await appRunner.send(new ListTagsForResourceCommand({ ResourceArn: serviceArn }));
  await appRunner.send(new UntagResourceCommand({ ResourceArn: serviceArn, TagKeys: ["shape"] }));
  const connectorArn = (await appRunner.send(new ListVpcConnectorsCommand({}))).VpcConnectors?.[0]
    ?.VpcConnectorArn;
  const vpcConnectorArn = text(connectorArn, "VPC connector");
  await appRunner.send(new DescribeVpcConnectorCommand({ VpcConnectorArn: vpcConnectorArn }));
  await appRunner.send(new ListTagsForResourceCommand({ ResourceArn: vpcConnectorArn }));
}

describe("replies against the model's output shapes", () => {
  test("every reply of the scenario has only model members, of the right types, with the ones AWS always returns", async () => {
    const env = endpointEnv(fixture);
    for (const workload of ["apprunner", "instance"]) {
      const run = await runScript("notebooks/02-with-nat.ts", ["--workload", workload], env);
      expect(run.code, `02-with-nat --workload ${workload}:\n${run.stdout}\n${run.stderr}`).toBe(0);
    }
    const keep = await runScript("notebooks/01-without-nat.ts", ["--keep"], env);
    expect(keep.code, keep.stderr).toBe(0);
    const serviceName = /service[^\n]*?(lab-[a-z0-9-]+)/i.exec(keep.stdout)?.[1];
    const doctor = await runScript(
      "scripts/doctor.ts",
      serviceName ? ["--service", serviceName, "--json"] : ["--subnets", "none", "--json"],
      env,
    );
    expect([0, 1, 2]).toContain(doctor.code);
    await everyOtherAction();

    const problems: string[] = [];
    const seen = new Map<string, number>();
    for (const { service, action, reply } of recorded) {
      const model = serviceModel(service);
      const output = model.operations[action]?.output;
      seen.set(`${service} ${action}`, (seen.get(`${service} ${action}`) ?? 0) + 1);
      if (output === undefined) {
        const bare =
          service === "ec2"
            ? JSON.stringify(reply) === '{"return":true}'
            : Object.keys(reply as object).length === 0;
        if (!bare)
          problems.push(
            `${service} ${action}: the model has no output, the reply is ${JSON.stringify(reply)}`,
          );
        continue;
      }
      for (const problem of checkReply(model, service === "apprunner", output, reply)) {
        problems.push(`${service} ${action}${problem}`);
      }
    }
    const served = [
      ...Object.keys(ec2Actions).map((a) => `ec2 ${a}`),
      ...Object.keys(appRunnerActions).map((a) => `apprunner ${a}`),
      ...Object.keys(stsActions).map((a) => `sts ${a}`),
    ];
    console.log(
      `replies checked: ${recorded.length}, covering ${seen.size} of ${served.length} served actions (no success reply to check: ${[...NO_SUCCESS_REPLY].join(", ")})`,
    );
    // Every served action answered at least once with a success (a new action without a call here
    // fails), except the named ones that have no success reply to check.
    const unreached = served.filter((a) => !seen.has(a) && !NO_SUCCESS_REPLY.has(a));
    expect(unreached).toEqual([]);
    // An exception stays true: each names a served action that still has no success here.
    expect([...NO_SUCCESS_REPLY].filter((a) => seen.has(a) || !served.includes(a))).toEqual([]);
    expect(recorded.length).toBeGreaterThan(100);
    expect([...new Set(problems)]).toEqual([]);
  }, 600_000);
});
