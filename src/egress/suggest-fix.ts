// Concrete fixes, naming the resources to change, each with the same fix as a structured change
// (applyChange) where one exists. The shape follows AWS's guidance for private subnets:
// 0.0.0.0/0 -> a NAT gateway that sits in a public subnet (whose own route table sends 0.0.0.0/0 to
// an attached internet gateway). Source: VPC User Guide, nat-gateway-scenarios.html; App Runner
// Developer Guide, network-vpc.html.
//
// A fix must never make another subnet worse, and must not go in a circle (issue 12): so a route
// table that other subnets use is edited in place only when none of them can lose by it (the route
// being replaced leads nowhere for them either); otherwise the subnet gets its own route table. A subnet that holds a NAT gateway keeps its internet route: the
// workload there cannot send its own traffic to a NAT, and the fix says what to build instead.

import { NEW_ID_PREFIX, sameDestination } from "./apply-change.ts";
import {
  describeRouteTable,
  findAttachedInternetGateway,
  findNatsInSubnet,
  findPublicSubnets,
  findRouteTable,
  findSubnetsUsingTable,
  findWorkingNat,
  networkAclPassesAll,
} from "./find-resources.ts";
import { selectRoute } from "./select-route.ts";
import type {
  InternetGateway,
  Route,
  RouteSpec,
  RouteTable,
  RouteTarget,
  Subnet,
  Topology,
  TopologyChange,
  TopologyEdit,
} from "./types.ts";

/** A fix in words, and the same fix as a change when one topology change carries it out. */
export interface Fix {
  text: string;
  change?: TopologyChange;
}

export const NEW_NAT_GATEWAY = `${NEW_ID_PREFIX}nat-gateway`;
export const NEW_INTERNET_GATEWAY = `${NEW_ID_PREFIX}internet-gateway`;
export const NEW_ELASTIC_IP = `${NEW_ID_PREFIX}elastic-ip`;

export function newRouteTableId(subnetId: string): string {
  return `${NEW_ID_PREFIX}route-table:${subnetId}`;
}

const DEFAULT_ROUTE: Route["destination"] = { cidr: "0.0.0.0/0" };

/**
 * How to send `subnet`'s traffic (through its route table `table`, whose route `matched` is wrong or
 * absent) to a working NAT gateway: an existing one, or a new one in a public subnet.
 */
export function suggestNatRoute(
  topology: Topology,
  subnet: Subnet,
  table: RouteTable,
  matched: Route | null = null,
): Fix {
  const hosted = findNatsInSubnet(topology, subnet.id)[0];
  if (hosted !== undefined) return suggestPrivateSubnet(topology, subnet, hosted, table);
  const destination = matched?.destination ?? DEFAULT_ROUTE;
  const edits: TopologyEdit[] = [];
  const nat = findWorkingNat(topology, subnet.vpcId, subnet.availabilityZone);
  let natId: string;
  let natName: string;
  let creation = "";
  if (nat !== null) {
    natId = nat.id;
    natName = nat.id;
  } else {
    const publicSubnet = findPublicSubnets(topology, subnet.vpcId, subnet.availabilityZone).find(
      (candidate) => candidate.id !== subnet.id,
    );
    creation = `${suggestNatCreation(topology, subnet.vpcId, subnet.availabilityZone, subnet.id)}, then `;
    natId = NEW_NAT_GATEWAY;
    natName = "that NAT gateway";
    if (publicSubnet === undefined || !networkAclPassesAll(topology, publicSubnet)) {
      // A new subnet needs a CIDR block the model cannot choose, and a public subnet whose network ACL
      // does not pass everything may stop the NAT's traffic (which ACL rules to add depends on the
      // traffic): advice only.
      const route = routeSubnet(topology, subnet, table, matched, destination, natId, natName);
      return { text: `${creation}${route.text}.` };
    }
    edits.push({ kind: "create-nat-gateway", natGatewayId: NEW_NAT_GATEWAY, subnetId: publicSubnet.id });
  }
  const route = routeSubnet(topology, subnet, table, matched, destination, natId, natName);
  edits.push(route.edit);
  return { text: upperFirst(`${creation}${route.text}.`), change: { edits } };
}

