// The rules of Elastic IPs, apart from the wire (addresses.ts reads parameters and shapes replies):
// the Region's quota on allocation; an address in use cannot be released; an address a NAT gateway
// holds (through its requester-managed interface, or a regional gateway's own) can be neither
// released nor disassociated: AWS answers AuthFailure (docs/FACTS.md, "Elastic IPs held by a NAT
// gateway").

import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import { nextFreePublicIp } from "./address-plan.ts";
import { getAddress } from "./lookups.ts";
import { regionalNatHolding } from "./nat-gateway-model.ts";
import type { AddressRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { removeWithTags, storeNew } from "./store.ts";
import type { TagInput } from "./tagging.ts";

/** An address as requests name it: by allocation ID, or by its public IP. */
export type AddressRef = { allocationId: string } | { publicIp: string };

export function allocateElasticIp(state: Ec2State, emulator: Emulator, tags: TagInput[]): AddressRecord {
  // The default quota is 5 Elastic IP addresses per Region (EC2 User Guide, elastic-ip-addresses-eip).
  if (state.addresses.size >= emulator.quotas.elasticIpsPerRegion) {
    throw new AwsError("AddressLimitExceeded", "The maximum number of addresses has been reached.");
  }
  const address: AddressRecord = {
    allocationId: emulator.newId("allocation"),
    publicIp: nextFreePublicIp(state),
    associationId: null,
    networkInterfaceId: null,
    privateIpAddress: null,
  };
  return storeNew(state, emulator, state.addresses, address.allocationId, address, tags);
}

export function findByPublicIp(state: Ec2State, publicIp: string): AddressRecord {
  for (const address of state.addresses.values()) if (address.publicIp === publicIp) return address;
  throw new AwsError("InvalidAddress.NotFound", `Address '${publicIp}' not found.`);
}

export function releaseElasticIp(
  state: Ec2State,
  input: { address: AddressRef; networkBorderGroup: string | undefined },
): void {
  const address =
    "allocationId" in input.address
      ? getAddress(state, input.address.allocationId)
      : findByPublicIp(state, input.address.publicIp);
  // Every emulated address is advertised from the Region's own border group (addressXml); "If you
  // provide an incorrect network border group, you receive an InvalidAddress.NotFound error" (EC2
  // API reference, ReleaseAddress). The message is the emulator's.
  const borderGroup = input.networkBorderGroup;
  if (borderGroup !== undefined && borderGroup !== state.region) {
    throw new AwsError(
      "InvalidAddress.NotFound",
      `Address ${address.allocationId} is not in the network border group '${borderGroup}'.`,
    );
  }
  if (address.associationId !== null) {
    if (heldByNatGateway(state, address)) throw natHeldAddress();
    throw new AwsError("InvalidIPAddress.InUse", `Address ${address.publicIp} is in use.`);
  }
  removeWithTags(state, state.addresses, address.allocationId);
}

/** The association by its ID, or the association of the address with that public IP. */
export function disassociateElasticIp(
  state: Ec2State,
  ref: { associationId: string } | { publicIp: string },
): void {
  const address =
    "associationId" in ref
      ? [...state.addresses.values()].find((a) => a.associationId === ref.associationId)
      : findByPublicIp(state, ref.publicIp);
  if (address === undefined || address.associationId === null) {
    throw new AwsError(
      "InvalidAssociationID.NotFound",
      `The association ID '${"associationId" in ref ? ref.associationId : ref.publicIp}' does not exist`,
    );
  }
  if (heldByNatGateway(state, address)) throw natHeldAddress();
  address.associationId = null;
  address.networkInterfaceId = null;
  address.privateIpAddress = null;
}

function heldByNatGateway(state: Ec2State, address: AddressRecord): boolean {
  // A regional NAT gateway holds its Elastic IPs without an interface in the caller's subnets.
  if (regionalNatHolding(state, address.allocationId) !== undefined) return true;
  if (address.networkInterfaceId === null) return false;
  return state.networkInterfaces.get(address.networkInterfaceId)?.requesterManaged === true;
}

function natHeldAddress(): AwsError {
  return new AwsError("AuthFailure", "You do not have permission to access the specified resource.");
}
