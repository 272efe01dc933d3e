// What an AWS service's host name resolves to from inside a VPC, when interface endpoints
// (PrivateLink) are there, and what happens at the endpoint's interface.
// - An endpoint with private DNS puts a private hosted zone on the VPC: the service's own name (for
//   example secretsmanager.us-east-1.amazonaws.com) resolves to the endpoint's interfaces, but only
//   when the VPC has both enableDnsSupport and enableDnsHostnames (EC2 API Reference,
//   CreateVpcEndpoint, PrivateDnsEnabled). Without private DNS the name resolves to the service's
//   public addresses, and only the endpoint's own names (vpce-....vpce.amazonaws.com) reach it.
// - STS's global name, sts.amazonaws.com, is not served by a regional STS endpoint: clients must
//   call sts.<region>.amazonaws.com (IAM User Guide, reference_sts_vpc_endpoint_create.html).
// - The endpoint's security groups must allow the connection in (VPC User Guide, PrivateLink,
//   create-interface-endpoint.html): the usual "endpoint exists but still times out".
// The regional name returns every endpoint interface's address; the trace follows the one in the
// source's Availability Zone when there is one (the path a zonal name would take), else the first.

import { checkSubnetAcl } from "./check-subnet-acl.ts";
import { describeAddress, describeDestination } from "./describe-destination.ts";
import { EPHEMERAL_PORTS } from "./evaluate-network-acl.ts";
import { describeRulePorts, findAllowingIngressRule } from "./evaluate-security-groups.ts";
import type { Fix } from "./suggest-fix.ts";
import { incomplete, reachable, unreachable } from "./trace-results.ts";
import type {
  Destination,
  Hop,
  NetworkInterface,
  ReasonCode,
  Subnet,
  Topology,
  TopologyEdit,
  TraceResult,
  Vpc,
  VpcEndpoint,
} from "./types.ts";

/** The name resolves to this endpoint's interface inside the VPC. */
export interface ResolvedEndpoint {
  endpoint: VpcEndpoint;
  networkInterface: NetworkInterface;
  /** "private DNS" (the service's own name) or "the endpoint's own DNS name". */
  how: string;
}

/** Why a name that an endpoint in the VPC could answer takes the public path instead. */
export interface EndpointHint {
  code: ReasonCode;
  message: string;
  fix: Fix;
}

export type EndpointResolution =
  | { kind: "endpoint"; resolved: ResolvedEndpoint; destination: Destination }
  | { kind: "public"; hint: EndpointHint | null }
  | { kind: "incomplete"; missing: string };

const GLOBAL_STS = "sts.amazonaws.com";
const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d+";

/**
 * The endpoint service a public host name belongs to: "secretsmanager.us-east-1.amazonaws.com" ->
 * "com.amazonaws.us-east-1.secretsmanager". ECR's names are the other way round (api.ecr.<region>,
 * <registry>.dkr.ecr.<region>: Amazon ECR User Guide, vpc-endpoints.html). null for other names.
 */
export function serviceNameOfHost(hostname: string): string | null {
  const host = hostname.toLowerCase();
  const ecr = new RegExp(`^(?:api|[^.]+\\.(dkr))\\.ecr\\.(${REGION})\\.amazonaws\\.com$`).exec(host);
  if (ecr !== null) return `com.amazonaws.${ecr[2]}.ecr.${ecr[1] === "dkr" ? "dkr" : "api"}`;
  const match = new RegExp(`^([a-z0-9-]+(?:\\.[a-z0-9-]+)?)\\.(${REGION})\\.amazonaws\\.com$`).exec(host);
  return match === null ? null : `com.amazonaws.${match[2]}.${match[1]}`;
}

