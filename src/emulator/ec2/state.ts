// EC2 state of one account in one region, and the helpers other parts of the emulator (App
// Runner, instances) build on. A fresh region is a fresh account: the default VPC and its parts
// exist, as in a new AWS account (VPC User Guide, "Default VPCs": 172.31.0.0/16, one /20 default
// subnet per zone, an attached internet gateway, 0.0.0.0/0 to it in the main route table).

import type { Emulator } from "../emulator.ts";
import { createDefaultVpc } from "./default-vpc.ts";
import { listPrefixLists } from "./prefix-lists.ts";
import type {
  AddressRecord,
  AvailabilityZoneRecord,
  EgressOnlyInternetGatewayRecord,
  InstanceRecord,
  InternetGatewayRecord,
  NatGatewayRecord,
  NetworkAclRecord,
  NetworkInterfaceRecord,
  PrefixListRecord,
  RouteTableRecord,
  SecurityGroupRecord,
  SubnetRecord,
  TagMap,
  TransitGatewayRecord,
  TransitGatewayRouteTableRecord,
  TransitGatewayVpcAttachmentRecord,
  VpcEndpointRecord,
  VpcPeeringConnectionRecord,
  VpcRecord,
} from "./records.ts";
import { listAvailabilityZones } from "./zones.ts";

export { createNetworkInterface, deleteNetworkInterface, type NewNetworkInterface } from "./interfaces.ts";
export {
  getAddress,
  getInternetGateway,
  getNatGateway,
  getNetworkAcl,
  getNetworkInterface,
  getRouteTable,
  getSecurityGroup,
  getSubnet,
  getTransitGateway,
  getTransitGatewayAttachment,
  getTransitGatewayRouteTable,
  getVpc,
  getVpcEndpoint,
  getVpcPeeringConnection,
} from "./lookups.ts";
export { computeNatGatewayState, settleEc2State } from "./nat-lifecycle.ts";
export type * from "./records.ts";
export { readTagSpecifications, readTags, setTags, tagsOf } from "./tagging.ts";

export interface Ec2State {
  region: string;
  ownerId: string;
  availabilityZones: AvailabilityZoneRecord[];
  vpcs: Map<string, VpcRecord>;
  subnets: Map<string, SubnetRecord>;
  internetGateways: Map<string, InternetGatewayRecord>;
  egressOnlyInternetGateways: Map<string, EgressOnlyInternetGatewayRecord>;
  /** Elastic IPs by allocation ID. */
  addresses: Map<string, AddressRecord>;
  natGateways: Map<string, NatGatewayRecord>;
  routeTables: Map<string, RouteTableRecord>;
  securityGroups: Map<string, SecurityGroupRecord>;
  networkAcls: Map<string, NetworkAclRecord>;
  networkInterfaces: Map<string, NetworkInterfaceRecord>;
  vpcEndpoints: Map<string, VpcEndpointRecord>;
  /** AWS-managed prefix lists (emulated; their CIDRs come from documentation ranges). */
  prefixLists: Map<string, PrefixListRecord>;
  /** EC2 instances (the instance workload), by instance ID. */
  instances: Map<string, InstanceRecord>;
  /** Resource ID -> tags, for every taggable resource (instances included). */
  tags: Map<string, TagMap>;
  transitGateways: Map<string, TransitGatewayRecord>;
  /** VPC attachments only (the emulator models no VPN or Direct Connect attachments). */
  transitGatewayAttachments: Map<string, TransitGatewayVpcAttachmentRecord>;
  transitGatewayRouteTables: Map<string, TransitGatewayRouteTableRecord>;
  vpcPeeringConnections: Map<string, VpcPeeringConnectionRecord>;
}

/** A fresh account: the default VPC and its parts exist, as in a new AWS account. */
export function createEc2State(region: string, emulator: Emulator): Ec2State {
  const state: Ec2State = {
    region,
    ownerId: emulator.accountId,
    availabilityZones: listAvailabilityZones(region),
    vpcs: new Map(),
    subnets: new Map(),
    internetGateways: new Map(),
    egressOnlyInternetGateways: new Map(),
    addresses: new Map(),
    natGateways: new Map(),
    routeTables: new Map(),
    securityGroups: new Map(),
    networkAcls: new Map(),
    networkInterfaces: new Map(),
    vpcEndpoints: new Map(),
    prefixLists: new Map(listPrefixLists(region).map((p) => [p.prefixListId, p])),
    instances: new Map(),
    tags: new Map(),
    transitGateways: new Map(),
    transitGatewayAttachments: new Map(),
    transitGatewayRouteTables: new Map(),
    vpcPeeringConnections: new Map(),
  };
  createDefaultVpc(state, emulator);
  return state;
}
