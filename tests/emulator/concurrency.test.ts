// What can race when many clients call one emulator at once: requests interleave while their bodies
// are read, so any check-then-act that spans an await (a quota check before the insert, a name
// check before the create, an ID drawn before another request's) would let two requests both pass.
// Each test fires the competing calls from separate clients (separate sockets) at the same moment
// and asserts AWS's outcome: quotas hold exactly, names stay unique, IDs never repeat.

import {
  AllocateAddressCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeAddressesCommand,
  DescribeVpcsCommand,
  type EC2Client,
  paginateDescribeSecurityGroups,
} from "@aws-sdk/client-ec2";
import { afterEach, describe, expect, test } from "vitest";
import { createEc2Client, type Ec2TestContext, filter, startEc2Emulator } from "./helpers.ts";

let t: Ec2TestContext | undefined;
let clients: EC2Client[] = [];
afterEach(async () => {
  for (const client of clients) client.destroy();
  clients = [];
  await t?.close();
  t = undefined;
});

async function start(quotas: { vpcsPerRegion: number; elasticIpsPerRegion: number }, count: number) {
  t = await startEc2Emulator({ quotas });
  clients = Array.from({ length: count }, () => createEc2Client(t?.running.url ?? ""));
  return t;
}

/** The outcomes of calls fired together: values, and error names counted. */
async function fireTogether<T>(calls: (() => Promise<T>)[]) {
  const settled = await Promise.allSettled(calls.map((call) => call()));
  const values = settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const errors: Record<string, number> = {};
  for (const result of settled)
    if (result.status === "rejected") {
      const name = (result.reason as Error).name;
      errors[name] = (errors[name] ?? 0) + 1;
    }
  return { values, errors };
}

describe("concurrent requests", () => {
  test("30 CreateVpc calls at once against the default quota of 5: exactly 4 succeed beside the default VPC", async () => {
    const { ec2 } = await start({ vpcsPerRegion: 5, elasticIpsPerRegion: 5 }, 30);
    const { values, errors } = await fireTogether(
      clients.map(
        (client, index) => () => client.send(new CreateVpcCommand({ CidrBlock: `10.${index}.0.0/16` })),
      ),
    );
    expect(values).toHaveLength(4);
    expect(errors).toEqual({ VpcLimitExceeded: 26 });
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({}));
    expect(Vpcs).toHaveLength(5);
  });

  test("30 AllocateAddress calls at once against the quota of 5: five distinct addresses, the rest refused", async () => {
    const { ec2 } = await start({ vpcsPerRegion: 5, elasticIpsPerRegion: 5 }, 30);
    const { values, errors } = await fireTogether(
      clients.map((client) => () => client.send(new AllocateAddressCommand({ Domain: "vpc" }))),
    );
    expect(values).toHaveLength(5);
    expect(errors).toEqual({ AddressLimitExceeded: 25 });
    expect(new Set(values.map((value) => value.PublicIp)).size).toBe(5);
    expect(new Set(values.map((value) => value.AllocationId)).size).toBe(5);
    const { Addresses } = await ec2.send(new DescribeAddressesCommand({}));
    expect(Addresses).toHaveLength(5);
  });

  test("20 clients creating the same security group name in one VPC at once: one wins, the others get InvalidGroup.Duplicate", async () => {
    const { ec2 } = await start({ vpcsPerRegion: 5, elasticIpsPerRegion: 5 }, 20);
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
    const vpcId = Vpc?.VpcId ?? "";
    const { values, errors } = await fireTogether(
      clients.map(
        (client) => () =>
          client.send(
            new CreateSecurityGroupCommand({ GroupName: "same", Description: "race", VpcId: vpcId }),
          ),
      ),
    );
    expect(values).toHaveLength(1);
    expect(errors).toEqual({ "InvalidGroup.Duplicate": 19 });
  });

  test("20 clients creating 40 groups each at once get 800 distinct IDs, all listed afterwards", async () => {
    const { ec2 } = await start({ vpcsPerRegion: 5, elasticIpsPerRegion: 5 }, 20);
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
    const vpcId = Vpc?.VpcId ?? "";
    const ids = (
      await Promise.all(
        clients.map((client, c) =>
          Promise.all(
            Array.from({ length: 40 }, (_, r) =>
              client
                .send(
                  new CreateSecurityGroupCommand({
                    GroupName: `c${c}-r${r}`,
                    Description: "load",
                    VpcId: vpcId,
                  }),
                )
                .then((reply) => reply.GroupId ?? ""),
            ),
          ),
        ),
      )
    ).flat();
    expect(new Set(ids).size).toBe(800);
    const listed: string[] = [];
    for await (const page of paginateDescribeSecurityGroups(
      { client: ec2, pageSize: 1000 },
      { Filters: [filter("vpc-id", vpcId), filter("description", "load")] },
    ))
      for (const group of page.SecurityGroups ?? []) listed.push(group.GroupId ?? "");
    expect(listed.sort()).toEqual([...ids].sort());
  }, 120_000);
});
