// Finds the lab's resources in a region by the stack tag (one stack, or every lab stack for
// cleanup), never by name and never anything untagged: README "The notebooks" (tags). The default VPC is
// skipped even if someone tagged it.

import {
  type Tag as AppRunnerTag,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListVpcConnectorsCommand,
} from "@aws-sdk/client-apprunner";
import {
  DescribeAddressesCommand,
  paginateDescribeInstances,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
} from "@aws-sdk/client-ec2";
import { isNotAppRunnerCustomer } from "../aws/errors.ts";
import { type AnyTag, findTag, labFilters, STACK_TAG_KEY } from "../aws/tags.ts";
import { callAws } from "./aws-call.ts";
import type { LabContext } from "./lab-context.ts";

export type LabResourceKind =
  | "service"
  | "vpc-connector"
  | "instance"
  | "nat-gateway"
  | "elastic-ip"
  | "internet-gateway"
  | "route-table"
  | "subnet"
  | "security-group"
  | "vpc";

export interface LabResource {
  kind: LabResourceKind;
  id: string;
  stack: string;
  name?: string;
  /** Kind-specific facts, as the Describe/List call returned them. */
  facts: LabResourceFacts;
}

/** What teardown and cleanup read from a found resource; each kind sets its own. */
export interface LabResourceFacts {
  /** subnet, security-group. */
  vpcId?: string;
  /** route-table: its (non-main) association IDs. */
  associations?: string[];
  /** internet-gateway: the VPCs it is attached to. */
  attachedVpcIds?: string[];
  /** nat-gateway, instance: EC2's state name. */
  state?: string;
  /** elastic-ip. */
  publicIp?: string;
  associationId?: string;
  /** service: App Runner's status. */
  status?: string;
}

/** The App Runner half of a search: listed, or why it could not be (the EC2 half does not depend on it). */
export type AppRunnerCheck = { checked: true } | { checked: false; why: string };

export interface LabResourceSearch {
  resources: LabResource[];
  appRunner: AppRunnerCheck;
}

/** Every lab resource; throws when App Runner cannot be listed (tests, strict callers). */
export async function findLabResources(
  ctx: LabContext,
  stackName: string | undefined,
): Promise<LabResource[]> {
  const search = await searchLabResources(ctx, stackName);
  if (!search.appRunner.checked) throw new Error(`App Runner could not be listed: ${search.appRunner.why}`);
  return search.resources;
}

/**
 * Every lab resource, with the App Runner part allowed to fail: a region without App Runner, or a
 * policy without apprunner:* (--workload instance), must not keep teardown and cleanup from
 * deleting the NAT gateway and the Elastic IP, which bill by the hour.
 */
export async function searchLabResources(
  ctx: LabContext,
  stackName: string | undefined,
): Promise<LabResourceSearch> {
  const filters = labFilters(stackName);
  const ec2 = ctx.clients.ec2;
  const pager = { client: ec2 };
  const found: LabResource[] = [];
  const add = (
    kind: LabResourceKind,
    id: string | undefined,
    tags: AnyTag[] | undefined,
    facts: LabResourceFacts = {},
  ) => {
    const stack = findTag(tags, STACK_TAG_KEY);
    if (id === undefined || stack === undefined) return;
    const name = findTag(tags, "Name");
    found.push({ kind, id, stack, ...(name === undefined ? {} : { name }), facts });
  };
  const collect = async <T>(action: string, pages: () => AsyncIterable<T>): Promise<T[]> =>
    callAws(ctx, action, async () => {
      const all: T[] = [];
      for await (const page of pages()) all.push(page);
      return all;
    });

  const [vpcs, subnets, groups, tables, igws, nats, addresses, reservations] = await Promise.all([
    collect("ec2:DescribeVpcs", () => paginateDescribeVpcs(pager, { Filters: filters })),
    collect("ec2:DescribeSubnets", () => paginateDescribeSubnets(pager, { Filters: filters })),
    collect("ec2:DescribeSecurityGroups", () => paginateDescribeSecurityGroups(pager, { Filters: filters })),
    collect("ec2:DescribeRouteTables", () => paginateDescribeRouteTables(pager, { Filters: filters })),
    collect("ec2:DescribeInternetGateways", () =>
      paginateDescribeInternetGateways(pager, { Filters: filters }),
    ),
    collect("ec2:DescribeNatGateways", () =>
      paginateDescribeNatGateways(pager, {
        Filter: [...filters, { Name: "state", Values: ["pending", "available", "failed", "deleting"] }],
      }),
    ),
    callAws(ctx, "ec2:DescribeAddresses", (o) =>
      ec2.send(new DescribeAddressesCommand({ Filters: filters }), o),
    ),
    collect("ec2:DescribeInstances", () =>
      paginateDescribeInstances(pager, {
        Filters: [
          // Every lab stack: no tag-key filter here (the emulator's DescribeInstances lacks it); the
          // tag is checked below for every instance anyway.
          ...(stackName === undefined ? [] : filters),
          {
            Name: "instance-state-name",
            Values: ["pending", "running", "stopping", "stopped", "shutting-down"],
          },
        ],
      }),
    ),
  ]);
  for (const vpc of vpcs.flatMap((page) => page.Vpcs ?? [])) {
    if (vpc.IsDefault === true) continue;
    add("vpc", vpc.VpcId, vpc.Tags);
  }
  for (const subnet of subnets.flatMap((page) => page.Subnets ?? []))
    add("subnet", subnet.SubnetId, subnet.Tags, { vpcId: subnet.VpcId ?? "" });
  for (const group of groups.flatMap((page) => page.SecurityGroups ?? [])) {
    if (group.GroupName === "default") continue;
    add("security-group", group.GroupId, group.Tags, { vpcId: group.VpcId ?? "" });
  }
  for (const table of tables.flatMap((page) => page.RouteTables ?? [])) {
    if (table.Associations?.some((association) => association.Main === true)) continue;
    const associations = (table.Associations ?? [])
      .map((association) => association.RouteTableAssociationId)
      .filter((id): id is string => id !== undefined);
    add("route-table", table.RouteTableId, table.Tags, { associations });
  }
  for (const igw of igws.flatMap((page) => page.InternetGateways ?? [])) {
    const attached = (igw.Attachments ?? [])
      .map((a) => a.VpcId)
      .filter((id): id is string => id !== undefined);
    add("internet-gateway", igw.InternetGatewayId, igw.Tags, { attachedVpcIds: attached });
  }
  for (const nat of nats.flatMap((page) => page.NatGateways ?? []))
    add("nat-gateway", nat.NatGatewayId, nat.Tags, { state: nat.State ?? "" });
  for (const address of addresses.Addresses ?? []) {
    add("elastic-ip", address.AllocationId, address.Tags, {
      publicIp: address.PublicIp ?? "",
      associationId: address.AssociationId ?? "",
    });
  }
  for (const instance of reservations
    .flatMap((page) => page.Reservations ?? [])
    .flatMap((r) => r.Instances ?? [])) {
    add("instance", instance.InstanceId, instance.Tags, { state: instance.State?.Name ?? "" });
  }
  try {
    found.push(...(await findAppRunnerResources(ctx, stackName)));
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { resources: found, appRunner: { checked: false, why } };
  }
  return { resources: found, appRunner: { checked: true } };
}