/**
 * The internet gateway a VPC's internet route can use: the attached one; else a detached one, attached
 * (the edit and the words for it); else a new one (NEW_INTERNET_GATEWAY), created and attached.
 */
export function internetGatewayFor(
  topology: Topology,
  vpcId: string,
): { igwId: string; edits: TopologyEdit[]; attachText: string } {
  const attached = findAttachedInternetGateway(topology, vpcId);
  if (attached !== null) return { igwId: attached.id, edits: [], attachText: "" };
  const detached = topology.internetGateways.find((igw) => igw.attachedVpcIds.length === 0);
  const igwId = detached?.id ?? NEW_INTERNET_GATEWAY;
  return {
    igwId,
    edits: [
      { kind: "attach-internet-gateway", internetGatewayId: igwId, vpcId, create: detached === undefined },
    ],
    attachText:
      detached === undefined
        ? `Create an internet gateway and attach it to ${vpcId}`
        : `Attach ${detached.id} to ${vpcId}`,
  };
}

/** How to give a NAT's subnet (a NAT gateway's, a NAT instance's) the route to an attached internet gateway it lacks. */
export function suggestNatSubnetRoute(
  topology: Topology,
  nat: { id: string },
  natSubnet: Subnet,
  natTable: RouteTable,
  matched: Route | null,
): Fix {
  const gateway = internetGatewayFor(topology, natSubnet.vpcId);
  const { igwId } = gateway;
  const edits = [...gateway.edits];
  const first = gateway.attachText === "" ? "" : `${gateway.attachText}, then `;
  const igwName = igwId === NEW_INTERNET_GATEWAY ? "it" : igwId;
  const destination = matched?.destination ?? DEFAULT_ROUTE;
  const target: RouteTarget = { kind: "internet-gateway", id: igwId };
  const sharing = findSubnetsUsingTable(topology, natTable).filter((other) => other.id !== natSubnet.id);
  let text: string;
  if (sharing.length > 0) {
    // The table also routes other subnets (often the very subnets that send their traffic to this
    // NAT): only the NAT's subnet must become public.
    edits.push(ownTable(natSubnet, natTable, destination, target));
    text = `associate ${natSubnet.id} (where ${nat.id} lives) with its own route table that sends ${destinationText(destination)} -> ${igwName}${otherRoutesNote(natTable, destination)}; ${natTable.id} stays as it is for ${sharing.map((other) => other.id).join(", ")}`;
  } else if (hasRoute(natTable, destination)) {
    edits.push({ kind: "replace-route", routeTableId: natTable.id, route: { destination, target } });
    text = `point ${destinationText(destination)} in ${describeRouteTable(natTable, natSubnet)} (where ${nat.id} lives) at ${igwName} instead of ${targetText(matched)}`;
  } else {
    edits.push({ kind: "create-route", routeTableId: natTable.id, route: { destination, target } });
    text = `add a route ${destinationText(destination)} -> ${igwName} to ${describeRouteTable(natTable, natSubnet)} (where ${nat.id} lives)`;
  }
  return { text: upperFirst(`${first}${text}.`), change: { edits } };
}

/**
 * A route points at an internet gateway that is not attached to the VPC: point it at the attached
 * one, attach this one, or (when it is attached to another VPC: a gateway attaches to one VPC only)
 * create one.
 */
export function suggestInternetGateway(
  topology: Topology,
  igw: InternetGateway,
  vpcId: string,
  table: RouteTable,
  route: Route,
): Fix {
  const attached = findAttachedInternetGateway(topology, vpcId);
  const routeText = `${destinationText(route.destination)} -> ${igw.id}`;
  if (attached !== null) {
    return {
      text: `Point the route ${routeText} in ${table.id} at ${attached.id}, the internet gateway attached to ${vpcId}.`,
      change: { edits: [replaceTarget(table, route, { kind: "internet-gateway", id: attached.id })] },
    };
  }
  if (igw.attachedVpcIds.length === 0) {
    return {
      text: `Attach ${igw.id} to ${vpcId}.`,
      change: {
        edits: [{ kind: "attach-internet-gateway", internetGatewayId: igw.id, vpcId, create: false }],
      },
    };
  }
  return {
    text: `${igw.id} is attached to ${igw.attachedVpcIds.join(", ")}, and an internet gateway attaches to one VPC only: create an internet gateway, attach it to ${vpcId} and point the route ${routeText} in ${table.id} at it.`,
    change: {
      edits: [
        { kind: "attach-internet-gateway", internetGatewayId: NEW_INTERNET_GATEWAY, vpcId, create: true },
        replaceTarget(table, route, { kind: "internet-gateway", id: NEW_INTERNET_GATEWAY }),
      ],
    },
  };
}

