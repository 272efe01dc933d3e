// AllocateAddress, ReleaseAddress, DescribeAddresses, DisassociateAddress. Elastic IPs come from the documentation
// range TEST-NET-2 of RFC 5737 (198.51.100.0/24): it never belongs to anyone, so the emulator shows
// no real-looking address. The lowest free one is used. Emulated address plan, one range per use:
// 198.51.100.0/24 Elastic IPs; 203.0.113.64/26 App Runner DEFAULT egress; 203.0.113.128/25 instance
// public IPs; 192.0.2.0/24 the S3 and DynamoDB prefix lists; 198.18.0.0/15 other public names;
// 203.0.113.10 the doctor's stand-in for "the internet".

import { formatIpv4, parseIpv4 } from "../../egress/ip.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
import { type FilterTable, matchesFilters, readFilters } from "./filters.ts";
import { findAllOrThrow, getAddress } from "./lookups.ts";
import { regionalNatHolding } from "./nat-gateway-model.ts";
import type { AddressRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { dropTags, readTagSpecifications, setTags, tagSetOf } from "./tagging.ts";

export const ELASTIC_IP_RANGES = ["198.51.100.0"] as const;

/** A public IP no Elastic IP and no regional NAT gateway's Amazon-provided address uses. */
export function nextFreePublicIp(state: Ec2State): string {
  const used = new Set([...state.addresses.values()].map((a) => a.publicIp));
  for (const nat of state.natGateways.values())
    for (const zone of nat.regional?.zones ?? []) for (const a of zone.addresses) used.add(a.publicIp);
  for (const base of ELASTIC_IP_RANGES) {
    const start = parseIpv4(base) ?? 0;
    for (let host = 1; host < 255; host++) {
      const ip = formatIpv4(start + host);
      if (!used.has(ip)) return ip;
    }
  }
  throw new AwsError("AddressLimitExceeded", "The maximum number of addresses has been reached.");
}

export function addressXml(state: Ec2State, address: AddressRecord): Record<string, unknown> {
  return {
    publicIp: address.publicIp,
    allocationId: address.allocationId,
    domain: "vpc",
    associationId: address.associationId ?? undefined,
    networkInterfaceId: address.networkInterfaceId ?? undefined,
    networkInterfaceOwnerId: address.networkInterfaceId === null ? undefined : state.ownerId,
    privateIpAddress: address.privateIpAddress ?? undefined,
    instanceId: instanceOf(state, address),
    publicIpv4Pool: "amazon",
    networkBorderGroup: state.region,
    ...tagSetOf(state, address.allocationId),
  };
}

function instanceOf(state: Ec2State, address: AddressRecord): string | undefined {
  if (address.networkInterfaceId === null) return undefined;
  return state.networkInterfaces.get(address.networkInterfaceId)?.attachment?.instanceId;
}

const allocateAddress: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const tags = readTagSpecifications(params, "elastic-ip");
  const domain = params.string("Domain") ?? "vpc";
  if (domain !== "vpc" && domain !== "standard") {
    throw new AwsError("InvalidParameterValue", `Value (${domain}) for parameter domain is invalid.`);
  }
  // The default quota is 5 Elastic IP addresses per Region (EC2 User Guide, elastic-ip-addresses-eip).
  if (state.addresses.size >= ctx.emulator.quotas.elasticIpsPerRegion) {
    throw new AwsError("AddressLimitExceeded", "The maximum number of addresses has been reached.");
  }
  const address: AddressRecord = {
    allocationId: ctx.emulator.newId("allocation"),
    publicIp: nextFreePublicIp(state),
    associationId: null,
    networkInterfaceId: null,
    privateIpAddress: null,
  };
  state.addresses.set(address.allocationId, address);
  setTags(state, address.allocationId, tags);
  ctx.emulator.faults.created(address.allocationId);
  return {
    publicIp: address.publicIp,
    allocationId: address.allocationId,
    publicIpv4Pool: "amazon",
    networkBorderGroup: state.region,
    domain: "vpc",
  };
};

function findByPublicIp(state: Ec2State, publicIp: string): AddressRecord {
  for (const address of state.addresses.values()) if (address.publicIp === publicIp) return address;
  throw new AwsError("InvalidAddress.NotFound", `Address '${publicIp}' not found.`);
}

