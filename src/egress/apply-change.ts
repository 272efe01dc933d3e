// Applies a fix's structured change (TraceResult.change) to a topology, as the AWS calls it stands
// for would: CreateRoute refuses a destination the table already routes, ReplaceRoute one it does
// not, an internet gateway attaches to one VPC only, a network ACL rule number is unique per
// direction. Pure: returns a new topology and leaves the given one untouched. An edit that does not
// fit the topology throws (a fix that cannot be applied is a defect of the fix, not of the input).
// Sources: EC2 API Reference, CreateRoute ("RouteAlreadyExists"), ReplaceRoute, AttachInternetGateway
// ("Resource.AlreadyAssociated": a gateway attaches to one VPC), CreateNetworkAclEntry
// ("NetworkAclEntryAlreadyExists"), StartInstances (a stopped instance only), AssociateAddress,
// AssociateNatGatewayAddress (a regional NAT gateway's Elastic IP for one Availability Zone),
// CreateVpcEndpoint (a gateway endpoint's route tables get the service's prefix-list route).

import type {
  ElasticIp,
  NetworkInterface,
  Route,
  RouteSpec,
  RouteTable,
  Topology,
  TopologyChange,
  TopologyEdit,
  TransitGatewayAttachment,
  TransitGatewayRoute,
  TransitGatewayRouteTable,
} from "./types.ts";

/** The prefix of IDs a change gives the resources it creates. */
export const NEW_ID_PREFIX = "new:";

export class ChangeNotApplicable extends Error {
  override name = "ChangeNotApplicable";
}

export function applyChange(topology: Topology, change: TopologyChange): Topology {
  const next = structuredClone(topology);
  for (const edit of change.edits) applyEdit(next, edit);
  return next;
}

