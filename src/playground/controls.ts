// The playground's controls: one value per choice the reader can make, their allowed values, the
// fixed setup as the default, and the URL form (a query string) so a link reproduces a situation.
// Pure: no DOM. The page (src/components/Playground.astro) renders a <select> per control from
// CONTROL_VALUES, so a value added here appears on the page without a change there.

export const CONTROL_VALUES = {
  /** What sends the traffic: its interface has a public IP only for Fargate with assignPublicIp. */
  workload: ["apprunner", "apprunner-default", "lambda", "fargate", "fargate-public-ip"],
  /** public: the workload sits in the subnets whose route table sends 0.0.0.0/0 to the internet gateway. */
  subnets: ["private", "public"],
  /** The private subnets' route tables' 0.0.0.0/0 target. */
  route: ["none", "nat", "igw", "transit-gateway", "peering", "nat-instance", "firewall", "regional-nat"],
  /** private: only the first AZ's route table has the 0.0.0.0/0 route. */
  routeAzs: ["all", "first"],
  /** One NAT gateway per AZ (AWS's recommendation), or one for the whole VPC in the first AZ. */
  nats: ["per-az", "one"],
  /** The NAT gateway's subnet: a public one (route to the internet gateway) or a private one. */
  natSubnet: ["public", "private"],
  natState: ["available", "pending", "failed", "deleted"],
  natConnectivity: ["public", "private"],
  igw: ["attached", "detached"],
  /** The workload's security group's outbound rules. */
  sgEgress: ["all", "https", "vpc", "none"],
  /** The workload subnets' network ACL. */
  nacl: ["allow", "deny-outbound", "no-return"],
  dnsSupport: ["on", "off"],
  dnsHostnames: ["on", "off"],
  /**
   * An S3 gateway endpoint on the private route tables, or (route=transit-gateway) in the central
   * egress VPC on its attachment subnets' route tables.
   */
  s3Endpoint: ["off", "on", "egress-vpc"],
  destination: [
    "api",
    "secretsmanager",
    "s3",
    "database",
    "sts",
    "sts-global",
    "ipv6-api",
    "peered-database",
    "ecr",
  ],
  /** An interface endpoint (PrivateLink) in the private subnets, one interface per AZ. */
  interfaceEndpoint: ["none", "secretsmanager", "sts", "ecr.dkr"],
  /** The interface endpoint's private DNS: the service's own name resolves to its interfaces. */
  endpointPrivateDns: ["on", "off"],
  /** The interface endpoint's security group's inbound rules. */
  endpointSgInbound: ["https", "none"],
  /** route=transit-gateway: the transit gateway route table of the workload VPC's attachment, its 0.0.0.0/0. */
  tgwDefaultRoute: ["egress-vpc", "blackhole", "none"],
  /** route=transit-gateway: the egress VPC's public route table routes the workload VPC back to the transit gateway. */
  tgwReturnRoute: ["on", "off"],
  /** The peering connection to the database VPC (10.20.0.0/16): built for route=peering or destination=peered-database. */
  peeringState: ["active", "pending-acceptance"],
  /** The peer VPC's route table routes this VPC back through the peering connection. */
  peerReturnRoute: ["on", "off"],
  /** dual-stack: the VPC and its subnets have IPv6 blocks, ::/0 goes to an egress-only internet gateway. */
  ipv6: ["off", "dual-stack"],
  /** route=nat-instance: the NAT instance's source/destination check (it must be off to forward). */
  natInstanceSourceDestCheck: ["off", "on"],
  natInstanceState: ["running", "stopped"],
  /** route=firewall: the firewall subnets' route tables' 0.0.0.0/0 (onward to the NAT gateway, or none). */
  firewallOnwardRoute: ["nat", "none"],
  /**
   * route=regional-nat: automatic (AWS adds and removes zones) or manual (only the zones given an
   * Elastic IP). natState and igw apply to the regional gateway too.
   */
  regionalNatMode: ["automatic", "manual"],
  /** route=regional-nat: the zones the gateway has an address in now. */
  regionalNatZones: ["all", "first"],
} as const;

export type ControlName = keyof typeof CONTROL_VALUES;
export type Controls = { -readonly [name in ControlName]: (typeof CONTROL_VALUES)[name][number] };

export const CONTROL_NAMES = Object.keys(CONTROL_VALUES) as ControlName[];

/** The fixed setup (notebook 02): private subnets routed to an available public NAT gateway in a public subnet. */
export const FIXED_CONTROLS: Readonly<Controls> = {
  workload: "apprunner",
  subnets: "private",
  route: "nat",
  routeAzs: "all",
  nats: "per-az",
  natSubnet: "public",
  natState: "available",
  natConnectivity: "public",
  igw: "attached",
  sgEgress: "all",
  nacl: "allow",
  dnsSupport: "on",
  dnsHostnames: "on",
  s3Endpoint: "off",
  destination: "api",
  interfaceEndpoint: "none",
  endpointPrivateDns: "on",
  endpointSgInbound: "https",
  tgwDefaultRoute: "egress-vpc",
  tgwReturnRoute: "on",
  peeringState: "active",
  peerReturnRoute: "on",
  ipv6: "off",
  natInstanceSourceDestCheck: "off",
  natInstanceState: "running",
  firewallOnwardRoute: "nat",
  regionalNatMode: "automatic",
  regionalNatZones: "all",
};

export function isControlValue<N extends ControlName>(name: N, value: string): value is Controls[N] {
  return (CONTROL_VALUES[name] as readonly string[]).includes(value);
}

/**
 * Controls from a query string: `base` (a preset's controls, or the fixed setup) overridden by every
 * known control present with an allowed value. Unknown names and values are reported, not guessed.
 */
export function readControls(
  params: URLSearchParams,
  base: Readonly<Controls> = FIXED_CONTROLS,
): { controls: Controls; ignored: string[] } {
  const controls: Controls = { ...base };
  const ignored: string[] = [];
  for (const [name, value] of params) {
    if (name === "preset") continue;
    if (!(CONTROL_NAMES as string[]).includes(name)) {
      ignored.push(`${name}=${value}`);
      continue;
    }
    const control = name as ControlName;
    if (isControlValue(control, value)) (controls as Record<ControlName, string>)[control] = value;
    else ignored.push(`${name}=${value}`);
  }
  return { controls, ignored };
}

/** The query string for `controls`: the preset's name (if any) and only the controls that differ from it. */
export function writeControls(controls: Readonly<Controls>, preset?: { id: string; controls: Controls }) {
  const params = new URLSearchParams();
  const base = preset?.controls ?? FIXED_CONTROLS;
  if (preset !== undefined) params.set("preset", preset.id);
  for (const name of CONTROL_NAMES) if (controls[name] !== base[name]) params.set(name, controls[name]);
  return params;
}
