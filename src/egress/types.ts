// The network topology that the egress model reasons about, and the answer it gives.
// Pure data: no I/O, no SDK types. src/aws turns SDK responses into these shapes; the emulator
// builds them from its own state; recipes build them from templates.

/**
 * A CIDR block such as "10.0.0.0/16" or "2001:db8:1234:1a00::/56" (a bare address means /32 or
 * /128). Rules, routes and ACL entries hold either family; the trace matches a destination only
 * against blocks of its own family.
 */
export type Cidr = string;

export interface Vpc {
  id: string;
  cidrBlocks: Cidr[];
  /** Associated IPv6 blocks (AssociateVpcCidrBlock): each gets a local route. Absent: none. */
  ipv6CidrBlocks?: Cidr[];
  isDefault?: boolean;
  /** enableDnsSupport: the Amazon-provided resolver answers inside the VPC. Default true. */
  dnsSupport?: boolean;
  /**
   * enableDnsHostnames. With dnsSupport, needed for an interface endpoint's private DNS name to
   * answer inside the VPC (EC2 API Reference, CreateVpcEndpoint PrivateDnsEnabled). Absent: unknown.
   */
  dnsHostnames?: boolean;
}

export interface Subnet {
  id: string;
  vpcId: string;
  cidrBlock: Cidr;
  /** Associated IPv6 blocks (a /64 each, AssociateSubnetCidrBlock): a dual-stack subnet. Absent: none. */
  ipv6CidrBlocks?: Cidr[];
  availabilityZone: string;
  mapPublicIpOnLaunch?: boolean;
  name?: string;
}

export type RouteTarget =
  | { kind: "local" }
  | { kind: "internet-gateway"; id: string }
  | { kind: "nat-gateway"; id: string }
  /**
   * A vpce- target: a gateway endpoint (S3, DynamoDB), or a Gateway Load Balancer endpoint (an
   * appliance or an AWS Network Firewall endpoint), told apart by the endpoint's type.
   */
  | { kind: "gateway-endpoint"; id: string }
  /** A transit gateway (tgw-...): follow-transit-gateway.ts walks its route tables to the next attachment. */
  | { kind: "transit-gateway"; id: string }
  /** A VPC peering connection (pcx-...): private destinations in the peer VPC only (follow-peering.ts). */
  | { kind: "vpc-peering"; id: string }
  /** An egress-only internet gateway: IPv6 only, outbound only (VPC User Guide, egress-only-internet-gateway.html). */
  | { kind: "egress-only-internet-gateway"; id: string }
  /**
   * An EC2 instance as a router, usually a NAT instance (the route names i-...; DescribeRouteTables
   * also gives the instance's interface): follow-nat-instance.ts.
   */
  | { kind: "instance"; id: string; networkInterfaceId?: string }
  /** A network interface as a router (the route names eni-...), usually a NAT instance's: follow-nat-instance.ts. */
  | { kind: "network-interface"; id: string }
  /** Anything the model does not follow (VGW, ...). */
  | { kind: "other"; id: string; type: string };

export interface Route {
  /** Exactly one of cidr or prefixListId. */
  destination: { cidr: Cidr } | { prefixListId: string };
  target: RouteTarget;
  /** AWS marks a route "blackhole" when its target is gone (deleted NAT, detached gateway). */
  state: "active" | "blackhole";
}

export interface RouteTable {
  id: string;
  vpcId: string;
  /** The VPC's main route table: used by every subnet without an explicit association. */
  main: boolean;
  /** Subnets explicitly associated with this table. */
  subnetIds: string[];
  routes: Route[];
}

export interface InternetGateway {
  id: string;
  /** VPCs it is attached to (state "available" / "attached"). Empty when detached. */
  attachedVpcIds: string[];
}

export interface EgressOnlyInternetGateway {
  id: string;
  /** The VPC it was created for (state "attached"); empty once detached. */
  attachedVpcIds: string[];
}

export type NatGatewayState = "pending" | "available" | "failed" | "deleting" | "deleted";