function applyEdit(topology: Topology, edit: TopologyEdit): void {
  switch (edit.kind) {
    case "create-route": {
      const table = requireTable(topology, edit.routeTableId);
      if (findSameDestination(table, edit.route) !== undefined)
        throw new ChangeNotApplicable(`${table.id} already has a route to ${destinationText(edit.route)}`);
      table.routes.push(activeRoute(edit.route));
      return;
    }
    case "replace-route": {
      const table = requireTable(topology, edit.routeTableId);
      const index = findSameDestination(table, edit.route);
      if (index === undefined)
        throw new ChangeNotApplicable(`${table.id} has no route to ${destinationText(edit.route)}`);
      table.routes[index] = activeRoute(edit.route);
      return;
    }
    case "create-route-table": {
      requireNew(topology.routeTables, edit.routeTableId);
      const subnet = topology.subnets.find((candidate) => candidate.id === edit.subnetId);
      if (subnet === undefined || subnet.vpcId !== edit.vpcId)
        throw new ChangeNotApplicable(`${edit.subnetId} is not a subnet of ${edit.vpcId}`);
      for (const table of topology.routeTables) {
        table.subnetIds = table.subnetIds.filter((id) => id !== edit.subnetId);
      }
      topology.routeTables.push({
        id: edit.routeTableId,
        vpcId: edit.vpcId,
        main: false,
        subnetIds: [edit.subnetId],
        routes: edit.routes.map(activeRoute),
      });
      return;
    }
    case "create-nat-gateway": {
      requireNew(topology.natGateways, edit.natGatewayId);
      const subnet = topology.subnets.find((candidate) => candidate.id === edit.subnetId);
      if (subnet === undefined) throw new ChangeNotApplicable(`no subnet ${edit.subnetId}`);
      topology.natGateways.push({
        id: edit.natGatewayId,
        vpcId: subnet.vpcId,
        subnetId: subnet.id,
        state: "available",
        connectivityType: "public",
      });
      return;
    }
    case "attach-internet-gateway": {
      if (edit.create) {
        requireNew(topology.internetGateways, edit.internetGatewayId);
        topology.internetGateways.push({ id: edit.internetGatewayId, attachedVpcIds: [edit.vpcId] });
        return;
      }
      const igw = topology.internetGateways.find((candidate) => candidate.id === edit.internetGatewayId);
      if (igw === undefined) throw new ChangeNotApplicable(`no internet gateway ${edit.internetGatewayId}`);
      if (igw.attachedVpcIds.length > 0)
        throw new ChangeNotApplicable(`${igw.id} is already attached to ${igw.attachedVpcIds.join(", ")}`);
      igw.attachedVpcIds = [edit.vpcId];
      return;
    }
    case "add-security-group-egress": {
      const group = topology.securityGroups.find((candidate) => candidate.id === edit.groupId);
      if (group === undefined) throw new ChangeNotApplicable(`no security group ${edit.groupId}`);
      group.egress.push(structuredClone(edit.rule));
      return;
    }
    case "add-security-group-ingress": {
      const group = topology.securityGroups.find((candidate) => candidate.id === edit.groupId);
      if (group === undefined) throw new ChangeNotApplicable(`no security group ${edit.groupId}`);
      group.ingress = [...(group.ingress ?? []), structuredClone(edit.rule)];
      return;
    }
    case "enable-endpoint-private-dns": {
      const endpoint = topology.vpcEndpoints.find((candidate) => candidate.id === edit.vpcEndpointId);
      if (endpoint === undefined || endpoint.type !== "Interface")
        throw new ChangeNotApplicable(`no interface endpoint ${edit.vpcEndpointId}`);
      if (endpoint.privateDnsEnabled === true)
        throw new ChangeNotApplicable(`${endpoint.id} has private DNS already`);
      endpoint.privateDnsEnabled = true;
      endpoint.dnsNames = [...(endpoint.dnsNames ?? []), ...edit.dnsNames];
      return;
    }
    case "enable-vpc-dns-attribute": {
      const vpc = topology.vpcs.find((candidate) => candidate.id === edit.vpcId);
      if (vpc === undefined) throw new ChangeNotApplicable(`no VPC ${edit.vpcId}`);
      // ModifyVpcAttribute refuses DNS hostnames while DNS support is off.
      if (edit.attribute === "enableDnsHostnames" && vpc.dnsSupport === false)
        throw new ChangeNotApplicable(`${vpc.id} needs enableDnsSupport before enableDnsHostnames`);
      if (edit.attribute === "enableDnsSupport") vpc.dnsSupport = true;
      else vpc.dnsHostnames = true;
      return;
    }
    case "add-network-acl-entry": {
      const acl = topology.networkAcls.find((candidate) => candidate.id === edit.networkAclId);
      if (acl === undefined) throw new ChangeNotApplicable(`no network ACL ${edit.networkAclId}`);
      const { entry } = edit;
      if (acl.entries.some((other) => other.egress === entry.egress && other.ruleNumber === entry.ruleNumber))
        throw new ChangeNotApplicable(`${acl.id} already has rule ${entry.ruleNumber} in that direction`);
      acl.entries.push(structuredClone(entry));
      return;
    }
    case "create-transit-gateway-route": {
      const table = requireTransitTable(topology, edit.routeTableId);
      requireAttachment(topology, edit.attachmentId);
      if (table.routes.some((route) => route.type === "static" && route.destination === edit.destination))
        throw new ChangeNotApplicable(`${table.id} already has a static route to ${edit.destination}`);
      // A static route hides a propagated one to the same destination (follow-transit-gateway.ts).
      table.routes = table.routes.filter((route) => route.destination !== edit.destination);
      table.routes.push(transitRoute(edit.destination, edit.attachmentId, "static"));
      return;
    }
    case "replace-transit-gateway-route": {
      const table = requireTransitTable(topology, edit.routeTableId);
      requireAttachment(topology, edit.attachmentId);
      const index = table.routes.findIndex(
        (route) => route.type === "static" && route.destination === edit.destination,
      );
      if (index === -1)
        throw new ChangeNotApplicable(`${table.id} has no static route to ${edit.destination}`);
      table.routes[index] = transitRoute(edit.destination, edit.attachmentId, "static");
      return;
    }
    case "enable-transit-gateway-propagation": {
      const table = requireTransitTable(topology, edit.routeTableId);
      const attachment = requireAttachment(topology, edit.attachmentId);
      const vpc = topology.vpcs.find((candidate) => candidate.id === attachment.resourceId);
      if (vpc === undefined)
        throw new ChangeNotApplicable(`${attachment.id} leads to no VPC of the topology`);
      for (const block of vpc.cidrBlocks) {
        if (table.routes.some((route) => route.destination === block)) continue;
        table.routes.push(transitRoute(block, attachment.id, "propagated"));
      }
      return;
    }
    case "add-transit-gateway-attachment-subnet": {
      const attachment = requireAttachment(topology, edit.attachmentId);
      const subnet = topology.subnets.find((candidate) => candidate.id === edit.subnetId);
      if (subnet === undefined || subnet.vpcId !== attachment.resourceId)
        throw new ChangeNotApplicable(`${edit.subnetId} is not a subnet of ${attachment.resourceId}`);
      const zones = (attachment.subnetIds ?? []).map(
        (id) => topology.subnets.find((candidate) => candidate.id === id)?.availabilityZone,
      );
      if (zones.includes(subnet.availabilityZone))
        throw new ChangeNotApplicable(`${attachment.id} already has a subnet in ${subnet.availabilityZone}`);
      attachment.subnetIds = [...(attachment.subnetIds ?? []), subnet.id];
      return;
    }
    case "disable-source-dest-check": {
      requireInterface(topology, edit.networkInterfaceId).sourceDestCheck = false;
      return;
    }
    case "start-instance": {
      const instance = topology.instances?.find((candidate) => candidate.id === edit.instanceId);
      if (instance === undefined) throw new ChangeNotApplicable(`no instance ${edit.instanceId}`);
      // StartInstances starts a stopped instance only (IncorrectInstanceState otherwise).
      if (instance.state !== "stopped")
        throw new ChangeNotApplicable(`${instance.id} is ${instance.state}, not stopped`);
      instance.state = "running";
      return;
    }
    case "associate-elastic-ip": {
      const eni = requireInterface(topology, edit.networkInterfaceId);
      const eip = freeElasticIp(topology, edit.allocationId);
      eip.networkInterfaceId = eni.id;
      eip.associationId = `${NEW_ID_PREFIX}association`;
      eni.publicIp = eip.publicIp;
      return;
    }
    case "associate-nat-gateway-address": {
      const nat = topology.natGateways.find((candidate) => candidate.id === edit.natGatewayId);
      if (nat?.availabilityMode !== "regional")
        throw new ChangeNotApplicable(`no regional NAT gateway ${edit.natGatewayId}`);
      const eip = freeElasticIp(topology, edit.allocationId);
      eip.associationId = `${NEW_ID_PREFIX}association`;
      const zones = nat.zones ?? [];
      const zone = zones.find((candidate) => candidate.availabilityZone === edit.availabilityZone);
      const address = { allocationId: eip.allocationId, publicIp: eip.publicIp, status: "succeeded" };
      if (zone === undefined) zones.push({ availabilityZone: edit.availabilityZone, addresses: [address] });
      else zone.addresses.push(address);
      nat.zones = zones;
      return;
    }
    case "create-gateway-endpoint": {
      requireNew(topology.vpcEndpoints, edit.vpcEndpointId);
      if (!topology.vpcs.some((vpc) => vpc.id === edit.vpcId))
        throw new ChangeNotApplicable(`no VPC ${edit.vpcId}`);
      // CreateVpcEndpoint adds "prefix list -> endpoint" to each table; a table of another VPC, or one
      // that already routes the list, is refused (RouteAlreadyExists).
      const spec: RouteSpec = {
        destination: { prefixListId: edit.prefixListId },
        target: { kind: "gateway-endpoint", id: edit.vpcEndpointId },
      };
      const tables = edit.routeTableIds.map((id) => requireTable(topology, id));
      for (const table of tables) {
        if (table.vpcId !== edit.vpcId)
          throw new ChangeNotApplicable(`${table.id} is not a table of ${edit.vpcId}`);
        if (findSameDestination(table, spec) !== undefined)
          throw new ChangeNotApplicable(`${table.id} already has a route to ${edit.prefixListId}`);
      }
      for (const table of tables) table.routes.push(activeRoute(spec));
      topology.vpcEndpoints.push({
        id: edit.vpcEndpointId,
        vpcId: edit.vpcId,
        serviceName: edit.serviceName,
        type: "Gateway",
        routeTableIds: [...edit.routeTableIds],
        state: "available",
      });
      return;
    }
  }
}