/**
 * "Create a NAT gateway in a public subnet (...)", naming a public subnet when the VPC has one
 * (never `excludeSubnetId`, the subnet that needs the NAT).
 */
export function suggestNatCreation(
  topology: Topology,
  vpcId: string,
  preferredAz?: string,
  excludeSubnetId?: string,
): string {
  const publicSubnet = findPublicSubnets(topology, vpcId, preferredAz).find(
    (candidate) => candidate.id !== excludeSubnetId,
  );
  if (publicSubnet !== undefined) {
    return `Create a NAT gateway in a public subnet (one whose route table sends 0.0.0.0/0 to an attached internet gateway, such as ${publicSubnet.id})`;
  }
  const igw = findAttachedInternetGateway(topology, vpcId);
  const gateway = igw === null ? `an internet gateway attached to ${vpcId}` : `${igw.id}`;
  // A regional NAT gateway needs no public subnet, only the attached internet gateway (VPC User
  // Guide, nat-gateways-regional.html; docs/FACTS.md): the other way when the VPC has none.
  return `Create a public subnet in ${vpcId} (route table 0.0.0.0/0 -> ${gateway}) and a NAT gateway in it (or a regional NAT gateway, which needs no public subnet, only ${gateway}: aws ec2 create-nat-gateway --availability-mode regional --vpc-id ${vpcId})`;
}

/**
 * The workload sits in the subnet of a NAT gateway: that subnet must keep its internet route for the
 * NAT, so no change of its routing helps. Say what to build (or which subnet to use) instead.
 */
function suggestPrivateSubnet(
  topology: Topology,
  subnet: Subnet,
  hosted: { id: string },
  table: RouteTable,
): Fix {
  const nat = findWorkingNat(topology, subnet.vpcId, subnet.availabilityZone) ?? hosted;
  const existing = findNatRoutedSubnet(topology, subnet);
  const use =
    existing === null
      ? "Create"
      : `Use ${existing.subnet.id} (${existing.subnet.availabilityZone}), whose route table sends 0.0.0.0/0 -> ${existing.natId}, for the workload instead, or create`;
  return {
    text: `${subnet.id} holds ${hosted.id}, so its route table ${table.id} must keep its internet gateway route and cannot send the workload's traffic to a NAT gateway: no change to ${subnet.id} fixes it. ${use} a private subnet in ${subnet.vpcId} (${subnet.availabilityZone}) with its own route table that sends 0.0.0.0/0 -> ${nat.id}, and put the workload (the VPC connector's subnets) there instead of ${subnet.id}.`,
  };
}

/** Another subnet of the VPC, holding no NAT, whose default route goes to a working NAT gateway. */
function findNatRoutedSubnet(topology: Topology, subnet: Subnet): { subnet: Subnet; natId: string } | null {
  const vpc = topology.vpcs.find((candidate) => candidate.id === subnet.vpcId);
  if (vpc === undefined) return null;
  const candidates: { subnet: Subnet; natId: string }[] = [];
  for (const other of topology.subnets) {
    if (other.id === subnet.id || other.vpcId !== subnet.vpcId) continue;
    if (findNatsInSubnet(topology, other.id).length > 0) continue;
    const table = findRouteTable(topology, other);
    const match = table === null ? null : selectRoute(table, vpc, topology.prefixLists, "0.0.0.0/0");
    if (match === null || match.route.state !== "active" || match.route.target.kind !== "nat-gateway")
      continue;
    const natId = match.route.target.id;
    const working = topology.natGateways.some(
      (nat) => nat.id === natId && findWorkingNat({ ...topology, natGateways: [nat] }, subnet.vpcId) !== null,
    );
    if (working) candidates.push({ subnet: other, natId });
  }
  return (
    candidates.find((candidate) => candidate.subnet.availabilityZone === subnet.availabilityZone) ??
    candidates[0] ??
    null
  );
}