export interface NatGateway {
  id: string;
  vpcId: string;
  subnetId: string;
  state: NatGatewayState;
  connectivityType: "public" | "private";
  /** The Elastic IP's allocation ID (public NAT only). */
  allocationId?: string;
  /** The Elastic IP's address: what the internet sees as the source (public NAT only). */
  publicIp?: string;
  privateIp?: string;
  /** Why a failed NAT gateway failed, as the API says it (DescribeNatGateways FailureCode, FailureMessage). */
  failure?: { code?: string; message?: string };
  /**
   * DescribeNatGateways AvailabilityMode: "zonal" (one subnet, one AZ; absent means zonal) or "regional"
   * (one gateway for the whole VPC, no subnet: `subnetId` is "", and `zones` says which AZs it serves).
   * Source: EC2 API Reference, NatGateway and CreateNatGateway (botocore ec2 model).
   */
  availabilityMode?: "zonal" | "regional";
  /**
   * Regional only, AutoProvisionZones: true ("enabled", automatic mode) when AWS adds and removes zones
   * itself as workloads appear; false ("disabled", manual mode: created with AvailabilityZoneAddresses)
   * when only the zones given an Elastic IP are served. Absent: not reported.
   */
  autoProvisionZones?: boolean;
  /** Regional only, AutoScalingIps: AWS adds Elastic IPs in a zone when it needs more ports. Absent: not reported. */
  autoScalingIps?: boolean;
  /** Regional only: the zones the gateway serves now, each with its addresses (NatGatewayAddresses by AvailabilityZone). */
  zones?: NatGatewayZone[];
  /** Regional only, RouteTableId: the route table AWS created for the gateway (with a route to the VPC's internet gateway). */
  routeTableId?: string;
}

/** One Availability Zone of a regional NAT gateway and the addresses that translate traffic from it. */
export interface NatGatewayZone {
  availabilityZone: string;
  availabilityZoneId?: string;
  addresses: NatGatewayZoneAddress[];
}

export interface NatGatewayZoneAddress {
  allocationId?: string;
  publicIp?: string;
  privateIp?: string;
  /** NatGatewayAddressStatus: "assigning", "associating", "succeeded", "failed", ... Absent: not reported (in use). */
  status?: string;
}

export interface ElasticIp {
  allocationId: string;
  publicIp: string;
  associationId?: string;
  networkInterfaceId?: string;
}

/** "-1" means all protocols (and all ports). */
export type IpProtocol = "tcp" | "udp" | "icmp" | "-1";

export interface SecurityGroupRule {
  protocol: IpProtocol;
  /** Inclusive port range; ignored for "-1". */
  fromPort?: number;
  toPort?: number;
  cidrs: Cidr[];
  prefixListIds?: string[];
  /** Rules that reference other security groups; they never match an internet address. */
  groupIds?: string[];
}

export interface SecurityGroup {
  id: string;
  vpcId: string;
  name?: string;
  /** Outbound rules. Security groups are stateful: replies are allowed automatically. */
  egress: SecurityGroupRule[];
  ingress?: SecurityGroupRule[];
}

export interface NetworkAclEntry {
  ruleNumber: number;
  /** true: outbound rule; false: inbound rule. */
  egress: boolean;
  protocol: IpProtocol;
  action: "allow" | "deny";
  cidr: Cidr;
  /** Inclusive; absent means all ports. */
  portRange?: { from: number; to: number };
}

export interface NetworkAcl {
  id: string;
  vpcId: string;
  isDefault: boolean;
  subnetIds: string[];
  /** Evaluated lowest rule number first; the implicit final deny (rule "*") is not listed. */
  entries: NetworkAclEntry[];
}