function requireTransitTable(topology: Topology, id: string): TransitGatewayRouteTable {
  const table = topology.transitGatewayRouteTables?.find((candidate) => candidate.id === id);
  if (table === undefined) throw new ChangeNotApplicable(`no transit gateway route table ${id}`);
  return table;
}

function requireAttachment(topology: Topology, id: string): TransitGatewayAttachment {
  const attachment = topology.transitGatewayAttachments?.find((candidate) => candidate.id === id);
  if (attachment === undefined) throw new ChangeNotApplicable(`no transit gateway attachment ${id}`);
  return attachment;
}

function transitRoute(
  destination: string,
  attachmentId: string,
  type: "static" | "propagated",
): TransitGatewayRoute {
  return { destination, attachmentIds: [attachmentId], type, state: "active" };
}

function requireInterface(topology: Topology, id: string): NetworkInterface {
  const eni = topology.networkInterfaces?.find((candidate) => candidate.id === id);
  if (eni === undefined) throw new ChangeNotApplicable(`no network interface ${id}`);
  return eni;
}

function requireTable(topology: Topology, id: string): RouteTable {
  const table = topology.routeTables.find((candidate) => candidate.id === id);
  if (table === undefined) throw new ChangeNotApplicable(`no route table ${id}`);
  return table;
}

