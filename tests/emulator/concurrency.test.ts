// 20 SDK clients issue thousands of calls at once against one emulator: every call succeeds and
// no update is lost (each client's tags and security groups are all there afterwards).

import {
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  paginateDescribeSecurityGroups,
  paginateDescribeTags,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createEc2Client, type Ec2TestContext, filter, startEc2Emulator } from "./helpers.ts";

const CLIENTS = 20;
const ROUNDS = 40;
const CALLS_PER_ROUND = 4;

let t: Ec2TestContext;
beforeAll(async () => {
  t = await startEc2Emulator();
});
afterAll(async () => {
  await t.close();
});

test(`${CLIENTS} concurrent clients making ${CLIENTS * ROUNDS * CALLS_PER_ROUND} calls lose no update`, async () => {
  const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
  const vpcId = Vpc?.VpcId as string;
  const clients = Array.from({ length: CLIENTS }, () => createEc2Client(t.running.url));
  await Promise.all(
    clients.map(async (client, c) => {
      for (let r = 0; r < ROUNDS; r++) {
        const name = `c${c}-r${r}`;
        const { GroupId } = await client.send(
          new CreateSecurityGroupCommand({ GroupName: name, Description: "load", VpcId: vpcId }),
        );
        // Every client also writes to one shared resource (the VPC), two keys each.
        const vpcTag = r < 2 ? [vpcId] : [];
        await client.send(
          new CreateTagsCommand({
            Resources: [GroupId as string, ...vpcTag],
            Tags: [{ Key: name, Value: `${r}` }],
          }),
        );
        const { SecurityGroups } = await client.send(
          new DescribeSecurityGroupsCommand({ GroupIds: [GroupId as string] }),
        );
        expect(SecurityGroups?.[0]?.Tags).toEqual([{ Key: name, Value: `${r}` }]);
        await client.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
      }
    }),
  );
  for (const client of clients) client.destroy();

  const { Vpcs } = await t.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
  expect(Vpcs?.[0]?.Tags).toHaveLength(CLIENTS * 2);

  let groupTags = 0;
  for await (const page of paginateDescribeTags(
    { client: t.ec2, pageSize: 500 },
    { Filters: [filter("resource-type", "security-group")] },
  )) {
    groupTags += page.Tags?.length ?? 0;
  }
  expect(groupTags).toBe(CLIENTS * ROUNDS);

  let groups = 0;
  for await (const page of paginateDescribeSecurityGroups(
    { client: t.ec2, pageSize: 1000 },
    { Filters: [filter("vpc-id", vpcId), filter("description", "load")] },
  )) {
    groups += page.SecurityGroups?.length ?? 0;
  }
  expect(groups).toBe(CLIENTS * ROUNDS);
}, 120_000);