/** The route edit that sends `subnet`'s `destination` to a NAT, in place or in a table of its own. */
function routeSubnet(
  topology: Topology,
  subnet: Subnet,
  table: RouteTable,
  matched: Route | null,
  destination: Route["destination"],
  natId: string,
  natName: string,
): { edit: TopologyEdit; text: string } {
  const target: RouteTarget = { kind: "nat-gateway", id: natId };
  const sharing = findSubnetsUsingTable(topology, table).filter((other) => other.id !== subnet.id);
  // Other subnets lose nothing when the route they share leads nowhere for them either (no route, a
  // blackhole, a failed or private NAT: the same for every source, NAT gateways in those subnets
  // included). A route to an internet gateway does lead somewhere for them (their public IPs, the
  // NAT gateways they hold), so then this subnet gets a table of its own.
  const othersDependOnIt = matched?.target.kind === "internet-gateway";
  const dest = destinationText(destination);
  if (sharing.length > 0 && othersDependOnIt) {
    const kept = matched?.target.kind === "internet-gateway" ? "its internet gateway route" : "its routes";
    return {
      edit: ownTable(subnet, table, destination, target),
      text: `associate ${subnet.id} with its own route table that sends ${dest} -> ${natName}${otherRoutesNote(table, destination)} (${table.id} keeps ${kept} for ${sharing.map((other) => other.id).join(", ")})`,
    };
  }
  if (matched !== null && hasRoute(table, destination)) {
    return {
      edit: { kind: "replace-route", routeTableId: table.id, route: { destination, target } },
      text: `point ${dest} in ${describeRouteTable(table, subnet)} at ${natName} instead of ${targetText(matched)}`,
    };
  }
  return {
    edit: { kind: "create-route", routeTableId: table.id, route: { destination, target } },
    text: `add a route ${dest} -> ${natName} to ${describeRouteTable(table, subnet)}`,
  };
}

/** A new route table for `subnet`: `table`'s routes, with `destination` sent to `target`. */
function ownTable(
  subnet: Subnet,
  table: RouteTable,
  destination: Route["destination"],
  target: RouteTarget,
): TopologyEdit {
  const routes: RouteSpec[] = table.routes
    .filter((route) => route.target.kind !== "local" && !sameDestination(route.destination, destination))
    .map((route) => ({ destination: route.destination, target: route.target }));
  routes.push({ destination, target });
  return {
    kind: "create-route-table",
    routeTableId: newRouteTableId(subnet.id),
    vpcId: subnet.vpcId,
    subnetId: subnet.id,
    routes,
  };
}

function otherRoutesNote(table: RouteTable, destination: Route["destination"]): string {
  const others = table.routes.filter(
    (route) => route.target.kind !== "local" && !sameDestination(route.destination, destination),
  );
  return others.length === 0 ? "" : ` and copies ${table.id}'s other routes`;
}

function replaceTarget(table: RouteTable, route: Route, target: RouteTarget): TopologyEdit {
  return hasRoute(table, route.destination)
    ? { kind: "replace-route", routeTableId: table.id, route: { destination: route.destination, target } }
    : { kind: "create-route", routeTableId: table.id, route: { destination: route.destination, target } };
}

function hasRoute(table: RouteTable, destination: Route["destination"]): boolean {
  return table.routes.some((route) => sameDestination(route.destination, destination));
}

function destinationText(destination: Route["destination"]): string {
  return "cidr" in destination ? destination.cidr : destination.prefixListId;
}

function targetText(route: Route | null): string {
  if (route === null) return "nothing";
  const target = route.target.kind === "local" ? "local" : route.target.id;
  return route.state === "blackhole" ? `${target} (blackhole)` : target;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
