// The part of the topology that lies beyond the subnets' VPCs: transit gateways and VPC peering
// connections their route tables name, and the VPCs those lead to. Only when a route names a
// transit gateway (tgw-...) or a peering connection (pcx-...); otherwise no call at all. The number
// of calls depends on the network's shape, never on the number of subnets:
//   1. in parallel: DescribeTransitGatewayAttachments, DescribeTransitGatewayVpcAttachments and
//      DescribeTransitGatewayRouteTables filtered by the routed transit gateways (3 calls), and
//      DescribeVpcPeeringConnections filtered by the routed connections (1 call);
//   2. SearchTransitGatewayRoutes, one call per route table of those transit gateways;
//   3. the VPCs the routes lead to (the egress VPC, the peer VPC), in 7 calls filtered by vpc-id:
//      DescribeVpcs, DescribeSubnets, DescribeRouteTables, DescribeNatGateways,
//      DescribeInternetGateways (attachment.vpc-id), DescribeNetworkAcls, DescribeVpcEndpoints (the
//      egress VPC's gateway endpoints, which transited traffic cannot use, and its firewall endpoints).
// Centralized egress through one transit gateway with two route tables: 3 + 2 + 7 = 12 calls more.
// What the caller may not read (UnauthorizedOperation, AccessDenied) or cannot see (another account's
// VPC: a filtered Describe returns nothing for it) is recorded in topology.unreadable, so the trace
// answers "unknown" there instead of guessing. Sources: EC2 API Reference for each call;
// docs/FACTS.md, "Transit Gateway" (a shared transit gateway's route tables are its owner's only).

import {
  type EC2Client,
  type Filter,
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeTransitGatewayRouteTables,
  paginateDescribeTransitGatewayVpcAttachments,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  paginateSearchTransitGatewayRoutes,
} from "@aws-sdk/client-ec2";
import type { Topology, TransitGatewayRoute, UnreadablePart } from "../egress/types.ts";
import { collectPages } from "./collect-pages.ts";
import { convertNetworkAcl, convertVpcEndpoint } from "./convert-filtering.ts";
import {
  convertInternetGateway,
  convertNatGateway,
  convertRouteTable,
  convertSubnet,
  convertVpc,
} from "./convert-routing.ts";
import {
  convertTransitGatewayAttachment,
  convertTransitGatewayRoute,
  convertVpcPeeringConnection,
} from "./convert-transit.ts";
import { describeVpcRouting, listAll } from "./describe-vpc-routing.ts";
import { tagAwsAction } from "./errors.ts";

/** The errors that mean "this caller may not read it": recorded, not thrown. */
const DENIED = new Set(["UnauthorizedOperation", "AccessDenied", "AccessDeniedException"]);

/** Adds transit gateways, peering connections and the VPCs they lead to; mutates `topology`. */
export async function loadTransitPaths(ec2: EC2Client, topology: Topology): Promise<void> {
  const gatewayIds = routedTargets(topology, "transit-gateway");
  const peeringIds = routedTargets(topology, "vpc-peering");
  if (gatewayIds.length === 0 && peeringIds.length === 0) return;
  const client = { client: ec2 };
  const unreadable: UnreadablePart[] = topology.unreadable ?? [];
  const attempt = async <T>(action: string, what: string, call: () => Promise<T>): Promise<T | null> => {
    try {
      return await tagAwsAction(action, call());
    } catch (error) {
      if (error instanceof Error && DENIED.has(error.name)) {
        unreadable.push({ what, action, cause: `${error.name}: ${error.message}` });
        return null;
      }
      throw error;
    }
  };
  const byGateway: Filter[] = [{ Name: "transit-gateway-id", Values: gatewayIds }];

  const [attachments, vpcAttachments, routeTables, peerings] = await Promise.all([
    gatewayIds.length === 0
      ? null
      : attempt("ec2:DescribeTransitGatewayAttachments", "transit gateway attachments", () =>
          collectPages(
            paginateDescribeTransitGatewayAttachments(client, { Filters: byGateway }),
            (page) => page.TransitGatewayAttachments,
          ),
        ),
    gatewayIds.length === 0
      ? null
      : attempt("ec2:DescribeTransitGatewayVpcAttachments", "transit gateway VPC attachments", () =>
          collectPages(
            paginateDescribeTransitGatewayVpcAttachments(client, { Filters: byGateway }),
            (page) => page.TransitGatewayVpcAttachments,
          ),
        ),
    gatewayIds.length === 0
      ? null
      : attempt("ec2:DescribeTransitGatewayRouteTables", "transit gateway route tables", () =>
          collectPages(
            paginateDescribeTransitGatewayRouteTables(client, { Filters: byGateway }),
            (page) => page.TransitGatewayRouteTables,
          ),
        ),
    peeringIds.length === 0
      ? null
      : attempt("ec2:DescribeVpcPeeringConnections", "VPC peering connections", () =>
          collectPages(
            paginateDescribeVpcPeeringConnections(client, {
              Filters: [{ Name: "vpc-peering-connection-id", Values: peeringIds }],
            }),
            (page) => page.VpcPeeringConnections,
          ),
        ),
  ]);

  if (attachments !== null) {
    topology.transitGatewayAttachments = attachments.map((attachment) =>
      convertTransitGatewayAttachment(attachment, vpcAttachments ?? []),
    );
  }
  if (routeTables !== null) {
    const searched = await Promise.all(
      routeTables.map(async (table) => {
        const id = table.TransitGatewayRouteTableId ?? "";
        const routes = await attempt("ec2:SearchTransitGatewayRoutes", id, () =>
          collectPages(
            paginateSearchTransitGatewayRoutes(client, {
              TransitGatewayRouteTableId: id,
              Filters: [{ Name: "state", Values: ["active", "blackhole"] }],
            }),
            (page) => page.Routes,
          ),
        );
        if (routes === null) return null;
        return {
          id,
          transitGatewayId: table.TransitGatewayId ?? "",
          routes: routes
            .map(convertTransitGatewayRoute)
            .filter((route): route is TransitGatewayRoute => route !== null),
        };
      }),
    );
    topology.transitGatewayRouteTables = searched.filter((table) => table !== null);
  }
  if (peerings !== null) topology.vpcPeeringConnections = peerings.map(convertVpcPeeringConnection);

  const further = beyondVpcs(topology);
  if (further.size > 0) await loadVpcs(ec2, topology, further, unreadable);
  if (unreadable.length > 0) topology.unreadable = unreadable;
}