export function resolveInterfaceEndpoint(
  topology: Topology,
  vpc: Vpc,
  subnet: Subnet,
  destination: Destination,
): EndpointResolution {
  const hostname = destination.hostname?.toLowerCase();
  if (hostname === undefined) return { kind: "public", hint: null };
  const endpoints = topology.vpcEndpoints.filter(
    (endpoint) => endpoint.vpcId === vpc.id && endpoint.type === "Interface",
  );
  if (hostname === GLOBAL_STS) return { kind: "public", hint: globalStsHint(endpoints, vpc) };

  // The endpoint's own names resolve to its interfaces from anywhere (they are public DNS records).
  const own = endpoints.find((endpoint) =>
    (endpoint.dnsNames ?? []).some((name) => isEndpointOwnName(name) && nameMatches(name, hostname)),
  );
  if (own !== undefined) return toEndpoint(topology, own, subnet, destination, "the endpoint's own DNS name");

  const privateDns = endpoints.find(
    (endpoint) =>
      endpoint.privateDnsEnabled === true &&
      (endpoint.dnsNames ?? []).some((name) => !isEndpointOwnName(name) && nameMatches(name, hostname)),
  );
  if (privateDns !== undefined) {
    const missing = missingDnsAttributes(vpc);
    if (missing.length === 0) return toEndpoint(topology, privateDns, subnet, destination, "private DNS");
    return {
      kind: "public",
      hint: {
        code: "ENDPOINT_PRIVATE_DNS_OFF",
        message: `${privateDns.id} has private DNS for ${hostname}, but ${vpc.id} has ${missing.join(" and ")} off, so the name resolves to the service's public address.`,
        fix: {
          text: `Turn on ${missing.join(" and ")} for ${vpc.id} (aws ec2 modify-vpc-attribute --vpc-id ${vpc.id} ${missing.map((attribute) => `--${attribute === "enableDnsSupport" ? "enable-dns-support" : "enable-dns-hostnames"}`).join(", then ")}).`,
          change: {
            edits: missing.map((attribute) => ({
              kind: "enable-vpc-dns-attribute",
              vpcId: vpc.id,
              attribute,
            })),
          },
        },
      },
    };
  }

  const serviceName = serviceNameOfHost(hostname);
  const withoutDns = endpoints.find(
    (endpoint) => endpoint.serviceName === serviceName && endpoint.privateDnsEnabled !== true,
  );
  if (withoutDns === undefined) return { kind: "public", hint: null };
  const ownName = (withoutDns.dnsNames ?? []).find(isEndpointOwnName);
  const attributesFirst = missingDnsAttributes(vpc);
  return {
    kind: "public",
    hint: {
      code: "ENDPOINT_PRIVATE_DNS_OFF",
      message: `${withoutDns.id} (${withoutDns.serviceName}) has private DNS off, so ${hostname} resolves to the service's public address, not to the endpoint.`,
      fix: {
        text: `Turn on private DNS for ${withoutDns.id} (aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${withoutDns.id} --private-dns-enabled${attributesFirst.length === 0 ? "" : `, after turning on ${attributesFirst.join(" and ")} for ${vpc.id}`})${ownName === undefined ? "" : `, or call the endpoint's own name ${ownName}`}.`,
        change: {
          edits: [
            ...attributesFirst.map(
              (attribute): TopologyEdit => ({ kind: "enable-vpc-dns-attribute", vpcId: vpc.id, attribute }),
            ),
            { kind: "enable-endpoint-private-dns", vpcEndpointId: withoutDns.id, dnsNames: [hostname] },
          ],
        },
      },
    },
  };
}

/** For a name served by no endpoint: the endpoint that would serve it, to offer beside a NAT. */
export function suggestInterfaceEndpoint(destination: Destination, vpcId: string): string | null {
  const hostname = destination.hostname?.toLowerCase();
  if (hostname === undefined) return null;
  const serviceName = serviceNameOfHost(hostname);
  if (serviceName === null) return null;
  return `Or, without a NAT, create an interface endpoint for ${serviceName} in ${vpcId} with private DNS (enableDnsSupport and enableDnsHostnames on), and allow tcp 443 in from this interface on its security group.`;
}

export interface EndpointEntry {
  topology: Topology;
  hops: Hop[];
  resolved: ResolvedEndpoint;
  /** The source subnet and the groups on the source interface. */
  subnet: Subnet;
  sourceGroupIds: string[];
  sourceAddress: string | null;
  sourceLabel: string;
  destination: Destination;
}