export interface VpcEndpoint {
  id: string;
  vpcId: string;
  serviceName: string;
  /**
   * GatewayLoadBalancer: an endpoint routes can target, which hands traffic to appliances behind a
   * Gateway Load Balancer; AWS Network Firewall's endpoints are of this kind, managed by the service.
   */
  type: "Gateway" | "Interface" | "GatewayLoadBalancer";
  routeTableIds: string[];
  state?: string;
  /**
   * Interface endpoints: a private hosted zone makes the service's own name (for example
   * secretsmanager.us-east-1.amazonaws.com) resolve to the endpoint's interfaces inside the VPC,
   * when the VPC has enableDnsSupport and enableDnsHostnames.
   */
  privateDnsEnabled?: boolean;
  /**
   * Interface endpoints: one subnet per Availability Zone, each holding one endpoint interface.
   * Gateway Load Balancer endpoints: exactly one subnet, whose route table the traffic continues in.
   */
  subnetIds?: string[];
  /** Interface endpoints: the groups on the endpoint's interfaces (their inbound rules decide). */
  securityGroupIds?: string[];
  networkInterfaceIds?: string[];
  /**
   * DescribeVpcEndpoints DnsEntries: the endpoint's own names (vpce-....vpce.amazonaws.com, which
   * resolve to its interfaces from anywhere) and, with private DNS, the service's names.
   * A name may start with "*." (ECR's *.dkr.ecr.<region>.amazonaws.com).
   */
  dnsNames?: string[];
}

/** A network interface (ENI) in a VPC: what security group rules that name groups match. */
export interface NetworkInterface {
  id: string;
  vpcId: string;
  subnetId: string;
  privateIp: string;
  groupIds: string[];
  /** DescribeNetworkInterfaces InterfaceType: "interface", "vpc_endpoint", "nat_gateway", ... */
  interfaceType?: string;
  /** The public IPv4 address associated with it (an Elastic IP or an auto-assigned one). */
  publicIp?: string;
  /**
   * On by default: an interface with the check on drops traffic not addressed to it, so it cannot
   * route or NAT (a NAT instance's must be off). Absent: not read.
   */
  sourceDestCheck?: boolean;
  /** The instance it is attached to, if any. */
  instanceId?: string;
}

export type InstanceState = "pending" | "running" | "stopping" | "stopped" | "shutting-down" | "terminated";

/** An EC2 instance that a route names (directly or through its interface): a NAT instance. */
export interface Instance {
  id: string;
  state: InstanceState;
  subnetId: string;
  vpcId: string;
  /** Its primary interface first. */
  networkInterfaceIds: string[];
}

export interface PrefixList {
  id: string;
  name: string;
  cidrs: Cidr[];
}

/**
 * A transit gateway attachment as DescribeTransitGatewayAttachments and DescribeTransitGatewayVpcAttachments
 * report it. A VPC attachment names one subnet per AZ: traffic enters and leaves the VPC there.
 */
export interface TransitGatewayAttachment {
  id: string;
  transitGatewayId: string;
  /** "vpc", "vpn", "direct-connect-gateway", "peering", "connect", ... (TransitGatewayAttachmentResourceType). */
  resourceType: string;
  /** The VPC ID for a VPC attachment. */
  resourceId?: string;
  resourceOwnerId?: string;
  /** The account that owns the transit gateway (it alone sees the gateway's route tables). */
  transitGatewayOwnerId?: string;
  /** "available", "pending", "pendingAcceptance", "deleting", "deleted", ... */
  state: string;
  /** VPC attachments: the attachment's subnets, one per Availability Zone. */
  subnetIds?: string[];
  /** The transit gateway route table the attachment is associated with (it routes what the attachment sends). */
  associatedRouteTableId?: string;
  applianceModeSupport?: boolean;
}

export interface TransitGatewayRoute {
  /** A CIDR block (a prefix-list route is given as the list's CIDRs by the loader). */
  destination: Cidr;
  /** The attachments it forwards to (several with ECMP); empty for a blackhole route. */
  attachmentIds: string[];
  type: "static" | "propagated";
  state: "active" | "blackhole";
}

export interface TransitGatewayRouteTable {
  id: string;
  transitGatewayId: string;
  /** Static, propagated and blackhole routes, as SearchTransitGatewayRoutes returns them. */
  routes: TransitGatewayRoute[];
}

export interface VpcPeeringConnectionSide {
  vpcId: string;
  ownerId?: string;
  region?: string;
  cidrBlocks: Cidr[];
}

export interface VpcPeeringConnection {
  id: string;
  /** "active", "pending-acceptance", "rejected", "deleted", "expired", "failed", "provisioning", ... */
  state: string;
  requester: VpcPeeringConnectionSide;
  accepter: VpcPeeringConnectionSide;
}

