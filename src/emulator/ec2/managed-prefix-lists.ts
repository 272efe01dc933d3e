// Customer-managed prefix lists: CreateManagedPrefixList, DescribeManagedPrefixLists,
// GetManagedPrefixListEntries. A list is a named set of CIDR blocks that routes
// (DestinationPrefixListId) and security group rules (PrefixListIds) can name instead of a block
// (VPC User Guide, "Managed prefix lists"). DescribeManagedPrefixLists describes "your managed prefix
// lists and any AWS-managed prefix lists" (EC2 API Reference); the AWS-managed ones of the gateway
// endpoint services (prefix-lists.ts) are listed with owner "AWS" and without MaxEntries or Version,
// which the emulator does not know for them. Names may not start with "com.amazonaws" (model
// documentation); more entries than MaxEntries, duplicate CIDRs and IPv6 lists are refused with the
// emulator's own wording (AWS's codes for them are unverified: docs/FACTS.md). The list is complete
// at once ("create-complete"); ModifyManagedPrefixList and DeleteManagedPrefixList are not served.
// The handlers read and check the request, store through ./managed-prefix-list-model.ts and shape
// the reply.

import { parseCidr } from "../../egress/ip.ts";
import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import type { Ec2Handler } from "./handler.ts";
import { findOrThrow } from "./lookups.ts";
import { addManagedPrefixList, type CreateManagedPrefixListInput } from "./managed-prefix-list-model.ts";
import { paginate } from "./pagination.ts";
import type { PrefixListRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";

function managedPrefixListXml(state: Ec2State, list: PrefixListRecord): Record<string, unknown> {
  const owner = list.managed === undefined ? "AWS" : state.ownerId;
  return {
    prefixListId: list.prefixListId,
    addressFamily: "IPv4",
    state: "create-complete",
    prefixListArn: `arn:aws:ec2:${state.region}:${owner === "AWS" ? "aws" : owner}:prefix-list/${list.prefixListId}`,
    prefixListName: list.prefixListName,
    ...(list.managed === undefined
      ? {}
      : { maxEntries: list.managed.maxEntries, version: list.managed.version }),
    ownerId: owner,
    ...tagSetOf(state, list.prefixListId),
  };
}

function readCreateManagedPrefixList(params: QueryParams): CreateManagedPrefixListInput {
  const tags = readTagSpecifications(params, "prefix-list");
  const name = params.requireString("PrefixListName");
  if (name.toLowerCase().startsWith("com.amazonaws")) {
    throw new AwsError(
      "InvalidParameterValue",
      `The prefix list name cannot start with com.amazonaws: ${name}`,
    );
  }
  const family = params.requireString("AddressFamily");
  if (family !== "IPv4") {
    throw new AwsError(
      "UnsupportedOperation",
      `The emulator models IPv4 prefix lists only; AddressFamily ${family} is not emulated.`,
    );
  }
  const maxEntries = params.int("MaxEntries") ?? 0;
  if (maxEntries < 1) throw new AwsError("InvalidParameterValue", "MaxEntries must be at least 1.");
  const entries = params.objects("Entry").map((entry) => ({
    cidr: entry.requireString("Cidr"),
    description: entry.string("Description"),
  }));
  if (entries.length > maxEntries) {
    throw new AwsError(
      "InvalidParameterValue",
      `The prefix list has ${entries.length} entries, more than its MaxEntries (${maxEntries}).`,
    );
  }
  const seen = new Set<string>();
  for (const { cidr } of entries) {
    if (parseCidr(cidr) === null || !cidr.includes("/")) {
      throw new AwsError("InvalidParameterValue", `The CIDR block ${cidr} is not a valid IPv4 CIDR block.`);
    }
    if (seen.has(cidr)) throw new AwsError("InvalidParameterValue", `The CIDR block ${cidr} is given twice.`);
    seen.add(cidr);
  }
  return { name, maxEntries, entries, tags };
}

const createManagedPrefixList: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const list = addManagedPrefixList(state, ctx.emulator, readCreateManagedPrefixList(params));
  return { prefixList: managedPrefixListXml(state, list) };
};

const describeManagedPrefixLists: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const page = describeRecords(ctx, params, {
    action: "DescribeManagedPrefixLists",
    kind: "prefixList",
    idParam: "PrefixListId",
    records: state.prefixLists,
    limits: { min: 1, max: 100 },
    filters: {
      "owner-id": (list) => (list.managed === undefined ? "AWS" : state.ownerId),
      "prefix-list-id": (list) => list.prefixListId,
      "prefix-list-name": (list) => list.prefixListName,
    },
  });
  return {
    prefixListSet: page.items.map((list) => managedPrefixListXml(state, list)),
    nextToken: page.nextToken,
  };
};

const getManagedPrefixListEntries: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const list = findOrThrow("prefixList", state.prefixLists, params.requireString("PrefixListId"));
  const version = params.int("TargetVersion");
  if (version !== undefined && version !== (list.managed?.version ?? version)) {
    throw new AwsError(
      "UnsupportedOperation",
      `The emulator keeps only the current version (${list.managed?.version}) of ${list.prefixListId}.`,
    );
  }
  const entries = list.cidrs.map((cidr, index) => ({
    cidr,
    description: list.managed?.descriptions[index],
  }));
  const page = paginate(params, entries, { min: 1, max: 100 });
  return { entrySet: page.items, nextToken: page.nextToken };
};

export const managedPrefixListActions: Record<string, Ec2Handler> = {
  CreateManagedPrefixList: honours(
    createManagedPrefixList,
    "PrefixListName",
    "Entry",
    "MaxEntries",
    "AddressFamily",
    "TagSpecification",
  ),
  DescribeManagedPrefixLists: honours(
    describeManagedPrefixLists,
    "PrefixListId",
    "Filter",
    "MaxResults",
    "NextToken",
  ),
  GetManagedPrefixListEntries: honours(
    getManagedPrefixListEntries,
    "PrefixListId",
    "TargetVersion",
    "MaxResults",
    "NextToken",
  ),
};
