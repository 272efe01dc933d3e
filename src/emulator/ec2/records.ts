// The EC2 records the emulator keeps per account and region. Plain data (strings, numbers,
// booleans, arrays, Maps), so the control route /_emulator/state can dump them as JSON. Field names
// follow the EC2 API where one exists; computed values (NAT state, route state) are not stored.

export type TagMap = Map<string, string>;

export interface AvailabilityZoneRecord {
  zoneName: string;
  zoneId: string;
}

export interface VpcRecord {
  vpcId: string;
  cidrBlock: string;
  cidrAssociationId: string;
  /** The Amazon-provided IPv6 block (a /56), once AssociateVpcCidrBlock gave one. */
  ipv6?: { cidrBlock: string; associationId: string };
  dhcpOptionsId: string;
  isDefault: boolean;
  instanceTenancy: string;
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
  /** Network Address Usage metrics for the VPC (off unless enabled; VPC User Guide, "Network Address Usage"). */
  enableNetworkAddressUsageMetrics: boolean;
}

export interface SubnetRecord {
  subnetId: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  availabilityZoneId: string;
  defaultForAz: boolean;
  mapPublicIpOnLaunch: boolean;
  /** A /64 of the VPC's IPv6 block, once AssociateSubnetCidrBlock gave one. */
  ipv6?: { cidrBlock: string; associationId: string };
}

export interface InternetGatewayRecord {
  internetGatewayId: string;
  /** The VPC it is attached to, if any (an internet gateway attaches to at most one VPC). */
  attachedVpcId: string | null;
}

export interface EgressOnlyInternetGatewayRecord {
  egressOnlyInternetGatewayId: string;
  /** Created for one VPC and attached to it for its whole life (CreateEgressOnlyInternetGateway). */
  vpcId: string;
}

export interface AddressRecord {
  allocationId: string;
  publicIp: string;
  associationId: string | null;
  networkInterfaceId: string | null;
  privateIpAddress: string | null;
}

export interface NatGatewayRecord {
  natGatewayId: string;
  vpcId: string;
  /** "zonal" (in one subnet, the default) or "regional" (VPC-wide: CreateNatGateway AvailabilityMode). */
  availabilityMode: "zonal" | "regional";
  /** Zonal gateways only (null for regional ones): their subnet, interface and its private IP. */
  subnetId: string | null;
  connectivityType: "public" | "private";
  allocationId: string | null;
  networkInterfaceId: string | null;
  privateIp: string | null;
  /** Regional gateways only (null for zonal ones). */
  regional: RegionalNatRecord | null;
  createTime: number;
  /** When "pending" ends (then "available", or "failed" when a failure is set or due). */
  readyAt: number;
  failure: { failureCode: string; failureMessage: string } | null;
  /** Set by DeleteNatGateway: "deleting" until deletedAt, then "deleted". */
  deleteTime: number | null;
  deletedAt: number | null;
  /** Side effects of "failed"/"deleted" (ENI released, EIP disassociated) are applied once. */
  settled: boolean;
}

/** What a regional NAT gateway adds (nat-gateway-model.ts explains the rules). */
export interface RegionalNatRecord {
  /** Automatic mode (no AvailabilityZoneAddresses): AWS manages the zones and their addresses. */
  autoProvisionZones: boolean;
  /** The route table AWS creates for the gateway (0.0.0.0/0 to the VPC's internet gateway). */
  routeTableId: string;
  zones: RegionalNatZoneRecord[];
}

export interface RegionalNatZoneRecord {
  availabilityZone: string;
  availabilityZoneId: string;
  /** When the gateway starts serving traffic from this zone. */
  activeAt: number;
  /**
   * Manual mode: the caller's Elastic IPs (allocationId set); automatic mode: one Amazon-provided IP.
   * `activeAt`: an address added later (AssociateNatGatewayAddress) is in use from then on.
   */
  addresses: {
    allocationId: string | null;
    associationId: string | null;
    publicIp: string;
    activeAt?: number;
  }[];
}

export interface RouteRecord {
  destinationCidrBlock?: string;
  destinationPrefixListId?: string;
  gatewayId?: string;
  natGatewayId?: string;
  networkInterfaceId?: string;
  instanceId?: string;
  vpcPeeringConnectionId?: string;
  transitGatewayId?: string;
  egressOnlyInternetGatewayId?: string;
  destinationIpv6CidrBlock?: string;
  origin: "CreateRouteTable" | "CreateRoute" | "EnableVgwRoutePropagation";
}

export interface RouteTableAssociationRecord {
  routeTableAssociationId: string;
  main: boolean;
  subnetId?: string;
  gatewayId?: string;
}

export interface RouteTableRecord {
  routeTableId: string;
  vpcId: string;
  routes: RouteRecord[];
  associations: RouteTableAssociationRecord[];
}

export interface SecurityGroupRuleRecord {
  securityGroupRuleId: string;
  isEgress: boolean;
  ipProtocol: string;
  fromPort: number;
  toPort: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  prefixListId?: string;
  referencedGroupId?: string;
  description?: string;
}

export interface SecurityGroupRecord {
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
  rules: SecurityGroupRuleRecord[];
}

export interface NetworkAclEntryRecord {
  ruleNumber: number;
  egress: boolean;
  protocol: string;
  ruleAction: "allow" | "deny";
  /** Exactly one of cidrBlock (IPv4) and ipv6CidrBlock. */
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  portRange?: { from: number; to: number };
  icmpTypeCode?: { code: number; type: number };
}

