// Creating NAT gateways and what a regional one does over its life (parse in nat-gateways.ts, reply
// in natGatewayXml there). Sources and what is unverified: docs/FACTS.md, "Regional NAT gateways".
//
// Zonal (the default): in one subnet, with a requester-managed interface (type nat_gateway) holding
// the Elastic IP of a public gateway.
//
// Regional (AvailabilityMode=regional): one gateway for the VPC, no subnet and no interface of its
// own in the caller's subnets. AWS creates a route table for it with 0.0.0.0/0 to the VPC's
// internet gateway (its RouteTableId), so the VPC needs an attached internet gateway; the emulator
// refuses the call without one (Gateway.NotAttached; AWS's answer is unverified). Two modes:
//   - automatic (no AvailabilityZoneAddresses; AutoProvisionZones and AutoScalingIps "enabled"):
//     the gateway serves the zones where the VPC has network interfaces. The emulator's rule: a zone
//     holding an interface when the gateway is created is served once it is available; a zone whose
//     first interface appears later is detected at the next EC2 request and served after the clock's
//     natGatewayZoneExpansion delay (AWS: "not instant", no published figure); a zone left without
//     interfaces is dropped at once. Each served zone has one Amazon-provided public IP, not an
//     Elastic IP of the caller's (not in DescribeAddresses).
//   - manual (AvailabilityZoneAddresses; both "disabled"): exactly the listed zones, each with the
//     caller's Elastic IPs (existing, unassociated), served once the gateway is available; zones and
//     addresses are added and removed with Associate/DisassociateNatGatewayAddress.
// When the gateway fails or is deleted, its Elastic IPs are disassociated and its route table goes.