function requireNew(existing: { id: string }[], id: string): void {
  if (!id.startsWith(NEW_ID_PREFIX) || existing.some((candidate) => candidate.id === id))
    throw new ChangeNotApplicable(`${id} is not a new resource's placeholder ID`);
}

function findSameDestination(table: RouteTable, spec: RouteSpec): number | undefined {
  const index = table.routes.findIndex((route) => sameDestination(route.destination, spec.destination));
  return index === -1 ? undefined : index;
}

export function sameDestination(a: Route["destination"], b: Route["destination"]): boolean {
  if ("cidr" in a) return "cidr" in b && a.cidr === b.cidr;
  return "prefixListId" in b && a.prefixListId === b.prefixListId;
}

function activeRoute(spec: RouteSpec): Route {
  return { destination: { ...spec.destination }, target: { ...spec.target }, state: "active" };
}

function destinationText(spec: RouteSpec): string {
  return "cidr" in spec.destination ? spec.destination.cidr : spec.destination.prefixListId;
}

/** The unassociated Elastic IP an edit names, allocated when it is a placeholder for a new one. */
function freeElasticIp(topology: Topology, allocationId: string): ElasticIp {
  let eip = topology.elasticIps.find((candidate) => candidate.allocationId === allocationId);
  if (eip === undefined) {
    requireNew(
      topology.elasticIps.map((address) => ({ id: address.allocationId })),
      allocationId,
    );
    eip = { allocationId, publicIp: allocationId };
    topology.elasticIps.push(eip);
  } else if (eip.networkInterfaceId !== undefined || eip.associationId !== undefined) {
    throw new ChangeNotApplicable(`${eip.allocationId} is already associated`);
  }
  return eip;
}
