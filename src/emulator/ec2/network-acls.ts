// CreateNetworkAcl, DeleteNetworkAcl, CreateNetworkAclEntry, ReplaceNetworkAclEntry,
// DeleteNetworkAclEntry, ReplaceNetworkAclAssociation, DescribeNetworkAcls. Describe lists the
// implicit final deny (rule 32767, shown as "*" in the console) in each direction, as AWS does.
// Entries are IPv4 (CidrBlock) or IPv6 (Ipv6CidrBlock). AWS also lists an IPv6 "*" deny once the VPC
// has an IPv6 block (VPC User Guide, default-network-acl.html); its rule number in the API is
// unverified, so the emulator does not list it (the final deny applies all the same).

import { parseIpv6Cidr } from "../../egress/ip.ts";
import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import type { Ec2Handler } from "./actions.ts";
import { describeRecords } from "./describe.ts";
import { getNetworkAcl, getVpc } from "./lookups.ts";
import type { NetworkAclEntryRecord, NetworkAclRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { dropTags, readTagSpecifications, setTags, tagsOf } from "./tagging.ts";

const IMPLICIT_DENY = 32767;
const PROTOCOL_NUMBERS: Record<string, string> = { tcp: "6", udp: "17", icmp: "1", all: "-1" };

function withImplicitDeny(entries: NetworkAclEntryRecord[]): NetworkAclEntryRecord[] {
  const deny = (egress: boolean): NetworkAclEntryRecord => ({
    ruleNumber: IMPLICIT_DENY,
    egress,
    protocol: "-1",
    ruleAction: "deny",
    cidrBlock: "0.0.0.0/0",
  });
  return [...entries, deny(true), deny(false)].sort(
    (a, b) => Number(b.egress) - Number(a.egress) || a.ruleNumber - b.ruleNumber,
  );
}

function networkAclXml(state: Ec2State, acl: NetworkAclRecord): Record<string, unknown> {
  return {
    networkAclId: acl.networkAclId,
    vpcId: acl.vpcId,
    default: acl.isDefault,
    ownerId: state.ownerId,
    entrySet: withImplicitDeny(acl.entries),
    associationSet: [...acl.associations].map(([subnetId, id]) => ({
      networkAclAssociationId: id,
      networkAclId: acl.networkAclId,
      subnetId,
    })),
    // AWS returns <tagSet/> for an untagged network ACL (the SDKs read an empty Tags list).
    tagSet: tagsOf(state, acl.networkAclId),
  };
}

const createNetworkAcl: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const tags = readTagSpecifications(params, "network-acl");
  const vpc = getVpc(state, params.requireString("VpcId"));
  const acl: NetworkAclRecord = {
    networkAclId: ctx.emulator.newId("networkAcl"),
    vpcId: vpc.vpcId,
    isDefault: false,
    entries: [],
    associations: new Map(),
  };
  state.networkAcls.set(acl.networkAclId, acl);
  setTags(state, acl.networkAclId, tags);
  ctx.emulator.faults.created(acl.networkAclId);
  return { networkAcl: networkAclXml(state, acl) };
};

const deleteNetworkAcl: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const acl = getNetworkAcl(state, params.requireString("NetworkAclId"));
  if (acl.isDefault) {
    throw new AwsError("InvalidParameterValue", `cannot delete default network ACL ${acl.networkAclId}`);
  }
  if (acl.associations.size > 0) {
    throw new AwsError(
      "DependencyViolation",
      `The networkAcl '${acl.networkAclId}' has dependencies and cannot be deleted.`,
    );
  }
  state.networkAcls.delete(acl.networkAclId);
  dropTags(state, acl.networkAclId);
  return { return: true };
};