const releaseAddress: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const allocationId = params.string("AllocationId");
  const publicIp = params.string("PublicIp");
  if (allocationId === undefined && publicIp === undefined) {
    throw new AwsError("MissingParameter", "Either public IP or allocation id must be specified");
  }
  const address =
    allocationId !== undefined ? getAddress(state, allocationId) : findByPublicIp(state, publicIp ?? "");
  // Every emulated address is advertised from the Region's own border group (addressXml); "If you
  // provide an incorrect network border group, you receive an InvalidAddress.NotFound error" (EC2
  // API reference, ReleaseAddress). The message is the emulator's.
  const borderGroup = params.string("NetworkBorderGroup");
  if (borderGroup !== undefined && borderGroup !== state.region) {
    throw new AwsError(
      "InvalidAddress.NotFound",
      `Address ${address.allocationId} is not in the network border group '${borderGroup}'.`,
    );
  }
  if (address.associationId !== null) {
    // Held by a NAT gateway (a requester-managed interface) until the gateway is deleted: AWS answers
    // AuthFailure, not InUse (docs/FACTS.md, "Elastic IPs held by a NAT gateway").
    if (heldByRequesterManagedInterface(state, address)) throw natHeldAddress();
    throw new AwsError("InvalidIPAddress.InUse", `Address ${address.publicIp} is in use.`);
  }
  state.addresses.delete(address.allocationId);
  dropTags(state, address.allocationId);
  return { return: true };
};

const describeAddresses: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const ids = params.strings("AllocationId");
  const ips = params.strings("PublicIp");
  let selected = [...state.addresses.values()];
  if (ids.length > 0) {
    selected = findAllOrThrow("allocation", state.addresses, [...new Set(ids)], (id) =>
      ctx.emulator.faults.hiddenOnRead(id),
    );
  }
  if (ips.length > 0) {
    for (const ip of ips) findByPublicIp(state, ip);
    selected = selected.filter((a) => ips.includes(a.publicIp));
  }
  const table: FilterTable<AddressRecord> = {
    "allocation-id": (a) => a.allocationId,
    "association-id": (a) => a.associationId ?? undefined,
    "instance-id": (a) => instanceOf(state, a),
    "network-border-group": () => state.region,
    "network-interface-id": (a) => a.networkInterfaceId ?? undefined,
    "network-interface-owner-id": (a) => (a.networkInterfaceId === null ? undefined : state.ownerId),
    "private-ip-address": (a) => a.privateIpAddress ?? undefined,
    "public-ip": (a) => a.publicIp,
  };
  const filters = readFilters(params, "DescribeAddresses", table);
  const matched = selected.filter((a) => matchesFilters(state, a.allocationId, a, filters, table));
  return { addressesSet: matched.map((a) => addressXml(state, a)) };
};

// Terraform's aws_eip calls DisassociateAddress with the association ID it last read before
// releasing the address, and treats InvalidAssociationID.NotFound as "already gone" (the NAT
// gateway's deletion has removed it by then). An association on a requester-managed interface (a
// NAT gateway's) cannot be removed this way: AWS answers AuthFailure, and the NAT gateway's
// deletion is the way to free the address (Terraform's aws_eip_association docs warn of AuthFailure
// for NAT gateways).
const disassociateAddress: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const associationId = params.string("AssociationId");
  const publicIp = params.string("PublicIp");
  if (associationId === undefined && publicIp === undefined) {
    throw new AwsError("MissingParameter", "Either public IP or association id must be specified");
  }
  const address =
    associationId !== undefined
      ? [...state.addresses.values()].find((a) => a.associationId === associationId)
      : findByPublicIp(state, publicIp ?? "");
  if (address === undefined || address.associationId === null) {
    throw new AwsError(
      "InvalidAssociationID.NotFound",
      `The association ID '${associationId ?? publicIp}' does not exist`,
    );
  }
  if (heldByRequesterManagedInterface(state, address)) throw natHeldAddress();
  address.associationId = null;
  address.networkInterfaceId = null;
  address.privateIpAddress = null;
  return { return: true };
};

function heldByRequesterManagedInterface(state: Ec2State, address: AddressRecord): boolean {
  // A regional NAT gateway holds its Elastic IPs without an interface in the caller's subnets.
  if (regionalNatHolding(state, address.allocationId) !== undefined) return true;
  if (address.networkInterfaceId === null) return false;
  return state.networkInterfaces.get(address.networkInterfaceId)?.requesterManaged === true;
}

function natHeldAddress(): AwsError {
  return new AwsError("AuthFailure", "You do not have permission to access the specified resource.");
}

export const addressActions: Record<string, Ec2Handler> = {
  AllocateAddress: honours(allocateAddress, "Domain", "TagSpecification"),
  ReleaseAddress: honours(releaseAddress, "AllocationId", "PublicIp", "NetworkBorderGroup"),
  DescribeAddresses: honours(describeAddresses, "AllocationId", "PublicIp", "Filter"),
  DisassociateAddress: honours(disassociateAddress, "AssociationId", "PublicIp"),
};