/**
 * Part of the network the loader could not read: a call the caller may not make (UnauthorizedOperation),
 * or a resource in another account. A path that continues there gets the verdict "unknown", never a guess.
 */
export interface UnreadablePart {
  /** What could not be read: "transit gateways", "vpc-0abc (account 111122223333)". */
  what: string;
  /** The call that failed, such as "ec2:DescribeTransitGatewayAttachments". */
  action: string;
  /** Why, as AWS said it: "UnauthorizedOperation: You are not authorized to perform this operation." */
  cause: string;
}

export interface Topology {
  vpcs: Vpc[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  internetGateways: InternetGateway[];
  /** Absent in topologies built before IPv6 was modelled: read as none. */
  egressOnlyInternetGateways?: EgressOnlyInternetGateway[];
  natGateways: NatGateway[];
  elasticIps: ElasticIp[];
  securityGroups: SecurityGroup[];
  networkAcls: NetworkAcl[];
  vpcEndpoints: VpcEndpoint[];
  prefixLists: PrefixList[];
  /** Absent when not loaded (no route names a transit gateway); see unreadable for what could not be. */
  transitGatewayAttachments?: TransitGatewayAttachment[];
  transitGatewayRouteTables?: TransitGatewayRouteTable[];
  vpcPeeringConnections?: VpcPeeringConnection[];
  unreadable?: UnreadablePart[];
  /**
   * The VPC's network interfaces, when loaded: interface endpoints' interfaces, and the
   * interfaces that security group rules naming groups match. Absent: not loaded.
   */
  networkInterfaces?: NetworkInterface[];
  /** Instances the interfaces that routes name are attached to (NAT instances): absent when not loaded. */
  instances?: Instance[];
}

/**
 * Where the traffic starts.
 * - "vpc": an interface in one of your subnets (App Runner's Hyperplane ENI with a VPC connector,
 *   an EC2 instance, a Lambda function in a VPC, a Fargate task). Follows your route tables.
 * - "apprunner-default": App Runner's DEFAULT egress: AWS-managed networking; the internet is
 *   reachable, private addresses in your VPC are not.
 * - "lambda-default": a Lambda function without a VPC configuration: the same position, in
 *   networking Lambda manages (docs/FACTS.md, "Lambda and ECS").
 */
export type SourceInterface =
  | {
      mode: "vpc";
      subnetId: string;
      securityGroupIds: string[];
      /** App Runner's connector ENIs never have one; an EC2 instance may. */
      hasPublicIp: boolean;
      privateIp?: string;
      publicIp?: string;
      /** The interface's IPv6 address, when known (what an IPv6 destination sees). */
      ipv6Address?: string;
      /**
       * The workload sends IPv4 only, whatever its subnet: App Runner documents its outgoing
       * traffic as IPv4 only (App Runner Developer Guide, network.html), so an IPv6 destination is
       * refused rather than traced through the subnet's IPv6 routes.
       */
      ipv4Only?: boolean;
      /** For display: "App Runner VPC connector ENI", "EC2 instance i-...", ... */
      label?: string;
      interfaceId?: string;
    }
  | { mode: "apprunner-default"; label?: string }
  | { mode: "lambda-default"; label?: string };

export interface Destination {
  /** An IPv4 or IPv6 address or CIDR block. */
  address: string;
  protocol: "tcp" | "udp";
  port: number;
  /** The name the user asked for, if any, for messages. */
  hostname?: string;
}

/** Stable names (the doctor's JSON and the guide show them; ARCHITECTURE.md): extend, don't rename. */
export type ReasonCode =
  | "NO_ROUTE"
  | "NO_PUBLIC_IP"
  | "IGW_NOT_ATTACHED"
  | "BLACKHOLE_ROUTE"
  | "NAT_NOT_AVAILABLE"
  | "NAT_SUBNET_NOT_PUBLIC"
  | "NAT_PRIVATE_CONNECTIVITY"
  | "SG_EGRESS_DENIED"
  | "NACL_DENIED"
  /** App Runner DEFAULT egress cannot reach private addresses in your VPC. */
  | "DEFAULT_EGRESS_NO_VPC_ACCESS"
  /** A Lambda function without a VPC configuration cannot reach private addresses in your VPC. */
  | "NOT_IN_VPC"
  /** A route sends traffic to a target the model does not follow (peering, transit gateway, ...). */
  | "UNSUPPORTED_TARGET"
  | "ROUTING_LOOP"
  /** The topology is missing something it refers to (subnet, route table, VPC). */
  | "TOPOLOGY_INCOMPLETE"
  /**
   * Verdict "unknown": the path continues where the caller cannot read (a VPC or transit gateway route
   * table of another account, a call denied). The fix says what to run next, and where.
   */
  | "PATH_NOT_READABLE"
  /** The source VPC has no available attachment to the transit gateway its route names. */
  | "TGW_ATTACHMENT_NOT_AVAILABLE"
  /** The VPC's transit gateway attachment has no subnet in the source's AZ: that AZ cannot reach the transit gateway. */
  | "TGW_NO_ATTACHMENT_IN_AZ"
  /** The transit gateway route table associated with the attachment (or no table at all) has no route to the destination. */
  | "TGW_NO_ROUTE"
  /** The transit gateway route that matches the destination is a blackhole (a static blackhole or a deleted attachment). */
  | "TGW_BLACKHOLE_ROUTE"
  /**
   * The replies cannot come back: the egress VPC (the NAT gateway's subnet) or the transit gateway route table
   * of the egress attachment has no route to the workload's address back through the transit gateway.
   */
  | "TGW_NO_RETURN_ROUTE"
  /** The VPC peering connection the route names is not active (pending acceptance, rejected, deleted...). */
  | "PEERING_NOT_ACTIVE"
  /**
   * A peering connection carries traffic only to addresses in the peer VPC: never to the internet through the
   * peer's NAT or internet gateway, nor on to a third network (no transitive or edge-to-edge routing).
   */
  | "PEERING_NO_INTERNET"
  /** The peer VPC's route table has no route back to the source through the same peering connection. */
  | "PEERING_NO_RETURN_ROUTE"
  /**
   * The destination's name resolves to an interface endpoint (PrivateLink) in the VPC, but none of
   * the endpoint's security groups allows the connection in from the interface.
   */
  | "ENDPOINT_SG_DENIED"
  /**
   * An interface endpoint for the service exists in the VPC, but the service's name does not resolve
   * to it (the endpoint's private DNS is off, or the VPC lacks enableDnsSupport or
   * enableDnsHostnames), and the public path the name then takes does not get out.
   */
  | "ENDPOINT_PRIVATE_DNS_OFF"
  /** The destination's name resolves to an interface endpoint that is not available (pending, failed...). */
  | "ENDPOINT_NOT_AVAILABLE"
  /**
   * The destination is STS's global name (sts.amazonaws.com): an STS interface endpoint in the VPC
   * answers only the regional name (sts.<region>.amazonaws.com), and the public path does not get out.
   */
  | "STS_GLOBAL_ENDPOINT"
  /**
   * Not produced by the trace: the doctor gives it (verdict "unknown") to a workload in a template or
   * plan whose subnet, VPC or security groups exist only in the account and could not be loaded, or
   * that depends on a value a Terraform plan leaves unknown until apply.
   */
  | "UNRESOLVED_REFERENCE"
  /** An IPv6 destination from a subnet without an IPv6 block: the interface has no IPv6 address. */
  | "SUBNET_NO_IPV6"
  /** An IPv6 destination from a workload that sends IPv4 only (App Runner, as AWS documents it). */
  | "SOURCE_IPV4_ONLY"
  /** The instance (or the instance of the interface) a route sends the traffic to is not running, or is gone. */
  | "NAT_INSTANCE_NOT_RUNNING"
  /** The NAT instance's interface still has its source/destination check on, so it drops traffic that is not its own. */
  | "NAT_INSTANCE_SOURCE_DEST_CHECK"
  /** The NAT instance has no public IP (auto-assigned or Elastic IP), so its internet gateway cannot carry what it translates. */
  | "NAT_INSTANCE_NO_PUBLIC_IP"
  /** The NAT instance's own subnet has no route to an attached internet gateway. */
  | "NAT_INSTANCE_SUBNET_NOT_PUBLIC"
  /** The NAT instance's security groups do not let the workload's traffic in, or the connection out. */
  | "NAT_INSTANCE_SG_DENIED"
  /**
   * A regional NAT gateway still leaves through the VPC's internet gateway (AWS creates its route table
   * with a route to it): the VPC has no attached internet gateway, or the gateway's route table does
   * not send the destination to one.
   */
  | "REGIONAL_NAT_NO_INTERNET_GATEWAY"
  /**
   * Verdict "unknown": a regional NAT gateway in automatic mode does not serve the workload's AZ yet.
   * AWS adds the zone after it detects a network interface there, not instantly; what traffic from the
   * zone does until then is not documented. The fix says what to wait for and how to check.
   */
  | "REGIONAL_NAT_ZONE_EXPANDING"
  /**
   * A regional NAT gateway in manual mode (zones chosen with Elastic IPs) has no address in the
   * workload's AZ, so it does not serve that zone: associate an Elastic IP with it for the zone.
   */
  | "REGIONAL_NAT_NO_ADDRESS_IN_ZONE"
  /**
   * The traffic came through a transit gateway and the other VPC routes the service (S3, DynamoDB) to a
   * gateway endpoint: AWS documents that gateway endpoints do not allow access through a transit gateway
   * (verdict "unreachable"). Verdict "unknown" when a NAT gateway of that VPC translated the traffic
   * first, which AWS does not document either way. The fix: the service's endpoint in the workload's VPC.
   */
  | "GATEWAY_ENDPOINT_THROUGH_TRANSIT";

export type HopKind =
  | "interface"
  | "security-group"
  | "network-acl"
  | "route-table"
  | "local"
  | "gateway-endpoint"
  | "interface-endpoint"
  | "nat-gateway"
  | "internet-gateway"
  | "egress-only-internet-gateway"
  /** A Gateway Load Balancer or AWS Network Firewall endpoint: passed through, its rules not evaluated. */
  | "appliance-endpoint"
  | "aws-managed"
  | "internet"
  | "vpc-destination"
  | "transit-gateway"
  | "transit-gateway-attachment"
  | "vpc-peering"
  /** The path leaves what the caller can read: the verdict is "unknown". */
  | "not-readable"
  /** An instance (or an instance's interface) that routes and translates: a NAT instance. */
  | "nat-instance";

export interface Hop {
  kind: HopKind;
  /** The AWS resource ID, when the hop is a resource. */
  id?: string;
  /** One line, for people: "rtb-0abc (main): 0.0.0.0/0 -> nat-0def". */
  detail: string;
  /** For route-table hops: the route that matched (absent when none did). */
  route?: Route;
}

export interface TraceResult {
  /** "unknown": the path continues where the caller cannot read (reason PATH_NOT_READABLE). */
  verdict: "reachable" | "unreachable" | "unknown";
  hops: Hop[];
  /** The source address the destination sees (a NAT's Elastic IP, the interface's public IP, ...). */
  sourceAddress: string | null;
  reason: { code: ReasonCode; message: string } | null;
  /** A concrete change that would fix it, naming the resources. */
  fix: string | null;
  /**
   * The same fix in machine-applicable form (applyChange), when one topology change gets this subnet
   * strictly further without making any other subnet worse. Absent when the fix is advice only
   * (wait for a NAT, build a subnet, connect another network, check a path by hand).
   */
  change?: TopologyChange;
  /**
   * What the trace could not judge on the way (an appliance's rules), as doctor warnings. Absent
   * when there is nothing to say.
   */
  warnings?: TraceWarning[];
}

/** A route as a fix writes it: AWS sets the state. */
export interface RouteSpec {
  destination: Route["destination"];
  target: RouteTarget;
}

/**
 * Resources a change creates get placeholder IDs starting with "new:" (never an AWS ID), so that
 * later edits of the same change can refer to them: "new:nat-gateway", "new:internet-gateway",
 * "new:route-table:<subnet>".
 */
export type TopologyEdit =
  /** CreateRoute: the table has no route to this destination yet. */
  | { kind: "create-route"; routeTableId: string; route: RouteSpec }
  /** ReplaceRoute: the table's route to this destination gets a new target. */
  | { kind: "replace-route"; routeTableId: string; route: RouteSpec }
  /**
   * CreateRouteTable with these routes (besides the local ones), then AssociateRouteTable for the
   * subnet, which moves it off the table it used before (explicit or main).
   */
  | { kind: "create-route-table"; routeTableId: string; vpcId: string; subnetId: string; routes: RouteSpec[] }
  /** AllocateAddress + CreateNatGateway (public) in the subnet. */
  | { kind: "create-nat-gateway"; natGatewayId: string; subnetId: string }
  /** AttachInternetGateway (after CreateInternetGateway when `create` is true). */
  | { kind: "attach-internet-gateway"; internetGatewayId: string; vpcId: string; create: boolean }
  /** AuthorizeSecurityGroupEgress. */
  | { kind: "add-security-group-egress"; groupId: string; rule: SecurityGroupRule }
  /** AuthorizeSecurityGroupIngress (an interface endpoint's or a NAT instance's group letting the workload in). */
  | { kind: "add-security-group-ingress"; groupId: string; rule: SecurityGroupRule }
  /**
   * ModifyVpcEndpoint --private-dns-enabled: the endpoint's private hosted zone then answers
   * `dnsNames` (the service's names) inside the VPC.
   */
  | { kind: "enable-endpoint-private-dns"; vpcEndpointId: string; dnsNames: string[] }
  /** ModifyVpcAttribute: turns enableDnsSupport or enableDnsHostnames on. */
  | { kind: "enable-vpc-dns-attribute"; vpcId: string; attribute: "enableDnsSupport" | "enableDnsHostnames" }
  /** CreateNetworkAclEntry. */
  | { kind: "add-network-acl-entry"; networkAclId: string; entry: NetworkAclEntry }
  /** CreateTransitGatewayRoute: a static route to an attachment (the table has none to this destination). */
  | { kind: "create-transit-gateway-route"; routeTableId: string; destination: Cidr; attachmentId: string }
  /** ReplaceTransitGatewayRoute: the table's static route to this destination now goes to the attachment. */
  | { kind: "replace-transit-gateway-route"; routeTableId: string; destination: Cidr; attachmentId: string }
  /** EnableTransitGatewayRouteTablePropagation: the attachment's VPC CIDR blocks become propagated routes. */
  | { kind: "enable-transit-gateway-propagation"; routeTableId: string; attachmentId: string }
  /** ModifyTransitGatewayVpcAttachment --add-subnet-ids: one subnet more, in an AZ the attachment lacks. */
  | { kind: "add-transit-gateway-attachment-subnet"; attachmentId: string; subnetId: string }
  /** ModifyNetworkInterfaceAttribute (or ModifyInstanceAttribute for the primary one) SourceDestCheck=false. */
  | { kind: "disable-source-dest-check"; networkInterfaceId: string }
  /** StartInstances. */
  | { kind: "start-instance"; instanceId: string }
  /** AssociateAddress (after AllocateAddress when the allocation ID is a "new:" placeholder). */
  | { kind: "associate-elastic-ip"; allocationId: string; networkInterfaceId: string }
  /**
   * AssociateNatGatewayAddress --availability-zone (after AllocateAddress when the allocation ID is a
   * "new:" placeholder): a regional NAT gateway serves the zone with that Elastic IP.
   */
  | {
      kind: "associate-nat-gateway-address";
      natGatewayId: string;
      allocationId: string;
      availabilityZone: string;
    }
  /**
   * CreateVpcEndpoint --vpc-endpoint-type Gateway with these route tables: AWS adds a route from the
   * service's prefix list to the endpoint in each of them.
   */
  | {
      kind: "create-gateway-endpoint";
      vpcEndpointId: string;
      vpcId: string;
      serviceName: string;
      prefixListId: string;
      routeTableIds: string[];
    };

/** Edits applied in order; together they are one fix. */
export interface TopologyChange {
  edits: TopologyEdit[];
}

/** A warning raised by a trace; its codes are warning codes (warnings.ts, WarningCode). */
export interface TraceWarning {
  code: "APPLIANCE_NOT_EVALUATED";
  message: string;
}