/** The packet reached the endpoint's interface by the local route: its subnet's ACL, then its groups. */
export function enterInterfaceEndpoint(entry: EndpointEntry): TraceResult {
  const { topology, hops, resolved, subnet, destination } = entry;
  const { endpoint, networkInterface } = resolved;
  const state = endpoint.state?.toLowerCase();
  if (state !== undefined && state !== "available") {
    hops.push({
      kind: "interface-endpoint",
      id: endpoint.id,
      detail: `${endpoint.id} (${endpoint.serviceName}) is ${endpoint.state}`,
    });
    return unreachable(
      hops,
      "ENDPOINT_NOT_AVAILABLE",
      `${describeAddress(destination)} resolves to ${endpoint.id} (${endpoint.serviceName}), which is ${endpoint.state}, not available.`,
      state === "pending" || state === "pendingacceptance"
        ? `Wait until ${endpoint.id} is available, then retry.`
        : `Delete ${endpoint.id} and create the interface endpoint for ${endpoint.serviceName} again.`,
    );
  }
  const endpointSubnet = topology.subnets.find((candidate) => candidate.id === networkInterface.subnetId);
  if (endpointSubnet === undefined)
    return incomplete(hops, `subnet ${networkInterface.subnetId} (of ${networkInterface.id})`);
  const peer = entry.sourceAddress ?? subnet.cidrBlock;
  if (endpointSubnet.id !== subnet.id) {
    const acl = checkSubnetAcl(topology, endpointSubnet, destination, [
      { egress: false, peer, ports: { from: destination.port, to: destination.port } },
      { egress: true, peer, ports: EPHEMERAL_PORTS },
    ]);
    hops.push(acl.hop);
    if (acl.failure !== null) return { ...acl.failure, hops };
  }
  const groupIds = endpoint.securityGroupIds ?? networkInterface.groupIds;
  const groups = groupIds.map((id) => topology.securityGroups.find((group) => group.id === id));
  const missing = groupIds.find((_, index) => groups[index] === undefined);
  if (missing !== undefined) return incomplete(hops, `security group ${missing} (of ${endpoint.id})`);
  const known = groups.filter((group) => group !== undefined);
  const allowing = findAllowingIngressRule(known, topology.prefixLists, destination, {
    address: peer,
    groupIds: entry.sourceGroupIds,
  });
  const where = `${networkInterface.id} in ${networkInterface.subnetId}, reached by ${resolved.how}`;
  if (allowing === null) {
    hops.push({
      kind: "interface-endpoint",
      id: endpoint.id,
      detail: `${endpoint.id} (${endpoint.serviceName}) ${where}: no inbound rule of ${groupIds.join(", ")} allows ${describeDestination(destination)} from ${peer}`,
    });
    const target = groupIds[0];
    const from = entry.sourceGroupIds[0] ?? peer;
    const text = `Add an inbound rule to ${target ?? `the security group of ${endpoint.id}`} allowing ${destination.protocol} ${destination.port} from ${from}${from === peer ? "" : " (the interface's security group)"}.`;
    const rule = {
      protocol: destination.protocol,
      fromPort: destination.port,
      toPort: destination.port,
      ...(from === peer
        ? { cidrs: [peer.includes("/") ? peer : `${peer}/32`] }
        : { cidrs: [], groupIds: [from] }),
    };
    return unreachable(
      hops,
      "ENDPOINT_SG_DENIED",
      `${describeAddress(destination)} resolves to ${endpoint.id}, but no inbound rule of its security group${groupIds.length === 1 ? "" : "s"} ${groupIds.join(", ")} allows ${destination.protocol} ${destination.port} from ${entry.sourceLabel} (${[...entry.sourceGroupIds, peer].join(", ")}).`,
      target === undefined
        ? text
        : { text, change: { edits: [{ kind: "add-security-group-ingress", groupId: target, rule }] } },
    );
  }
  hops.push({
    kind: "interface-endpoint",
    id: endpoint.id,
    detail: `${endpoint.id} (${endpoint.serviceName}) ${where}: ${allowing.group.id} inbound ${describeRulePorts(allowing.rule)} from ${allowing.matched} allows it; reached without NAT`,
  });
  return reachable(hops, entry.sourceAddress);
}

function toEndpoint(
  topology: Topology,
  endpoint: VpcEndpoint,
  subnet: Subnet,
  destination: Destination,
  how: string,
): EndpointResolution {
  const interfaces = (endpoint.networkInterfaceIds ?? []).map((id) =>
    (topology.networkInterfaces ?? []).find((candidate) => candidate.id === id),
  );
  const missing = (endpoint.networkInterfaceIds ?? []).find((_, index) => interfaces[index] === undefined);
  if (missing !== undefined)
    return { kind: "incomplete", missing: `network interface ${missing} (of ${endpoint.id})` };
  const known = interfaces.filter((candidate) => candidate !== undefined);
  const zoneOf = (candidate: NetworkInterface) =>
    topology.subnets.find((each) => each.id === candidate.subnetId)?.availabilityZone;
  const chosen = known.find((candidate) => zoneOf(candidate) === subnet.availabilityZone) ?? known[0];
  if (chosen === undefined)
    return { kind: "incomplete", missing: `the network interfaces of ${endpoint.id}` };
  return {
    kind: "endpoint",
    resolved: { endpoint, networkInterface: chosen, how },
    destination: { ...destination, address: chosen.privateIp },
  };
}

function globalStsHint(endpoints: VpcEndpoint[], vpc: Vpc): EndpointHint | null {
  const sts = endpoints.find((endpoint) => /^com\.amazonaws\.[a-z0-9-]+\.sts$/.test(endpoint.serviceName));
  if (sts === undefined) return null;
  const region = sts.serviceName.split(".")[2];
  return {
    code: "STS_GLOBAL_ENDPOINT",
    message: `${GLOBAL_STS} is STS's global name: the STS interface endpoint ${sts.id} in ${vpc.id} answers only the regional name sts.${region}.amazonaws.com, so the global name takes the public path.`,
    fix: {
      text: `Call STS's regional name sts.${region}.amazonaws.com (AWS SDKs and CLI: AWS_STS_REGIONAL_ENDPOINTS=regional, or sts_regional_endpoints = regional in the config file).`,
    },
  };
}

type DnsAttribute = "enableDnsSupport" | "enableDnsHostnames";

function missingDnsAttributes(vpc: Vpc): DnsAttribute[] {
  // Absent means not loaded: private DNS needs both on (CreateVpcEndpoint, PrivateDnsEnabled), so
  // an unknown value is taken as on rather than reported as a fault nobody saw.
  return [
    ...(vpc.dnsSupport === false ? (["enableDnsSupport"] as const) : []),
    ...(vpc.dnsHostnames === false ? (["enableDnsHostnames"] as const) : []),
  ];
}

function isEndpointOwnName(name: string): boolean {
  return name.toLowerCase().endsWith(".vpce.amazonaws.com");
}

function nameMatches(pattern: string, hostname: string): boolean {
  const name = pattern.toLowerCase();
  return name.startsWith("*.") ? hostname.endsWith(name.slice(1)) : hostname === name;
}
