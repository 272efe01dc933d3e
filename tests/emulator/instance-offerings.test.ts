// The instance workload's two AWS-recommended calls, through the real SDK client: which zones offer
// an instance type (DescribeInstanceTypeOfferings, shapes from the botocore model), and the AMI
// taken from Amazon's public SSM parameter with "resolve:ssm:" in RunInstances' ImageId.

import {
  DescribeImagesCommand,
  DescribeInstanceTypeOfferingsCommand,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { AL2023_ARM64_PARAMETER } from "../../src/lab/create-workload.ts";
import { startWithClients } from "./apprunner-helpers.ts";
import { buildPrivateSubnetWithNat } from "./workload-fixtures.ts";

let env: Awaited<ReturnType<typeof startWithClients>>;
beforeEach(async () => {
  env = await startWithClients();
});
afterEach(async () => {
  await env.running.close();
});

async function error(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e as Error,
  );
}

describe("DescribeInstanceTypeOfferings", () => {
  test("lists the zones offering an instance type, by zone name or zone ID, and leaves out unoffered zones", async () => {
    const byName = await env.ec2.send(
      new DescribeInstanceTypeOfferingsCommand({
        LocationType: "availability-zone",
        Filters: [{ Name: "instance-type", Values: ["t4g.nano"] }],
      }),
    );
    const zones = (byName.InstanceTypeOfferings ?? []).map((o) => o.Location);
    expect(zones).toContain("us-east-1a");
    expect(byName.InstanceTypeOfferings?.[0]).toEqual({
      InstanceType: "t4g.nano",
      LocationType: "availability-zone",
      Location: expect.stringMatching(/^us-east-1[a-z]$/),
    });
    const byId = await env.ec2.send(
      new DescribeInstanceTypeOfferingsCommand({
        LocationType: "availability-zone-id",
        Filters: [
          { Name: "instance-type", Values: ["t4g.nano"] },
          { Name: "location", Values: ["use1-az*"] },
        ],
      }),
    );
    expect(byId.InstanceTypeOfferings?.every((o) => /^use1-az\d+$/.test(o.Location ?? ""))).toBe(true);
    env.running.emulator.unofferedInstanceTypeZones = ["us-east-1a"];
    const after = await env.ec2.send(
      new DescribeInstanceTypeOfferingsCommand({
        LocationType: "availability-zone",
        Filters: [{ Name: "instance-type", Values: ["t4g.nano"] }],
      }),
    );
    expect((after.InstanceTypeOfferings ?? []).map((o) => o.Location)).not.toContain("us-east-1a");
    const region = await env.ec2.send(new DescribeInstanceTypeOfferingsCommand({}));
    expect(
      region.InstanceTypeOfferings?.every((o) => o.LocationType === "region" && o.Location === "us-east-1"),
    ).toBe(true);
  });

  test("an unknown filter or a MaxResults out of range is refused", async () => {
    const filter = await error(
      env.ec2.send(new DescribeInstanceTypeOfferingsCommand({ Filters: [{ Name: "zone", Values: ["x"] }] })),
    );
    expect(filter.name).toBe("InvalidParameterValue");
    const max = await error(env.ec2.send(new DescribeInstanceTypeOfferingsCommand({ MaxResults: 2 })));
    expect(max.name).toBe("InvalidParameterValue");
  });
});

describe("RunInstances with resolve:ssm:", () => {
  test("Amazon's public AL2023 arm64 parameter resolves to the newest arm64 image", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const images = await env.ec2.send(
      new DescribeImagesCommand({
        Owners: ["amazon"],
        Filters: [{ Name: "architecture", Values: ["arm64"] }],
      }),
    );
    const newest = [...(images.Images ?? [])].sort((a, b) =>
      (b.CreationDate ?? "").localeCompare(a.CreationDate ?? ""),
    )[0];
    const run = await env.ec2.send(
      new RunInstancesCommand({
        ImageId: `resolve:ssm:${AL2023_ARM64_PARAMETER}`,
        InstanceType: "t4g.nano",
        MinCount: 1,
        MaxCount: 1,
        SubnetId: net.privateSubnet.subnetId,
      }),
    );
    expect(run.Instances?.[0]?.ImageId).toBe(newest?.ImageId);
  });

  test("a parameter Amazon does not publish is refused, and so is a zone that does not offer the type", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const unknown = await error(
      env.ec2.send(
        new RunInstancesCommand({
          ImageId: "resolve:ssm:/aws/service/ami-amazon-linux-latest/no-such-image",
          InstanceType: "t4g.nano",
          MinCount: 1,
          MaxCount: 1,
          SubnetId: net.privateSubnet.subnetId,
        }),
      ),
    );
    expect(unknown.name).toBe("InvalidParameterValue");
    env.running.emulator.unofferedInstanceTypeZones = [net.privateSubnet.availabilityZone];
    const unoffered = await error(
      env.ec2.send(
        new RunInstancesCommand({
          ImageId: `resolve:ssm:${AL2023_ARM64_PARAMETER}`,
          InstanceType: "t4g.nano",
          MinCount: 1,
          MaxCount: 1,
          SubnetId: net.privateSubnet.subnetId,
        }),
      ),
    );
    expect(unoffered.name).toBe("Unsupported");
    expect(unoffered.message).toMatch(
      /Your requested instance type \(t4g.nano\) is not supported in your requested Availability Zone/,
    );
  });
});
