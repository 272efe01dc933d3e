// CreateTags, DeleteTags, DescribeTags over the one tag map (tagging.ts). The resource type in
// DescribeTags comes from the ID prefix, with AWS's type names (vpc, natgateway, elastic-ip, ...).

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import { AMAZON_IMAGES } from "../workloads/images.ts";
import { type FilterTable, matchesFilters, readFilters } from "./filters.ts";
import type { Ec2Handler } from "./handler.ts";
import { checkIdFormat, type LookupKind, notFoundError } from "./lookups.ts";
import { paginate } from "./pagination.ts";
import type { Ec2State } from "./state.ts";
import { readTags, setTags } from "./tagging.ts";

/** Security group rules by ID (they live inside their groups). */
function securityGroupRules(state: Ec2State): Map<string, unknown> {
  const rules = new Map<string, unknown>();
  for (const group of state.securityGroups.values()) {
    for (const rule of group.rules) rules.set(rule.securityGroupRuleId, rule);
  }
  return rules;
}

/** DHCP option sets: the emulator keeps one per VPC, named by the VPC's dhcpOptionsId. */
function dhcpOptionSets(state: Ec2State): Map<string, unknown> {
  return new Map([...state.vpcs.values()].map((vpc) => [vpc.dhcpOptionsId, vpc]));
}

/** ID prefix -> DescribeTags resource type, the ID's kind, and the resources of that kind. */
const RESOURCE_TYPES: [string, string, LookupKind, (s: Ec2State) => Map<string, unknown>][] = [
  ["vpc-", "vpc", "vpc", (s) => s.vpcs],
  ["subnet-", "subnet", "subnet", (s) => s.subnets],
  ["igw-", "internet-gateway", "internetGateway", (s) => s.internetGateways],
  ["eigw-", "egress-only-internet-gateway", "egressOnlyInternetGateway", (s) => s.egressOnlyInternetGateways],
  ["eipalloc-", "elastic-ip", "allocation", (s) => s.addresses],
  ["nat-", "natgateway", "natGateway", (s) => s.natGateways],
  ["rtb-", "route-table", "routeTable", (s) => s.routeTables],
  ["sgr-", "security-group-rule", "securityGroupRule", securityGroupRules],
  ["sg-", "security-group", "securityGroup", (s) => s.securityGroups],
  ["acl-", "network-acl", "networkAcl", (s) => s.networkAcls],
  ["eni-", "network-interface", "networkInterface", (s) => s.networkInterfaces],
  ["vpce-", "vpc-endpoint", "vpcEndpoint", (s) => s.vpcEndpoints],
  [
    "tgw-attach-",
    "transit-gateway-attachment",
    "transitGatewayAttachment",
    (s) => s.transitGatewayAttachments,
  ],
  ["tgw-rtb-", "transit-gateway-route-table", "transitGatewayRouteTable", (s) => s.transitGatewayRouteTables],
  ["tgw-", "transit-gateway", "transitGateway", (s) => s.transitGateways],
  ["pcx-", "vpc-peering-connection", "vpcPeeringConnection", (s) => s.vpcPeeringConnections],
  ["pl-", "prefix-list", "prefixList", (s) => s.prefixLists],
  ["i-", "instance", "instance", (s) => s.instances],
  ["ami-", "image", "image", () => new Map(AMAZON_IMAGES.map((image) => [image.imageId, image]))],
  ["dopt-", "dhcp-options", "dhcpOptions", dhcpOptionSets],
];

export function resourceTypeOf(id: string): string {
  return RESOURCE_TYPES.find(([prefix]) => id.startsWith(prefix))?.[1] ?? "unknown";
}

/** The resource must be well formed and exist (AWS checks the format first). */
function checkResource(state: Ec2State, id: string): void {
  const entry = RESOURCE_TYPES.find(([prefix]) => id.startsWith(prefix));
  if (!entry) throw new AwsError("InvalidID", `The ID '${id}' is not valid`);
  const [, , kind, mapOf] = entry;
  checkIdFormat(kind, id);
  if (!mapOf(state).has(id)) throw notFoundError(kind, id);
}

const createTags: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const ids = params.strings("ResourceId");
  if (ids.length === 0)
    throw new AwsError("MissingParameter", "The request must contain the parameter resourceIdSet");
  const tags = readTags(params);
  if (tags.length === 0)
    throw new AwsError("MissingParameter", "The request must contain the parameter tagSet");
  for (const id of ids) checkResource(state, id);
  for (const id of ids) setTags(state, id, tags);
  return { return: true };
};

const deleteTags: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const ids = params.strings("ResourceId");
  if (ids.length === 0)
    throw new AwsError("MissingParameter", "The request must contain the parameter resourceIdSet");
  for (const id of ids) checkResource(state, id);
  const tags = params.objects("Tag").map((t) => ({ key: t.string("Key") ?? "", value: t.string("Value") }));
  for (const id of ids) {
    const map = state.tags.get(id);
    if (!map) continue;
    if (tags.length === 0) map.clear();
    for (const { key, value } of tags) {
      // Without a value the tag goes whatever its value; with one, only when it matches.
      if (value === undefined || map.get(key) === value) map.delete(key);
    }
    if (map.size === 0) state.tags.delete(id);
  }
  return { return: true };
};

interface TagRow {
  resourceId: string;
  resourceType: string;
  key: string;
  value: string;
}

const TAG_ROW_FILTERS: FilterTable<TagRow> = {
  key: (row) => row.key,
  value: (row) => row.value,
  "resource-id": (row) => row.resourceId,
  "resource-type": (row) => row.resourceType,
};

const describeTags: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const filters = readFilters(params, "DescribeTags", TAG_ROW_FILTERS);
  const rows: TagRow[] = [];
  for (const [resourceId, map] of state.tags) {
    for (const [key, value] of map) {
      const row = { resourceId, resourceType: resourceTypeOf(resourceId), key, value };
      // Tag filters (tag:KEY) apply to the resource's tags; key/value to this row.
      if (matchesFilters(state, resourceId, row, filters, TAG_ROW_FILTERS)) rows.push(row);
    }
  }
  const page = paginate(params, rows, { min: 5, max: 1000 });
  return { tagSet: page.items, nextToken: page.nextToken };
};

export const tagActions: Record<string, Ec2Handler> = {
  CreateTags: honours(createTags, "ResourceId", "Tag"),
  DeleteTags: honours(deleteTags, "ResourceId", "Tag"),
  DescribeTags: honours(describeTags, "Filter", "MaxResults", "NextToken"),
};