function readEntry(params: QueryParams): NetworkAclEntryRecord {
  const ruleNumber = readRuleNumber(params);
  const rawProtocol = params.requireString("Protocol").toLowerCase();
  const protocol = PROTOCOL_NUMBERS[rawProtocol] ?? rawProtocol;
  if (!/^(-1|\d{1,3})$/.test(protocol)) {
    throw new AwsError("InvalidParameterValue", `Invalid value '${rawProtocol}' for protocol.`);
  }
  const ruleAction = params.requireString("RuleAction");
  if (ruleAction !== "allow" && ruleAction !== "deny") {
    throw new AwsError("InvalidParameterValue", `Value (${ruleAction}) for parameter ruleAction is invalid.`);
  }
  const cidrBlock = params.string("CidrBlock");
  const ipv6CidrBlock = params.string("Ipv6CidrBlock");
  if ((cidrBlock === undefined) === (ipv6CidrBlock === undefined)) {
    throw new AwsError(
      "InvalidParameterCombination",
      "Exactly one of CidrBlock or Ipv6CidrBlock must be specified for a network ACL entry.",
    );
  }
  if (
    ipv6CidrBlock !== undefined &&
    (parseIpv6Cidr(ipv6CidrBlock) === null || !ipv6CidrBlock.includes("/"))
  ) {
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${ipv6CidrBlock}) for parameter ipv6CidrBlock is invalid. This is not a valid IPv6 CIDR block.`,
    );
  }
  const portRange = params.object("PortRange");
  const from = portRange?.int("From");
  const to = portRange?.int("To");
  if ((protocol === "6" || protocol === "17") && (from === undefined || to === undefined)) {
    throw new AwsError(
      "InvalidParameterValue",
      "TCP/UDP network ACL entries require a port range (PortRange.From and PortRange.To).",
    );
  }
  const icmp = params.object("Icmp");
  return {
    ruleNumber,
    egress: params.bool("Egress") ?? false,
    protocol,
    ruleAction,
    ...(cidrBlock === undefined ? {} : { cidrBlock }),
    ...(ipv6CidrBlock === undefined ? {} : { ipv6CidrBlock }),
    ...(from !== undefined && to !== undefined && (protocol === "6" || protocol === "17")
      ? { portRange: { from, to } }
      : {}),
    ...(icmp && protocol === "1"
      ? { icmpTypeCode: { code: icmp.int("Code") ?? -1, type: icmp.int("Type") ?? -1 } }
      : {}),
  };
}

function readRuleNumber(params: QueryParams): number {
  const ruleNumber = params.int("RuleNumber");
  if (ruleNumber === undefined)
    throw new AwsError("MissingParameter", "The request must contain the parameter ruleNumber");
  if (ruleNumber < 1 || ruleNumber > 32766) {
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${ruleNumber}) for parameter ruleNumber is invalid. Must be between 1 and 32766.`,
    );
  }
  return ruleNumber;
}

function findEntryIndex(acl: NetworkAclRecord, ruleNumber: number, egress: boolean): number {
  return acl.entries.findIndex((e) => e.ruleNumber === ruleNumber && e.egress === egress);
}

function entryNotFound(ruleNumber: number, egress: boolean, acl: NetworkAclRecord): AwsError {
  return new AwsError(
    "InvalidNetworkAclEntry.NotFound",
    `The network acl entry identified by ${ruleNumber} (${egress ? "egress" : "ingress"}) does not exist in ${acl.networkAclId}`,
  );
}

const createNetworkAclEntry: Ec2Handler = (ctx, params) => {
  const acl = getNetworkAcl(ctx.backend.ec2, params.requireString("NetworkAclId"));
  const entry = readEntry(params);
  if (findEntryIndex(acl, entry.ruleNumber, entry.egress) >= 0) {
    throw new AwsError(
      "NetworkAclEntryAlreadyExists",
      `The network acl entry identified by ${entry.ruleNumber} already exists.`,
    );
  }
  acl.entries.push(entry);
  return { return: true };
};

const replaceNetworkAclEntry: Ec2Handler = (ctx, params) => {
  const acl = getNetworkAcl(ctx.backend.ec2, params.requireString("NetworkAclId"));
  const entry = readEntry(params);
  const index = findEntryIndex(acl, entry.ruleNumber, entry.egress);
  if (index < 0) throw entryNotFound(entry.ruleNumber, entry.egress, acl);
  acl.entries[index] = entry;
  return { return: true };
};

const deleteNetworkAclEntry: Ec2Handler = (ctx, params) => {
  const acl = getNetworkAcl(ctx.backend.ec2, params.requireString("NetworkAclId"));
  const ruleNumber = readRuleNumber(params);
  const egress = params.bool("Egress") ?? false;
  const index = findEntryIndex(acl, ruleNumber, egress);
  if (index < 0) throw entryNotFound(ruleNumber, egress, acl);
  acl.entries.splice(index, 1);
  return { return: true };
};

