// The rules of route tables and their associations, apart from the wire (route-tables.ts reads
// parameters and shapes replies; routes themselves: routes.ts). A table starts with the VPC's local
// routes; a table with associations (or a regional NAT gateway's own table) cannot be deleted; a
// subnet is associated with one table of its own VPC at most; the main association cannot be
// removed, only moved to another table of the VPC.

import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import { getRouteTable, getSubnet, getVpc } from "./lookups.ts";
import { regionalNatOwningTable } from "./nat-gateway-model.ts";
import type { RouteRecord, RouteTableRecord, VpcRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { removeWithTags, storeNew } from "./store.ts";
import type { TagInput } from "./tagging.ts";

/** The routes every table of the VPC has: its IPv4 block and, if it has one, its IPv6 block to "local". */
export function localRoutes(vpc: VpcRecord): RouteRecord[] {
  return [
    { destinationCidrBlock: vpc.cidrBlock, gatewayId: "local", origin: "CreateRouteTable" },
    ...(vpc.ipv6 === undefined
      ? []
      : [
          {
            destinationIpv6CidrBlock: vpc.ipv6.cidrBlock,
            gatewayId: "local",
            origin: "CreateRouteTable" as const,
          },
        ]),
  ];
}

export function addRouteTable(
  state: Ec2State,
  emulator: Emulator,
  input: { vpcId: string; tags: TagInput[] },
): RouteTableRecord {
  const vpc = getVpc(state, input.vpcId);
  const table: RouteTableRecord = {
    routeTableId: emulator.newId("routeTable"),
    vpcId: vpc.vpcId,
    routes: localRoutes(vpc),
    associations: [],
  };
  return storeNew(state, emulator, state.routeTables, table.routeTableId, table, input.tags);
}

export function removeRouteTable(state: Ec2State, routeTableId: string): void {
  const table = getRouteTable(state, routeTableId);
  // A regional NAT gateway's own table goes with the gateway (nat-gateway-model.ts).
  if (table.associations.length > 0 || regionalNatOwningTable(state, table.routeTableId) !== undefined) {
    throw new AwsError(
      "DependencyViolation",
      `The routeTable '${table.routeTableId}' has dependencies and cannot be deleted.`,
    );
  }
  removeWithTags(state, state.routeTables, table.routeTableId);
  for (const endpoint of state.vpcEndpoints.values()) {
    endpoint.routeTableIds = endpoint.routeTableIds.filter((id) => id !== table.routeTableId);
  }
}

function findAssociation(state: Ec2State, associationId: string) {
  if (!/^rtbassoc-[0-9a-f]{8,17}$/.test(associationId)) {
    throw new AwsError(
      "InvalidAssociationID.Malformed",
      `Invalid id: "${associationId}" (expecting "rtbassoc-...")`,
    );
  }
  for (const table of state.routeTables.values()) {
    const association = table.associations.find((a) => a.routeTableAssociationId === associationId);
    if (association) return { table, association };
  }
  throw new AwsError("InvalidAssociationID.NotFound", `The association ID '${associationId}' does not exist`);
}

/** AssociateRouteTable: the new association's ID. */
export function associateSubnet(
  state: Ec2State,
  emulator: Emulator,
  input: { routeTableId: string; subnetId: string },
): string {
  const table = getRouteTable(state, input.routeTableId);
  const subnet = getSubnet(state, input.subnetId);
  if (subnet.vpcId !== table.vpcId) {
    throw new AwsError(
      "InvalidParameterValue",
      `Route table ${table.routeTableId} and subnet ${subnet.subnetId} belong to different networks`,
    );
  }
  for (const other of state.routeTables.values()) {
    if (other.associations.some((a) => a.subnetId === subnet.subnetId)) {
      throw new AwsError(
        "Resource.AlreadyAssociated",
        `the specified association for route table ${table.routeTableId} conflicts with an existing association`,
      );
    }
  }
  const routeTableAssociationId = emulator.newId("routeTableAssociation");
  table.associations.push({ routeTableAssociationId, main: false, subnetId: subnet.subnetId });
  return routeTableAssociationId;
}

export function disassociate(state: Ec2State, associationId: string): void {
  const { table, association } = findAssociation(state, associationId);
  if (association.main) {
    throw new AwsError(
      "InvalidParameterValue",
      `cannot disassociate the main route table association ${association.routeTableAssociationId}`,
    );
  }
  table.associations = table.associations.filter((a) => a !== association);
}

/** ReplaceRouteTableAssociation: moves a subnet association, or the main flag, to another table of
 * the same VPC; the new association's ID. */
export function moveAssociation(
  state: Ec2State,
  emulator: Emulator,
  input: { associationId: string; routeTableId: string },
): string {
  const { table, association } = findAssociation(state, input.associationId);
  const target = getRouteTable(state, input.routeTableId);
  if (target.vpcId !== table.vpcId) {
    throw new AwsError(
      "InvalidParameterValue",
      `Route table ${target.routeTableId} and association ${association.routeTableAssociationId} belong to different networks`,
    );
  }
  table.associations = table.associations.filter((a) => a !== association);
  const newAssociationId = emulator.newId("routeTableAssociation");
  target.associations.push({ ...association, routeTableAssociationId: newAssociationId });
  return newAssociationId;
}
