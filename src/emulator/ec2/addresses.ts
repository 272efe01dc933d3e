// AllocateAddress, ReleaseAddress, DescribeAddresses, DisassociateAddress: read the parameters,
// apply the rules (./address-model.ts), shape the reply. Which public IPs the emulator hands out:
// address-plan.ts.

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import {
  allocateElasticIp,
  disassociateElasticIp,
  findByPublicIp,
  releaseElasticIp,
} from "./address-model.ts";
import { type FilterTable, matchesFilters, readFilters } from "./filters.ts";
import type { Ec2Handler } from "./handler.ts";
import { findAllOrThrow } from "./lookups.ts";
import type { AddressRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";

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
  const address = allocateElasticIp(state, ctx.emulator, tags);
  return {
    publicIp: address.publicIp,
    allocationId: address.allocationId,
    publicIpv4Pool: "amazon",
    networkBorderGroup: state.region,
    domain: "vpc",
  };
};

const releaseAddress: Ec2Handler = (ctx, params) => {
  const allocationId = params.string("AllocationId");
  const publicIp = params.string("PublicIp");
  if (allocationId === undefined && publicIp === undefined) {
    throw new AwsError("MissingParameter", "Either public IP or allocation id must be specified");
  }
  releaseElasticIp(ctx.backend.ec2, {
    address: allocationId !== undefined ? { allocationId } : { publicIp: publicIp ?? "" },
    networkBorderGroup: params.string("NetworkBorderGroup"),
  });
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
  const associationId = params.string("AssociationId");
  const publicIp = params.string("PublicIp");
  if (associationId === undefined && publicIp === undefined) {
    throw new AwsError("MissingParameter", "Either public IP or association id must be specified");
  }
  disassociateElasticIp(
    ctx.backend.ec2,
    associationId !== undefined ? { associationId } : { publicIp: publicIp ?? "" },
  );
  return { return: true };
};

export const addressActions: Record<string, Ec2Handler> = {
  AllocateAddress: honours(allocateAddress, "Domain", "TagSpecification"),
  ReleaseAddress: honours(releaseAddress, "AllocationId", "PublicIp", "NetworkBorderGroup"),
  DescribeAddresses: honours(describeAddresses, "AllocationId", "PublicIp", "Filter"),
  DisassociateAddress: honours(disassociateAddress, "AssociationId", "PublicIp"),
};
