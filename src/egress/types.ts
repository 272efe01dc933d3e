// The network topology that the egress model reasons about, and the answer it gives.
// Pure data: no I/O, no SDK types. src/aws turns SDK responses into these shapes; the emulator
// builds them from its own state; recipes build them from templates.

/** An IPv4 CIDR block such as "10.0.0.0/16" (a bare address means /32). */
export type Cidr = string;

export interface Vpc {
  id: string;
  cidrBlocks: Cidr[];
  isDefault?: boolean;
  /** enableDnsSupport: the Amazon-provided resolver answers inside the VPC. Default true. */
  dnsSupport?: boolean;
  dnsHostnames?: boolean;
}

export interface Subnet {
  id: string;
  vpcId: string;
  cidrBlock: Cidr;
  availabilityZone: string;
  mapPublicIpOnLaunch?: boolean;
  name?: string;
}

export type RouteTarget =
  | { kind: "local" }
  | { kind: "internet-gateway"; id: string }
  | { kind: "nat-gateway"; id: string }
  | { kind: "gateway-endpoint"; id: string }
  /** Anything the model does not follow (transit gateway, peering, VGW, ENI, instance...). */
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
  type: "Gateway" | "Interface";
  routeTableIds: string[];
  state?: string;
}

export interface PrefixList {
  id: string;
  name: string;
  cidrs: Cidr[];
}

export interface Topology {
  vpcs: Vpc[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  internetGateways: InternetGateway[];
  natGateways: NatGateway[];
  elasticIps: ElasticIp[];
  securityGroups: SecurityGroup[];
  networkAcls: NetworkAcl[];
  vpcEndpoints: VpcEndpoint[];
  prefixLists: PrefixList[];
}

/**
 * Where the traffic starts.
 * - "vpc": an interface in one of your subnets (App Runner's Hyperplane ENI with a VPC connector,
 *   an EC2 instance, a Lambda function in a VPC, a Fargate task). Follows your route tables.
 * - "apprunner-default": App Runner's DEFAULT egress: AWS-managed networking; the internet is
 *   reachable, private addresses in your VPC are not.
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
      /** For display: "App Runner VPC connector ENI", "EC2 instance i-...", ... */
      label?: string;
      interfaceId?: string;
    }
  | { mode: "apprunner-default"; label?: string };

export interface Destination {
  /** An IPv4 address or CIDR block. */
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
  /** A route sends traffic to a target the model does not follow (peering, transit gateway, ...). */
  | "UNSUPPORTED_TARGET"
  | "ROUTING_LOOP"
  /** The topology is missing something it refers to (subnet, route table, VPC). */
  | "TOPOLOGY_INCOMPLETE";

export type HopKind =
  | "interface"
  | "security-group"
  | "network-acl"
  | "route-table"
  | "local"
  | "gateway-endpoint"
  | "nat-gateway"
  | "internet-gateway"
  | "aws-managed"
  | "internet"
  | "vpc-destination";

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
  verdict: "reachable" | "unreachable";
  hops: Hop[];
  /** The source address the destination sees (a NAT's Elastic IP, the interface's public IP, ...). */
  sourceAddress: string | null;
  reason: { code: ReasonCode; message: string } | null;
  /** A concrete change that would fix it, naming the resources. */
  fix: string | null;
}