function routedTargets(topology: Topology, kind: "transit-gateway" | "vpc-peering"): string[] {
  const ids = new Set<string>();
  for (const table of topology.routeTables)
    for (const route of table.routes) if (route.target.kind === kind) ids.add(route.target.id);
  return [...ids].sort();
}

/**
 * VPCs the loaded VPCs' traffic can enter next, with their owners: every VPC attached to the routed
 * transit gateways (so that a fix can name the egress VPC even when no route reaches it yet), and the
 * peers of the peering connections. One step only: the egress VPC's own transit routes are not
 * followed further. All of them go into one filtered call each, whatever their number (how many values
 * one filter may hold is not documented on the Filter data type; _unverified_ for hundreds of VPCs).
 */
function beyondVpcs(topology: Topology): Map<string, string | undefined> {
  const loaded = new Set(topology.vpcs.map((vpc) => vpc.id));
  const further = new Map<string, string | undefined>();
  for (const attachment of topology.transitGatewayAttachments ?? []) {
    if (
      attachment.resourceType === "vpc" &&
      attachment.resourceId !== undefined &&
      !loaded.has(attachment.resourceId)
    )
      further.set(attachment.resourceId, attachment.resourceOwnerId);
  }
  for (const peering of topology.vpcPeeringConnections ?? [])
    for (const side of [peering.requester, peering.accepter])
      if (!loaded.has(side.vpcId)) further.set(side.vpcId, side.ownerId);
  return further;
}

/** The routing parts of further VPCs; a VPC the filtered listing leaves out is recorded as unreadable. */
async function loadVpcs(
  ec2: EC2Client,
  topology: Topology,
  owners: Map<string, string | undefined>,
  unreadable: UnreadablePart[],
): Promise<void> {
  const vpcIds = [...owners.keys()].sort();
  const byVpc: Filter[] = [{ Name: "vpc-id", Values: vpcIds }];
  const [vpcs, routing, endpoints] = await Promise.all([
    // Filters, not VpcIds: another account's VPC is then simply absent, not InvalidVpcID.NotFound.
    listAll(
      "ec2:DescribeVpcs",
      paginateDescribeVpcs({ client: ec2 }, { Filters: byVpc }),
      (page) => page.Vpcs,
    ),
    describeVpcRouting(ec2, vpcIds),
    listAll(
      "ec2:DescribeVpcEndpoints",
      paginateDescribeVpcEndpoints({ client: ec2 }, { Filters: byVpc }),
      (page) => page.VpcEndpoints,
    ),
  ]);
  const found = new Set(vpcs.map((vpc) => vpc.VpcId));
  for (const [vpcId, owner] of owners) {
    if (!found.has(vpcId))
      unreadable.push({
        what: `${vpcId}${owner === undefined ? "" : ` (account ${owner})`}`,
        action: "ec2:DescribeVpcs",
        cause: "not visible to these credentials (another account, or deleted)",
      });
  }
  topology.vpcs.push(...vpcs.map((vpc) => convertVpc(vpc)));
  topology.subnets.push(...routing.subnets.map(convertSubnet));
  topology.routeTables.push(...routing.routeTables.map(convertRouteTable));
  topology.natGateways.push(...routing.natGateways.map(convertNatGateway));
  const knownIgws = new Set(topology.internetGateways.map((igw) => igw.id));
  topology.internetGateways.push(
    ...routing.internetGateways.map(convertInternetGateway).filter((igw) => !knownIgws.has(igw.id)),
  );
  topology.networkAcls.push(...routing.networkAcls.map(convertNetworkAcl));
  const knownEndpoints = new Set(topology.vpcEndpoints.map((endpoint) => endpoint.id));
  topology.vpcEndpoints.push(
    ...endpoints.map(convertVpcEndpoint).filter((endpoint) => !knownEndpoints.has(endpoint.id)),
  );
}
