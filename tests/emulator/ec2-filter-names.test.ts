// Filter names against AWS's documentation, for every Describe action the emulator serves: each
// documented name is either modelled (the call succeeds) or refused by name; an undocumented name
// is AWS's "The filter '…' is invalid". Names are checked before any record is looked at, so the
// sweep runs twice: on a fresh account (no instances, NAT gateways, Elastic IPs, endpoints, tags)
// and once one of each exists. The documented lists (src/emulator/ec2/documented-filters.ts) are
// compared with the botocore model installed on this machine.

import * as Ec2 from "@aws-sdk/client-ec2";
import {
  AllocateAddressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNatGatewayCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  type EC2Client,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  documentedFilterNames,
  FILTERED_ACTIONS,
  loadBotocoreEc2Model,
} from "../../scripts/ec2-filter-names.ts";
import { DOCUMENTED_FILTERS } from "../../src/emulator/ec2/documented-filters.ts";
import { AMAZON_IMAGES } from "../../src/emulator/workloads/images.ts";
import { type Ec2TestContext, errorOf, startEc2Emulator } from "./helpers.ts";

let t: Ec2TestContext;
beforeEach(async () => {
  t = await startEc2Emulator();
});
afterEach(async () => {
  await t.close();
});

type AnyCommand = new (input: Record<string, unknown>) => Parameters<EC2Client["send"]>[0];

function commandOf(action: string): AnyCommand {
  return (Ec2 as unknown as Record<string, AnyCommand>)[`${action}Command`] as AnyCommand;
}

/** The SDK member carrying filters: "Filter" for DescribeNatGateways, "Filters" elsewhere. */
function filterMember(action: string): string {
  return action === "DescribeNatGateways" ? "Filter" : "Filters";
}

/** Members an action requires besides its filters (a well-formed ID that may not exist). */
const REQUIRED_BESIDES_FILTERS: Record<string, Record<string, string>> = {
  SearchTransitGatewayRoutes: { TransitGatewayRouteTableId: "tgw-rtb-0123456789abcdef0" },
};

/** Every documented name of every action: "modelled" or "refused" (by name); anything else fails. */
async function sweep(): Promise<Record<string, { modelled: string[]; refused: string[] }>> {
  const result: Record<string, { modelled: string[]; refused: string[] }> = {};
  for (const action of FILTERED_ACTIONS) {
    const names = DOCUMENTED_FILTERS[action] ?? [];
    const entry = { modelled: [] as string[], refused: [] as string[] };
    for (const documented of names) {
      const name = documented === "tag:" ? "tag:Name" : documented;
      const Command = commandOf(action);
      try {
        await t.ec2.send(
          new Command({
            ...REQUIRED_BESIDES_FILTERS[action],
            [filterMember(action)]: [{ Name: name, Values: ["x*"] }],
          }),
        );
        entry.modelled.push(documented);
      } catch (error) {
        const e = error as Error;
        // The name was accepted; the value "x*" is not a well-formed ID (group-id on rules), or the
        // ID the action requires besides its filters does not exist.
        if (e.name.endsWith(".Malformed") || e.name.endsWith(".NotFound")) {
          entry.modelled.push(documented);
          continue;
        }
        expect(e.name, `${action} ${name}`).toBe("InvalidParameterValue");
        expect(e.message).toContain(`The filter '${name}' is valid for ${action} in AWS`);
        entry.refused.push(documented);
      }
    }
    // A name AWS does not document is refused as AWS refuses it.
    const invalid = await errorOf(
      t.ec2.send(
        new (commandOf(action))({
          ...REQUIRED_BESIDES_FILTERS[action],
          [filterMember(action)]: [{ Name: "colour", Values: ["blue"] }],
        }),
      ),
    );
    expect(invalid.name, action).toBe("InvalidParameterValue");
    expect(invalid.message).toBe("The filter 'colour' is invalid");
    result[action] = entry;
  }
  return result;
}

async function createOneOfEach(): Promise<void> {
  const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }));
  const vpcId = Vpc?.VpcId as string;
  const { Subnet } = await t.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.9.1.0/24" }));
  const subnetId = Subnet?.SubnetId as string;
  const { AllocationId } = await t.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
  await t.ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId }));
  await t.ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: "com.amazonaws.us-east-1.s3" }));
  const { Instances } = await t.ec2.send(
    new RunInstancesCommand({
      ImageId: AMAZON_IMAGES[0]?.imageId,
      InstanceType: "t4g.nano",
      MinCount: 1,
      MaxCount: 1,
      SubnetId: subnetId,
    }),
  );
  const instanceId = Instances?.[0]?.InstanceId as string;
  await t.ec2.send(
    new CreateTagsCommand({ Resources: [instanceId, vpcId], Tags: [{ Key: "Name", Value: "x1" }] }),
  );
  const { SecurityGroups } = await t.ec2.send(
    new Ec2.DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }),
  );
  await t.ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: SecurityGroups?.[0]?.GroupId,
      IpPermissions: [
        { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/8" }] },
      ],
    }),
  );
}

describe("filter names", () => {
  test("every documented filter is modelled or refused by name, with and without records", async () => {
    const empty = await sweep();
    await createOneOfEach();
    const full = await sweep();
    // Whether a name is accepted never depends on what exists.
    expect(full).toEqual(empty);
    // The filters the labs, the doctor, the recipes and the clients use are modelled.
    expect(full["DescribeInstances"]?.modelled).toEqual(
      expect.arrayContaining(["tag-key", "tag:", "instance-state-name", "subnet-id", "vpc-id"]),
    );
    expect(full["DescribeSecurityGroups"]?.modelled).toEqual(
      expect.arrayContaining([
        "ip-permission.group-name",
        "egress.ip-permission.group-name",
        "ip-permission.ipv6-cidr",
        "egress.ip-permission.ipv6-cidr",
      ]),
    );
    const rows = Object.entries(full).map(
      ([action, { modelled, refused }]) =>
        `${action}: ${modelled.length} modelled, ${refused.length} refused`,
    );
    console.log(`documented filters\n${rows.join("\n")}`);
  }, 60_000);

  test("the documented lists match the botocore model on this machine", () => {
    const model = loadBotocoreEc2Model();
    if (model === null) {
      if (process.env["CI"] === "true") throw new Error("botocore is required when CI=true");
      console.warn("skipping the filter-list comparison: python3 has no botocore");
      return;
    }
    for (const action of FILTERED_ACTIONS) {
      expect(DOCUMENTED_FILTERS[action], action).toEqual(documentedFilterNames(model, action));
    }
  });
});