import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import { nextFreePublicIp } from "./address-plan.ts";
import { createNetworkInterface, removeNetworkInterface } from "./interfaces.ts";
import { getAddress, getSubnet, getVpc } from "./lookups.ts";
import type { NatGatewayRecord, RegionalNatZoneRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { removeWithTags, storeNew } from "./store.ts";
import type { TagInput } from "./tagging.ts";

export interface ZonalNatInput {
  subnetId: string;
  connectivityType: "public" | "private";
  allocationId?: string;
  privateIpAddress?: string;
}

/** One AvailabilityZoneAddresses entry as the caller wrote it. */
export interface ZoneAddressInput {
  availabilityZone?: string;
  availabilityZoneId?: string;
  allocationIds: string[];
}

export interface RegionalNatInput {
  vpcId: string;
  /** Undefined: automatic mode. */
  zoneAddresses?: ZoneAddressInput[];
}

type NewNat = Pick<NatGatewayRecord, "natGatewayId" | "createTime" | "readyAt" | "failure"> & {
  tags: TagInput[];
};

export function insertZonalNatGateway(
  state: Ec2State,
  emulator: Emulator,
  base: NewNat,
  input: ZonalNatInput,
): NatGatewayRecord {
  const subnet = getSubnet(state, input.subnetId);
  if (input.connectivityType === "public" && input.allocationId === undefined) {
    throw new AwsError("MissingParameter", "The request must contain the parameter AllocationId");
  }
  if (input.connectivityType === "private" && input.allocationId !== undefined) {
    throw new AwsError(
      "InvalidParameterCombination",
      "AllocationId cannot be specified for a private NAT gateway.",
    );
  }
  const address = input.allocationId === undefined ? undefined : getAddress(state, input.allocationId);
  if (address) checkUnassociated(state, address.allocationId);
  const eni = createNetworkInterface(state, emulator, {
    subnetId: subnet.subnetId,
    groupIds: [],
    description: `Interface for NAT Gateway ${base.natGatewayId}`,
    interfaceType: "nat_gateway",
    requesterManaged: true,
    ...(input.privateIpAddress === undefined ? {} : { privateIpAddress: input.privateIpAddress }),
  });
  if (address) {
    address.associationId = emulator.newId("association");
    address.networkInterfaceId = eni.networkInterfaceId;
    address.privateIpAddress = eni.privateIpAddress;
  }
  const { tags, ...fields } = base;
  const nat: NatGatewayRecord = {
    ...fields,
    vpcId: subnet.vpcId,
    availabilityMode: "zonal",
    subnetId: subnet.subnetId,
    connectivityType: input.connectivityType,
    allocationId: input.allocationId ?? null,
    networkInterfaceId: eni.networkInterfaceId,
    privateIp: eni.privateIpAddress,
    regional: null,
    deleteTime: null,
    deletedAt: null,
    settled: false,
  };
  return storeNew(state, emulator, state.natGateways, nat.natGatewayId, nat, tags);
}

export function insertRegionalNatGateway(
  state: Ec2State,
  emulator: Emulator,
  base: NewNat,
  input: RegionalNatInput,
): NatGatewayRecord {
  const vpc = getVpc(state, input.vpcId);
  const igw = [...state.internetGateways.values()].find((g) => g.attachedVpcId === vpc.vpcId);
  if (igw === undefined) {
    throw new AwsError(
      "Gateway.NotAttached",
      `Network ${vpc.vpcId} has no Internet gateway attached. A regional NAT gateway routes to the VPC's internet gateway: attach one first (AttachInternetGateway).`,
    );
  }
  const manual = input.zoneAddresses !== undefined;
  const zones = manual
    ? manualZones(state, emulator, input.zoneAddresses ?? [], base.readyAt)
    : zonesWithInterfaces(state, vpc.vpcId).map((zone) => ({
        ...zone,
        activeAt: base.readyAt,
        addresses: [{ allocationId: null, associationId: null, publicIp: nextFreePublicIp(state) }],
      }));
  const routeTableId = emulator.newId("routeTable");
  state.routeTables.set(routeTableId, {
    routeTableId,
    vpcId: vpc.vpcId,
    routes: [
      { destinationCidrBlock: vpc.cidrBlock, gatewayId: "local", origin: "CreateRouteTable" },
      { destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.internetGatewayId, origin: "CreateRouteTable" },
    ],
    associations: [],
  });
  const { tags, ...fields } = base;
  const nat: NatGatewayRecord = {
    ...fields,
    vpcId: vpc.vpcId,
    availabilityMode: "regional",
    subnetId: null,
    connectivityType: "public",
    allocationId: null,
    networkInterfaceId: null,
    privateIp: null,
    regional: { autoProvisionZones: !manual, routeTableId, zones },
    deleteTime: null,
    deletedAt: null,
    settled: false,
  };
  return storeNew(state, emulator, state.natGateways, nat.natGatewayId, nat, tags);
}

export function checkUnassociated(state: Ec2State, allocationId: string): void {
  const address = getAddress(state, allocationId);
  if (address.associationId !== null) {
    throw new AwsError(
      "Resource.AlreadyAssociated",
      `Elastic IP address [${allocationId}] is already associated`,
    );
  }
}

/** The listed zones, each with the caller's Elastic IPs, checked before anything changes. */
function manualZones(
  state: Ec2State,
  emulator: Emulator,
  entries: ZoneAddressInput[],
  readyAt: number,
): RegionalNatZoneRecord[] {
  if (entries.length === 0) {
    throw new AwsError(
      "InvalidParameterValue",
      "AvailabilityZoneAddresses must list at least one Availability Zone with its Elastic IP allocation IDs (or leave it out for automatic mode).",
    );
  }
  const seenZones = new Set<string>();
  const seenAllocations = new Set<string>();
  const zones = entries.map((entry) => {
    const zone = resolveZone(state, entry);
    if (seenZones.has(zone.zoneName)) {
      throw new AwsError(
        "InvalidParameterValue",
        `Availability Zone ${zone.zoneName} (${zone.zoneId}) is listed more than once in AvailabilityZoneAddresses; give each zone once with all its allocation IDs.`,
      );
    }
    seenZones.add(zone.zoneName);
    if (entry.allocationIds.length === 0) {
      throw new AwsError(
        "MissingParameter",
        `The request must contain the parameter AllocationIds for Availability Zone ${zone.zoneName}.`,
      );
    }
    for (const allocationId of entry.allocationIds) {
      if (seenAllocations.has(allocationId)) {
        throw new AwsError(
          "InvalidParameterValue",
          `Elastic IP address [${allocationId}] is listed more than once; each address serves one zone.`,
        );
      }
      seenAllocations.add(allocationId);
      checkUnassociated(state, allocationId);
    }
    return { zone, allocationIds: entry.allocationIds };
  });
  return zones.map(({ zone, allocationIds }) => ({
    availabilityZone: zone.zoneName,
    availabilityZoneId: zone.zoneId,
    activeAt: readyAt,
    addresses: allocationIds.map((allocationId) => {
      const address = getAddress(state, allocationId);
      address.associationId = emulator.newId("association");
      return { allocationId, associationId: address.associationId, publicIp: address.publicIp };
    }),
  }));
}

/** AvailabilityZone or AvailabilityZoneId (exactly one), a zone of this region. */
export function resolveZone(state: Ec2State, entry: ZoneAddressInput) {
  if ((entry.availabilityZone === undefined) === (entry.availabilityZoneId === undefined)) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Each AvailabilityZoneAddresses entry takes exactly one of AvailabilityZone and AvailabilityZoneId.",
    );
  }
  const zone = state.availabilityZones.find(
    (z) => z.zoneName === entry.availabilityZone || z.zoneId === entry.availabilityZoneId,
  );
  if (zone === undefined) {
    const given = entry.availabilityZone ?? entry.availabilityZoneId;
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${given}) for parameter availabilityZone is invalid. Valid zones in ${state.region}: ${state.availabilityZones.map((z) => `${z.zoneName} (${z.zoneId})`).join(", ")}.`,
    );
  }
  return zone;
}

/** The zones (name and ID) where the VPC has at least one network interface, in zone order. */
function zonesWithInterfaces(
  state: Ec2State,
  vpcId: string,
): { availabilityZone: string; availabilityZoneId: string }[] {
  const names = new Set<string>();
  for (const eni of state.networkInterfaces.values())
    if (eni.vpcId === vpcId) names.add(eni.availabilityZone);
  return state.availabilityZones
    .filter((z) => names.has(z.zoneName))
    .map((z) => ({ availabilityZone: z.zoneName, availabilityZoneId: z.zoneId }));
}

/**
 * Automatic mode, applied before every EC2 request while the gateway is pending or available:
 * zones that gained their first interface are added (served after `expansionDelayMs`), zones left
 * without interfaces are dropped.
 */
export function followWorkloadZones(
  state: Ec2State,
  nat: NatGatewayRecord,
  now: number,
  expansionDelayMs: number,
): void {
  const regional = nat.regional;
  if (regional === null || !regional.autoProvisionZones) return;
  const present = zonesWithInterfaces(state, nat.vpcId);
  const names = new Set(present.map((z) => z.availabilityZone));
  regional.zones = regional.zones.filter((z) => names.has(z.availabilityZone));
  for (const zone of present) {
    if (regional.zones.some((z) => z.availabilityZone === zone.availabilityZone)) continue;
    regional.zones.push({
      ...zone,
      activeAt: Math.max(nat.readyAt, now + expansionDelayMs),
      addresses: [{ allocationId: null, associationId: null, publicIp: nextFreePublicIp(state) }],
    });
  }
  const order = state.availabilityZones.map((z) => z.zoneName);
  regional.zones.sort((a, b) => order.indexOf(a.availabilityZone) - order.indexOf(b.availabilityZone));
}

export interface RegionalNatAddress {
  availabilityZone: string;
  availabilityZoneId: string;
  allocationId: string | null;
  associationId: string | null;
  publicIp: string;
  isPrimary: boolean;
  /** "associating" until the zone is served, then "succeeded". */
  status: "associating" | "succeeded";
}

/**
 * A regional gateway's addresses as DescribeNatGateways lists them at `now`, zone by zone (none once
 * the gateway has failed or is deleted: it let go of them).
 */
export function regionalNatAddresses(
  nat: NatGatewayRecord,
  natState: string,
  now: number,
): RegionalNatAddress[] {
  if (nat.regional === null || natState === "failed" || natState === "deleted") return [];
  return nat.regional.zones.flatMap((zone) =>
    zone.addresses.map((address, index) => ({
      availabilityZone: zone.availabilityZone,
      availabilityZoneId: zone.availabilityZoneId,
      allocationId: address.allocationId,
      associationId: address.associationId,
      publicIp: address.publicIp,
      isPrimary: index === 0,
      status: now >= (address.activeAt ?? zone.activeAt) ? ("succeeded" as const) : ("associating" as const),
    })),
  );
}

/** A failed or deleted gateway lets go of what it held (once): interface, Elastic IPs, route table. */
export function releaseNatGateway(state: Ec2State, nat: NatGatewayRecord): void {
  if (nat.networkInterfaceId !== null) removeNetworkInterface(state, nat.networkInterfaceId);
  if (nat.regional !== null) {
    for (const zone of nat.regional.zones) {
      for (const entry of zone.addresses) {
        const address = entry.allocationId === null ? undefined : state.addresses.get(entry.allocationId);
        if (address !== undefined && address.associationId === entry.associationId)
          address.associationId = null;
      }
    }
    removeWithTags(state, state.routeTables, nat.regional.routeTableId);
  }
}

/** The live regional gateway holding this Elastic IP, if any. */
export function regionalNatHolding(state: Ec2State, allocationId: string): NatGatewayRecord | undefined {
  for (const nat of state.natGateways.values()) {
    if (nat.regional === null || nat.settled) continue;
    if (nat.regional.zones.some((z) => z.addresses.some((a) => a.allocationId === allocationId))) return nat;
  }
  return undefined;
}

/** The live regional gateway whose own route table this is, if any. */
export function regionalNatOwningTable(state: Ec2State, routeTableId: string): NatGatewayRecord | undefined {
  for (const nat of state.natGateways.values()) {
    if (nat.regional?.routeTableId === routeTableId && !nat.settled) return nat;
  }
  return undefined;
}

/** Whether a live regional gateway in the VPC maps public addresses (so the internet gateway stays). */
export function vpcHasRegionalNatAddresses(state: Ec2State, vpcId: string): boolean {
  for (const nat of state.natGateways.values()) {
    if (nat.vpcId === vpcId && nat.regional !== null && !nat.settled) {
      if (nat.regional.zones.some((z) => z.addresses.length > 0)) return true;
    }
  }
  return false;
}

/** An address Associate/DisassociateNatGatewayAddress added or removed, with its zone. */
export type ChangedAddress = RegionalNatZoneRecord["addresses"][number] & {
  availabilityZone: string;
  availabilityZoneId: string;
};

/**
 * AssociateNatGatewayAddress on a manual-mode regional gateway: the Elastic IPs join the zone (a new
 * zone is served once they are in use), each in use after `delayMs` ("associating" until then).
 * Automatic mode is refused: AWS manages its addresses, and what it does with the caller's is not
 * documented. Returns the added addresses.
 */
export function associateZoneAddresses(
  state: Ec2State,
  emulator: Emulator,
  nat: NatGatewayRecord,
  input: ZoneAddressInput,
  now: number,
  delayMs: number,
): ChangedAddress[] {
  const regional = manualRegional(nat, "AssociateNatGatewayAddress");
  const zone = resolveZone(state, input);
  if (input.allocationIds.length === 0)
    throw new AwsError("MissingParameter", "The request must contain the parameter AllocationIds");
  if (new Set(input.allocationIds).size !== input.allocationIds.length) {
    throw new AwsError("InvalidParameterValue", "An Elastic IP allocation ID is listed more than once.");
  }
  for (const allocationId of input.allocationIds) checkUnassociated(state, allocationId);
  let record = regional.zones.find((z) => z.availabilityZone === zone.zoneName);
  if (record === undefined) {
    record = {
      availabilityZone: zone.zoneName,
      availabilityZoneId: zone.zoneId,
      activeAt: Math.max(nat.readyAt, now + delayMs),
      addresses: [],
    };
    regional.zones.push(record);
    const order = state.availabilityZones.map((z) => z.zoneName);
    regional.zones.sort((a, b) => order.indexOf(a.availabilityZone) - order.indexOf(b.availabilityZone));
  }
  const added = input.allocationIds.map((allocationId) => {
    const address = getAddress(state, allocationId);
    address.associationId = emulator.newId("association");
    return {
      allocationId,
      associationId: address.associationId,
      publicIp: address.publicIp,
      activeAt: Math.max(nat.readyAt, now + delayMs),
    };
  });
  record.addresses.push(...added);
  const { availabilityZone, availabilityZoneId } = record;
  return added.map((address) => ({ ...address, availabilityZone, availabilityZoneId }));
}

/**
 * DisassociateNatGatewayAddress on a manual-mode regional gateway: the addresses leave at once (AWS
 * drains connections up to MaxDrainDurationSeconds first; the emulator does not model the drain) and
 * a zone left without addresses is no longer served. Returns the removed addresses.
 */
export function disassociateZoneAddresses(
  state: Ec2State,
  nat: NatGatewayRecord,
  associationIds: string[],
): ChangedAddress[] {
  const regional = manualRegional(nat, "DisassociateNatGatewayAddress");
  const held = regional.zones.flatMap((z) => z.addresses);
  for (const id of associationIds) {
    if (!held.some((a) => a.associationId === id)) {
      throw new AwsError(
        "InvalidAssociationID.NotFound",
        `The association ID '${id}' does not exist on NAT gateway ${nat.natGatewayId}`,
      );
    }
  }
  const removed: ChangedAddress[] = [];
  for (const zone of regional.zones) {
    const { availabilityZone, availabilityZoneId } = zone;
    for (const address of zone.addresses) {
      if (address.associationId !== null && associationIds.includes(address.associationId))
        removed.push({ ...address, availabilityZone, availabilityZoneId });
    }
    zone.addresses = zone.addresses.filter(
      (a) => a.associationId === null || !associationIds.includes(a.associationId),
    );
  }
  regional.zones = regional.zones.filter((z) => z.addresses.length > 0);
  for (const entry of removed) {
    const address = entry.allocationId === null ? undefined : state.addresses.get(entry.allocationId);
    if (address !== undefined) address.associationId = null;
  }
  return removed;
}

function manualRegional(nat: NatGatewayRecord, action: string) {
  if (nat.regional === null) {
    throw new AwsError(
      "UnsupportedOperation",
      `${action} on a zonal NAT gateway (secondary addresses) is not modelled by the emulator; it serves regional gateways in manual mode.`,
    );
  }
  if (nat.regional.autoProvisionZones) {
    throw new AwsError(
      "UnsupportedOperation",
      `${action} on a regional NAT gateway in automatic mode is not modelled by the emulator (AWS manages its addresses); create it with AvailabilityZoneAddresses (manual mode).`,
    );
  }
  return nat.regional;
}
