// The rules of network ACLs, apart from the wire (network-acls.ts reads parameters and shapes
// replies). The default ACL cannot be deleted, nor one with associated subnets; an entry is
// identified by its rule number and direction; a subnet's association moves only to an ACL of the
// same VPC.

import type { Emulator } from "../emulator.ts";
import { AwsError } from "../errors.ts";
import { getNetworkAcl, getVpc } from "./lookups.ts";
import type { NetworkAclEntryRecord, NetworkAclRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { removeWithTags, storeNew } from "./store.ts";
import type { TagInput } from "./tagging.ts";

export function addNetworkAcl(
  state: Ec2State,
  emulator: Emulator,
  input: { vpcId: string; tags: TagInput[] },
): NetworkAclRecord {
  const vpc = getVpc(state, input.vpcId);
  const acl: NetworkAclRecord = {
    networkAclId: emulator.newId("networkAcl"),
    vpcId: vpc.vpcId,
    isDefault: false,
    entries: [],
    associations: new Map(),
  };
  return storeNew(state, emulator, state.networkAcls, acl.networkAclId, acl, input.tags);
}

export function removeNetworkAcl(state: Ec2State, networkAclId: string): void {
  const acl = getNetworkAcl(state, networkAclId);
  if (acl.isDefault) {
    throw new AwsError("InvalidParameterValue", `cannot delete default network ACL ${acl.networkAclId}`);
  }
  if (acl.associations.size > 0) {
    throw new AwsError(
      "DependencyViolation",
      `The networkAcl '${acl.networkAclId}' has dependencies and cannot be deleted.`,
    );
  }
  removeWithTags(state, state.networkAcls, acl.networkAclId);
}

function findEntryIndex(acl: NetworkAclRecord, ruleNumber: number, egress: boolean): number {
  return acl.entries.findIndex((e) => e.ruleNumber === ruleNumber && e.egress === egress);
}

/** The index of an existing entry, else InvalidNetworkAclEntry.NotFound. */
function existingEntryIndex(acl: NetworkAclRecord, ruleNumber: number, egress: boolean): number {
  const index = findEntryIndex(acl, ruleNumber, egress);
  if (index < 0) {
    throw new AwsError(
      "InvalidNetworkAclEntry.NotFound",
      `The network acl entry identified by ${ruleNumber} (${egress ? "egress" : "ingress"}) does not exist in ${acl.networkAclId}`,
    );
  }
  return index;
}

export interface NetworkAclEntryInput {
  networkAclId: string;
  entry: NetworkAclEntryRecord;
}

export function addNetworkAclEntry(state: Ec2State, input: NetworkAclEntryInput): void {
  const acl = getNetworkAcl(state, input.networkAclId);
  const { entry } = input;
  if (findEntryIndex(acl, entry.ruleNumber, entry.egress) >= 0) {
    throw new AwsError(
      "NetworkAclEntryAlreadyExists",
      `The network acl entry identified by ${entry.ruleNumber} already exists.`,
    );
  }
  acl.entries.push(entry);
}

export function overwriteNetworkAclEntry(state: Ec2State, input: NetworkAclEntryInput): void {
  const acl = getNetworkAcl(state, input.networkAclId);
  const { entry } = input;
  acl.entries[existingEntryIndex(acl, entry.ruleNumber, entry.egress)] = entry;
}

export function removeNetworkAclEntry(
  state: Ec2State,
  input: { networkAclId: string; ruleNumber: number; egress: boolean },
): void {
  const acl = getNetworkAcl(state, input.networkAclId);
  acl.entries.splice(existingEntryIndex(acl, input.ruleNumber, input.egress), 1);
}

/** ReplaceNetworkAclAssociation: the subnet's new association ID. */
export function moveNetworkAclAssociation(
  state: Ec2State,
  emulator: Emulator,
  input: { associationId: string; networkAclId: string },
): string {
  const { associationId } = input;
  const target = getNetworkAcl(state, input.networkAclId);
  for (const acl of state.networkAcls.values()) {
    for (const [subnetId, id] of acl.associations) {
      if (id !== associationId) continue;
      if (acl.vpcId !== target.vpcId) {
        throw new AwsError(
          "InvalidParameterValue",
          `Network ACL ${target.networkAclId} and subnet ${subnetId} belong to different networks`,
        );
      }
      acl.associations.delete(subnetId);
      const newAssociationId = emulator.newId("networkAclAssociation");
      target.associations.set(subnetId, newAssociationId);
      return newAssociationId;
    }
  }
  throw new AwsError("InvalidAssociationID.NotFound", `The association ID '${associationId}' does not exist`);
}
