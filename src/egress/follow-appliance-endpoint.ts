// Gateway Load Balancer endpoints in the path: a route whose target is such an endpoint hands the
// traffic to the appliances behind a Gateway Load Balancer (firewalls, inspection), which return it
// through the same endpoint; it then goes on as the route table of the endpoint's subnet says
// (typically 0.0.0.0/0 -> a NAT gateway or the internet gateway). AWS Network Firewall's firewall
// endpoints are endpoints of this kind that the service manages. Sources: VPC User Guide,
// "Gateway Load Balancer endpoints" (vpce-gateway-load-balancer.html); AWS Network Firewall
// Developer Guide, "VPC route table configuration" (vpc-config-route-tables.html).
// The appliance's own rules (a firewall policy, a third-party appliance's configuration) are not
// in the VPC's API, so the trace passes the endpoint as if it allowed the traffic and says so with
// the warning APPLIANCE_NOT_EVALUATED. The network ACL of the endpoint's subnet is not evaluated
// either (unverified whether it applies to traffic re-entering from the endpoint).

import { describeAddress } from "./describe-destination.ts";
import { describeRouteTable, findAttachedInternetGateway } from "./find-resources.ts";
import { isIpv6 } from "./ip.ts";
import { type Fix, suggestNatRoute } from "./suggest-fix.ts";
import { suggestIpv6Route } from "./trace-ipv6.ts";
import { incomplete, unreachable } from "./trace-results.ts";
import type {
  Destination,
  Hop,
  NatGateway,
  RouteTable,
  Subnet,
  Topology,
  TraceResult,
  TraceWarning,
  VpcEndpoint,
} from "./types.ts";

export type ApplianceStep =
  | { ok: true; subnet: Subnet; warning: TraceWarning }
  | { ok: false; failure: TraceResult };

/** Passes a Gateway Load Balancer endpoint: the subnet whose route table the traffic continues in. */
export function enterApplianceEndpoint(
  topology: Topology,
  hops: Hop[],
  endpoint: VpcEndpoint,
  visited: Set<string>,
  tableName: string,
  tableId: string,
  destination: Destination,
): ApplianceStep {
  const target = describeAddress(destination);
  const subnetId = endpoint.subnetIds?.[0];
  hops.push({
    kind: "appliance-endpoint",
    id: endpoint.id,
    detail: `${endpoint.id}: Gateway Load Balancer endpoint (${endpoint.serviceName}) in ${subnetId ?? "an unknown subnet"}; the appliance's rules are not evaluated`,
  });
  if (visited.has(endpoint.id)) {
    return {
      ok: false,
      failure: unreachable(
        hops,
        "ROUTING_LOOP",
        `${tableName} sends ${target} back to ${endpoint.id}, which the packet already passed: a routing loop.`,
        `Route ${destination.address} in ${tableId} to a target that leads out of the loop (in the endpoint's subnet: a NAT gateway or the internet gateway).`,
      ),
    };
  }
  visited.add(endpoint.id);
  const subnet = topology.subnets.find((candidate) => candidate.id === subnetId);
  if (subnet === undefined)
    return {
      ok: false,
      failure: incomplete(hops, `the subnet of ${endpoint.id} (${subnetId ?? "none given"})`),
    };
  return {
    ok: true,
    subnet,
    warning: {
      code: "APPLIANCE_NOT_EVALUATED",
      message: `Traffic to ${target} passes ${endpoint.id} (a Gateway Load Balancer endpoint: a firewall or another appliance, such as an AWS Network Firewall endpoint): the doctor followed the routes through it but cannot see its rules, which may still drop the connection. Check the firewall's policy for ${destination.protocol} ${destination.port} to ${destination.address}.`,
    },
  };
}

/** The subnet of an appliance endpoint has no route onward for the destination. */
export function applianceNoRoute(
  topology: Topology,
  hops: Hop[],
  endpoint: VpcEndpoint,
  subnet: Subnet,
  table: RouteTable,
  viaNat: NatGateway | null,
  destination: Destination,
): TraceResult {
  const tableName = describeRouteTable(table, subnet);
  let fix: Fix;
  if (isIpv6(destination.address)) fix = suggestIpv6Route(topology, subnet, table);
  else if (viaNat !== null) {
    // The NAT gateway came before the firewall: the firewall subnet only needs the internet gateway.
    const igw = findAttachedInternetGateway(topology, subnet.vpcId);
    fix =
      igw === null
        ? {
            text: `Attach an internet gateway to ${subnet.vpcId} and add a route 0.0.0.0/0 -> it to ${tableName}.`,
          }
        : {
            text: `Add a route 0.0.0.0/0 -> ${igw.id} to ${tableName}.`,
            change: {
              edits: [
                {
                  kind: "create-route",
                  routeTableId: table.id,
                  route: {
                    destination: { cidr: "0.0.0.0/0" },
                    target: { kind: "internet-gateway", id: igw.id },
                  },
                },
              ],
            },
          };
  } else fix = suggestNatRoute(topology, subnet, table);
  return unreachable(
    hops,
    "NO_ROUTE",
    `Traffic to ${describeAddress(destination)} comes back from ${endpoint.id} into ${subnet.id}, whose route table ${table.id} has no route onward for it.`,
    fix,
  );
}
