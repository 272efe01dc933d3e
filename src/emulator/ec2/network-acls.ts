// CreateNetworkAcl, DeleteNetworkAcl, CreateNetworkAclEntry, ReplaceNetworkAclEntry,
// DeleteNetworkAclEntry, ReplaceNetworkAclAssociation, DescribeNetworkAcls: read the parameters,
// apply the rules (./network-acl-model.ts), shape the reply. Describe lists the
// implicit final deny (rule 32767, shown as "*" in the console) in each direction, as AWS does.
// Entries are IPv4 (CidrBlock) or IPv6 (Ipv6CidrBlock). AWS also lists an IPv6 "*" deny once the VPC
// has an IPv6 block (VPC User Guide, default-network-acl.html); its rule number in the API is
// unverified, so the emulator does not list it (the final deny applies all the same).

import { parseIpv6Cidr } from "../../egress/ip.ts";
import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import type { Ec2Handler } from "./handler.ts";
import {
  addNetworkAcl,
  addNetworkAclEntry,
  moveNetworkAclAssociation,
  type NetworkAclEntryInput,
  overwriteNetworkAclEntry,
  removeNetworkAcl,
  removeNetworkAclEntry,
} from "./network-acl-model.ts";
import type { NetworkAclEntryRecord, NetworkAclRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagsOf } from "./tagging.ts";

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
  const acl = addNetworkAcl(state, ctx.emulator, {
    tags: readTagSpecifications(params, "network-acl"),
    vpcId: params.requireString("VpcId"),
  });
  return { networkAcl: networkAclXml(state, acl) };
};

const deleteNetworkAcl: Ec2Handler = (ctx, params) => {
  removeNetworkAcl(ctx.backend.ec2, params.requireString("NetworkAclId"));
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

function readEntryInput(params: QueryParams): NetworkAclEntryInput {
  return { networkAclId: params.requireString("NetworkAclId"), entry: readEntry(params) };
}

const createNetworkAclEntry: Ec2Handler = (ctx, params) => {
  addNetworkAclEntry(ctx.backend.ec2, readEntryInput(params));
  return { return: true };
};

const replaceNetworkAclEntry: Ec2Handler = (ctx, params) => {
  overwriteNetworkAclEntry(ctx.backend.ec2, readEntryInput(params));
  return { return: true };
};

const deleteNetworkAclEntry: Ec2Handler = (ctx, params) => {
  removeNetworkAclEntry(ctx.backend.ec2, {
    networkAclId: params.requireString("NetworkAclId"),
    ruleNumber: readRuleNumber(params),
    egress: params.bool("Egress") ?? false,
  });
  return { return: true };
};

const replaceNetworkAclAssociation: Ec2Handler = (ctx, params) => {
  const newAssociationId = moveNetworkAclAssociation(ctx.backend.ec2, ctx.emulator, {
    associationId: params.requireString("AssociationId"),
    networkAclId: params.requireString("NetworkAclId"),
  });
  return { newAssociationId };
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

/** What readEntryInput honours, for CreateNetworkAclEntry and ReplaceNetworkAclEntry. */
const ENTRY_MEMBERS = [
  "NetworkAclId",
  "RuleNumber",
  "Protocol",
  "RuleAction",
  "Egress",
  "CidrBlock",
  "Ipv6CidrBlock",
  "PortRange",
  "Icmp",
] as const;

export const networkAclActions: Record<string, Ec2Handler> = {
  CreateNetworkAcl: honours(createNetworkAcl, "VpcId", "TagSpecification"),
  DeleteNetworkAcl: honours(deleteNetworkAcl, "NetworkAclId"),
  CreateNetworkAclEntry: honours(createNetworkAclEntry, ...ENTRY_MEMBERS),
  ReplaceNetworkAclEntry: honours(replaceNetworkAclEntry, ...ENTRY_MEMBERS),
  DeleteNetworkAclEntry: honours(deleteNetworkAclEntry, "NetworkAclId", "RuleNumber", "Egress"),
  ReplaceNetworkAclAssociation: honours(replaceNetworkAclAssociation, "AssociationId", "NetworkAclId"),
  DescribeNetworkAcls: honours(describeNetworkAcls, "NetworkAclId", "Filter", "MaxResults", "NextToken"),
};