export interface NetworkAclRecord {
  networkAclId: string;
  vpcId: string;
  isDefault: boolean;
  /** Explicit entries; the implicit "*" deny (rule 32767) is added when described. */
  entries: NetworkAclEntryRecord[];
  /** Subnet ID -> association ID. */
  associations: Map<string, string>;
}

export interface NetworkInterfaceRecord {
  networkInterfaceId: string;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  privateIpAddress: string;
  macAddress: string;
  description: string;
  interfaceType: string;
  requesterManaged: boolean;
  requesterId?: string;
  groupIds: string[];
  status: "available" | "in-use";
  sourceDestCheck: boolean;
  /**
   * A requester-managed interface its service no longer needs: deleted by the service at this time
   * (App Runner's Hyperplane ENIs outlive their connector: apprunner/connector-enis.ts).
   */
  releaseAt?: number;
  attachment?: {
    attachmentId: string;
    instanceId?: string;
    instanceOwnerId?: string;
    deviceIndex: number;
    attachTime: number;
    deleteOnTermination: boolean;
  };
}

export interface VpcEndpointRecord {
  vpcEndpointId: string;
  vpcId: string;
  serviceName: string;
  vpcEndpointType: "Gateway" | "Interface" | "GatewayLoadBalancer";
  /** Gateway endpoints: the route tables holding a route to the service's prefix list. */
  routeTableIds: string[];
  /** Interface endpoints: one subnet per zone, each with one interface carrying groupIds. */
  subnetIds: string[];
  groupIds: string[];
  networkInterfaceIds: string[];
  privateDnsEnabled: boolean;
  /** The endpoint's own names, then (private DNS) the service's names. */
  dnsEntries: { dnsName: string; hostedZoneId: string }[];
  policyDocument: string;
  creationTimestamp: number;
  /** "pending" until then, "available" after (gateway endpoints are quick). */
  availableAt: number;
}

export interface PrefixListRecord {
  prefixListId: string;
  prefixListName: string;
  cidrs: string[];
  /**
   * Customer-managed lists (CreateManagedPrefixList) only; absent for the AWS-managed lists of the
   * gateway endpoint services. `descriptions` runs beside `cidrs`.
   */
  managed?: { maxEntries: number; version: number; descriptions: (string | undefined)[] };
}

export interface TransitGatewayRecord {
  transitGatewayId: string;
  description: string;
  createTime: number;
  /** "pending" until then, "available" after. */
  availableAt: number;
  options: {
    amazonSideAsn: number;
    autoAcceptSharedAttachments: string;
    defaultRouteTableAssociation: string;
    defaultRouteTablePropagation: string;
    vpnEcmpSupport: string;
    dnsSupport: string;
    securityGroupReferencingSupport: string;
    multicastSupport: string;
  };
  /** The route table AWS creates with the gateway when default association or propagation is enabled. */
  defaultRouteTableId: string | null;
}

export interface TransitGatewayVpcAttachmentRecord {
  transitGatewayAttachmentId: string;
  transitGatewayId: string;
  vpcId: string;
  subnetIds: string[];
  createTime: number;
  availableAt: number;
  options: {
    dnsSupport: string;
    securityGroupReferencingSupport: string;
    ipv6Support: string;
    applianceModeSupport: string;
  };
  /** The transit gateway route table that routes what this attachment sends (at most one). */
  associatedRouteTableId: string | null;
}

export interface TransitGatewayRouteRecord {
  destinationCidrBlock: string;
  /** null: a blackhole route (CreateTransitGatewayRoute with Blackhole). */
  transitGatewayAttachmentId: string | null;
}

export interface TransitGatewayRouteTableRecord {
  transitGatewayRouteTableId: string;
  transitGatewayId: string;
  createTime: number;
  availableAt: number;
  defaultAssociationRouteTable: boolean;
  defaultPropagationRouteTable: boolean;
  /** Attachments whose VPC CIDR blocks propagate into this table as "propagated" routes. */
  propagatingAttachmentIds: string[];
  /** Static routes (propagated ones are computed when read). */
  routes: TransitGatewayRouteRecord[];
}

export interface VpcPeeringConnectionRecord {
  vpcPeeringConnectionId: string;
  requesterVpcId: string;
  accepterVpcId: string;
  createTime: number;
  /** "initiating-request" until then, "pending-acceptance" after, until accepted. */
  pendingAt: number;
  /** AcceptVpcPeeringConnection: "provisioning" until activeAt, then "active". */
  activeAt: number | null;
  /** DeleteVpcPeeringConnection: "deleted" from then on (AWS keeps it listed for a while). */
  deletedAt: number | null;
  /** A pending request expires after 7 days (VPC Peering Guide, lifecycle). */
  expirationTime: number;
}

export interface InstanceRecord {
  instanceId: string;
  reservationId: string;
  imageId: string;
  instanceType: string;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  groupIds: string[];
  networkInterfaceId: string;
  privateIpAddress: string;
  publicIpAddress: string | null;
  userData: string;
  /** MetadataOptions.HttpTokens: "required" (IMDSv2 only) or "optional". */
  httpTokens: string;
  launchTime: number;
  runningAt: number;
  terminateTime: number | null;
  terminatedAt: number | null;
}