/** What to do when App Runner could not be listed, for a teardown or cleanup report. */
export function describeUncheckedAppRunner(region: string, why: string): string {
  return (
    `App Runner could not be listed in ${region} (${why}), so its services and VPC connectors were not checked. ` +
    "If the stack had an App Runner workload, delete its service and VPC connector in the App Runner console, or grant " +
    "apprunner:ListServices, apprunner:ListVpcConnectors, apprunner:ListTagsForResource, apprunner:DeleteService and " +
    "apprunner:DeleteVpcConnector (notebooks/iam-policy.json) and run the cleanup again."
  );
}

async function findAppRunnerResources(
  ctx: LabContext,
  stackName: string | undefined,
): Promise<LabResource[]> {
  const client = ctx.clients.appRunner;
  const candidates: { kind: LabResourceKind; arn: string; facts: LabResourceFacts }[] = [];
  try {
    let token: string | undefined;
    do {
      const page = await callAws(ctx, "apprunner:ListServices", (o) =>
        client.send(new ListServicesCommand({ ...(token === undefined ? {} : { NextToken: token }) }), o),
      );
      for (const service of page.ServiceSummaryList ?? []) {
        if (service.ServiceArn !== undefined && service.Status !== "DELETED") {
          candidates.push({
            kind: "service",
            arn: service.ServiceArn,
            facts: { status: service.Status ?? "" },
          });
        }
      }
      token = page.NextToken;
    } while (token !== undefined);
    token = undefined;
    do {
      const page = await callAws(ctx, "apprunner:ListVpcConnectors", (o) =>
        client.send(
          new ListVpcConnectorsCommand({ ...(token === undefined ? {} : { NextToken: token }) }),
          o,
        ),
      );
      for (const connector of page.VpcConnectors ?? []) {
        if (connector.VpcConnectorArn !== undefined && connector.Status === "ACTIVE") {
          candidates.push({ kind: "vpc-connector", arn: connector.VpcConnectorArn, facts: {} });
        }
      }
      token = page.NextToken;
    } while (token !== undefined);
  } catch (error) {
    // An account that cannot use App Runner has no App Runner resources to clean up.
    if (error instanceof Error && isNotAppRunnerCustomer(error)) return [];
    throw error;
  }
  const found: LabResource[] = [];
  for (const candidate of candidates) {
    const tags = await callAws(ctx, "apprunner:ListTagsForResource", (o) =>
      client.send(new ListTagsForResourceCommand({ ResourceArn: candidate.arn }), o),
    ).catch((error: unknown) => {
      if (error instanceof Error && error.name === "ResourceNotFoundException")
        return { Tags: [] as AppRunnerTag[] };
      throw error;
    });
    const stack = findTag(tags.Tags, STACK_TAG_KEY);
    if (stack === undefined || (stackName !== undefined && stack !== stackName)) continue;
    const name = findTag(tags.Tags, "Name");
    found.push({
      kind: candidate.kind,
      id: candidate.arn,
      stack,
      ...(name === undefined ? {} : { name }),
      facts: candidate.facts,
    });
  }
  return found;
}
