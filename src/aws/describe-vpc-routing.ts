// The part of a VPC that routing follows, read for any number of VPCs in one paginated call per kind:
// subnets, route tables, NAT gateways, attached internet gateways and network ACLs. The doctor's
// loader reads the workload's VPCs with it, and the transit loader the VPCs a path leads to.

import {
  type EC2Client,
  type Filter,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeNetworkAcls,
  paginateDescribeRouteTables,
  paginateDescribeSubnets,
} from "@aws-sdk/client-ec2";
import { collectPages } from "./collect-pages.ts";
import { tagAwsAction } from "./errors.ts";

export async function describeVpcRouting(ec2: EC2Client, vpcIds: string[]) {
  const byVpc: Filter[] = [{ Name: "vpc-id", Values: vpcIds }];
  const client = { client: ec2 };
  const [subnets, routeTables, natGateways, internetGateways, networkAcls] = await Promise.all([
    listAll(
      "ec2:DescribeSubnets",
      paginateDescribeSubnets(client, { Filters: byVpc }),
      (page) => page.Subnets,
    ),
    listAll(
      "ec2:DescribeRouteTables",
      paginateDescribeRouteTables(client, { Filters: byVpc }),
      (page) => page.RouteTables,
    ),
    listAll(
      "ec2:DescribeNatGateways",
      paginateDescribeNatGateways(client, { Filter: byVpc }),
      (page) => page.NatGateways,
    ),
    listAll(
      "ec2:DescribeInternetGateways",
      paginateDescribeInternetGateways(client, { Filters: [{ Name: "attachment.vpc-id", Values: vpcIds }] }),
      (page) => page.InternetGateways,
    ),
    listAll(
      "ec2:DescribeNetworkAcls",
      paginateDescribeNetworkAcls(client, { Filters: byVpc }),
      (page) => page.NetworkAcls,
    ),
  ]);
  return { subnets, routeTables, natGateways, internetGateways, networkAcls };
}

/** Every item of a paginated Describe call, its errors tagged with the IAM action. */
export function listAll<Page, Item>(
  action: string,
  pages: AsyncIterable<Page>,
  pick: (page: Page) => Item[] | undefined,
): Promise<Item[]> {
  return tagAwsAction(action, collectPages(pages, pick));
}