const replaceNetworkAclAssociation: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const associationId = params.requireString("AssociationId");
  const target = getNetworkAcl(state, params.requireString("NetworkAclId"));
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
      const newAssociationId = ctx.emulator.newId("networkAclAssociation");
      target.associations.set(subnetId, newAssociationId);
      return { newAssociationId };
    }
  }
  throw new AwsError("InvalidAssociationID.NotFound", `The association ID '${associationId}' does not exist`);
};

function entriesOf(
  acl: NetworkAclRecord,
  field: (entry: NetworkAclEntryRecord) => string | undefined,
): (string | undefined)[] {
  return withImplicitDeny(acl.entries).map(field);
}

const describeNetworkAcls: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const page = describeRecords(ctx, params, {
    action: "DescribeNetworkAcls",
    kind: "networkAcl",
    idParam: "NetworkAclId",
    records: state.networkAcls,
    limits: { min: 5, max: 100 },
    filters: {
      "network-acl-id": (acl) => acl.networkAclId,
      "vpc-id": (acl) => acl.vpcId,
      default: (acl) => acl.isDefault,
      "owner-id": () => state.ownerId,
      "association.association-id": (acl) => [...acl.associations.values()],
      "association.network-acl-id": (acl) => (acl.associations.size > 0 ? acl.networkAclId : undefined),
      "association.subnet-id": (acl) => [...acl.associations.keys()],
      "entry.cidr": (acl) => entriesOf(acl, (e) => e.cidrBlock),
      "entry.egress": (acl) => entriesOf(acl, (e) => String(e.egress)),
      "entry.protocol": (acl) => entriesOf(acl, (e) => e.protocol),
      "entry.rule-action": (acl) => entriesOf(acl, (e) => e.ruleAction),
      "entry.rule-number": (acl) => entriesOf(acl, (e) => String(e.ruleNumber)),
      "entry.port-range.from": (acl) =>
        entriesOf(acl, (e) => (e.portRange ? String(e.portRange.from) : undefined)),
      "entry.port-range.to": (acl) =>
        entriesOf(acl, (e) => (e.portRange ? String(e.portRange.to) : undefined)),
      "entry.icmp.code": (acl) =>
        entriesOf(acl, (e) => (e.icmpTypeCode ? String(e.icmpTypeCode.code) : undefined)),
      "entry.icmp.type": (acl) =>
        entriesOf(acl, (e) => (e.icmpTypeCode ? String(e.icmpTypeCode.type) : undefined)),
      "entry.ipv6-cidr": (acl) => entriesOf(acl, (e) => e.ipv6CidrBlock),
    },
  });
  return { networkAclSet: page.items.map((acl) => networkAclXml(state, acl)), nextToken: page.nextToken };
};

export const networkAclActions: Record<string, Ec2Handler> = {
  CreateNetworkAcl: honours(createNetworkAcl, "VpcId", "TagSpecification"),
  DeleteNetworkAcl: honours(deleteNetworkAcl, "NetworkAclId"),
  CreateNetworkAclEntry: honours(
    createNetworkAclEntry,
    "NetworkAclId",
    "RuleNumber",
    "Protocol",
    "RuleAction",
    "Egress",
    "CidrBlock",
    "Ipv6CidrBlock",
    "PortRange",
    "Icmp",
  ),
  ReplaceNetworkAclEntry: honours(
    replaceNetworkAclEntry,
    "NetworkAclId",
    "RuleNumber",
    "Protocol",
    "RuleAction",
    "Egress",
    "CidrBlock",
    "Ipv6CidrBlock",
    "PortRange",
    "Icmp",
  ),
  DeleteNetworkAclEntry: honours(deleteNetworkAclEntry, "NetworkAclId", "RuleNumber", "Egress"),
  ReplaceNetworkAclAssociation: honours(replaceNetworkAclAssociation, "AssociationId", "NetworkAclId"),
  DescribeNetworkAcls: honours(describeNetworkAcls, "NetworkAclId", "Filter", "MaxResults", "NextToken"),
};
