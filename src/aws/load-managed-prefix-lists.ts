// Customer-managed prefix lists that the VPC's routes and security group rules name. DescribePrefixLists
// returns only the AWS service lists (S3, DynamoDB), so a list of the account's own (or one shared with
// it) is read here: one DescribeManagedPrefixLists for the names of all of them, then one
// GetManagedPrefixListEntries per list (paginated) for its CIDR blocks. That is 0 calls when nothing
// names such a list, else 1 + the number of lists named, whatever the number of subnets.
// A list the caller cannot read (denied, or another account's list not shared) becomes an unreadable
// part, so that a route or rule naming it gives the verdict "unknown" instead of a guess.

import {
  DescribeManagedPrefixListsCommand,
  type EC2Client,
  paginateGetManagedPrefixListEntries,
} from "@aws-sdk/client-ec2";
import type { PrefixList, RouteTable, SecurityGroup, UnreadablePart } from "../egress/types.ts";
import { collectPages } from "./collect-pages.ts";
import { tagAwsAction } from "./errors.ts";

export interface ManagedPrefixLists {
  lists: PrefixList[];
  unreadable: UnreadablePart[];
}

/** The IDs of prefix lists that routes or security group rules name but `known` lacks. */
export function findNamedPrefixLists(
  routeTables: RouteTable[],
  groups: SecurityGroup[],
  known: PrefixList[],
): string[] {
  const ids = new Set<string>();
  for (const table of routeTables)
    for (const route of table.routes)
      if ("prefixListId" in route.destination) ids.add(route.destination.prefixListId);
  for (const group of groups)
    for (const rule of [...group.egress, ...(group.ingress ?? [])])
      for (const id of rule.prefixListIds ?? []) ids.add(id);
  for (const list of known) ids.delete(list.id);
  return [...ids].sort();
}

export async function loadManagedPrefixLists(ec2: EC2Client, ids: string[]): Promise<ManagedPrefixLists> {
  if (ids.length === 0) return { lists: [], unreadable: [] };
  const names = new Map<string, string>();
  const unreadable: UnreadablePart[] = [];
  try {
    const output = await tagAwsAction(
      "ec2:DescribeManagedPrefixLists",
      ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: ids })),
    );
    for (const list of output.PrefixLists ?? [])
      if (list.PrefixListId !== undefined) names.set(list.PrefixListId, list.PrefixListName ?? "");
  } catch {
    // The names only label messages; the entries below decide, and say what could not be read.
  }
  const lists: PrefixList[] = [];
  for (const id of ids) {
    try {
      const entries = await tagAwsAction(
        "ec2:GetManagedPrefixListEntries",
        collectPages(
          paginateGetManagedPrefixListEntries({ client: ec2 }, { PrefixListId: id }),
          (page) => page.Entries,
        ),
      );
      lists.push({
        id,
        name: names.get(id) ?? "",
        cidrs: entries.map((entry) => entry.Cidr).filter((cidr): cidr is string => cidr !== undefined),
      });
    } catch (error) {
      const name = error instanceof Error ? error.name : "Error";
      const message = error instanceof Error ? error.message : String(error);
      unreadable.push({
        what: `prefix list ${id}`,
        action: "ec2:GetManagedPrefixListEntries",
        cause: `${name}: ${message}`,
      });
    }
  }
  return { lists, unreadable };
}
