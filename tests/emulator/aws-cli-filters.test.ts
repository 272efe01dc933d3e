// The AWS CLI (v1 with current models on this machine, `aws` on PATH) against the emulator: the client
// that found "The filter 'tag-key' is invalid" on describe-instances once an instance existed.
// Filters work the same on an empty account and on one with an instance.

import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AMAZON_IMAGES } from "../../src/emulator/workloads/images.ts";
import { cliJson, runAwsCli } from "./aws-cli.ts";
import { type Ec2TestContext, startEc2Emulator } from "./helpers.ts";

function cliVersion(): string | null {
  try {
    return execFileSync("aws", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch {
    return null;
  }
}
// The machine image's `aws` is the CLI v1 with current models; Debian's 2.9 (/usr/bin/aws) would do
// too: either is a client the emulator's authors did not write.
const version = cliVersion();
if (version === null && process.env["CI"] === "true")
  throw new Error("the AWS CLI (`aws` on PATH) is required when CI=true");
if (version === null) console.warn("skipping the AWS CLI filter test: no `aws` on PATH");
else if (!version.startsWith("aws-cli/1."))
  console.warn(`the AWS CLI filter test runs ${version.trim()}, not v1`);

let t: Ec2TestContext;
beforeAll(async () => {
  t = await startEc2Emulator();
});
afterAll(async () => {
  await t?.close();
});

const aws = (...args: string[]) => runAwsCli("aws", t.running.url, ["ec2", ...args]);
// biome-ignore lint/suspicious/noExplicitAny: CLI JSON output
const json = async (...args: string[]): Promise<any> => cliJson(await aws(...args), ["ec2", ...args]);

describe.skipIf(version === null)("AWS CLI", () => {
  test("describe-instances --filters Name=tag-key works with and without instances", async () => {
    const filters = [
      "--filters",
      "Name=tag-key,Values=team",
      "Name=instance-state-name,Values=pending,running",
    ];
    expect((await json("describe-instances", ...filters)).Reservations).toEqual([]);
    const subnets = await json("describe-subnets", "--filters", "Name=default-for-az,Values=true");
    const subnetId = subnets.Subnets[0].SubnetId as string;
    const ran = await json(
      "run-instances",
      "--image-id",
      AMAZON_IMAGES[0]?.imageId as string,
      "--instance-type",
      "t4g.nano",
      "--subnet-id",
      subnetId,
      "--tag-specifications",
      "ResourceType=instance,Tags=[{Key=team,Value=lab}]",
    );
    const instanceId = ran.Instances[0].InstanceId as string;
    const found = await json("describe-instances", ...filters);
    expect(
      found.Reservations.flatMap((r: { Instances: { InstanceId: string }[] }) =>
        r.Instances.map((i) => i.InstanceId),
      ),
    ).toEqual([instanceId]);
    const invalid = await aws("describe-instances", "--filters", "Name=colour,Values=blue");
    expect(invalid.ok).toBe(false);
    expect(invalid.stderr).toContain("InvalidParameterValue");
    expect(invalid.stderr).toContain("The filter 'colour' is invalid");
    const unmodelled = await aws("describe-instances", "--filters", "Name=key-name,Values=x");
    expect(unmodelled.ok).toBe(false);
    expect(unmodelled.stderr).toContain("The filter 'key-name' is valid for DescribeInstances in AWS");
  }, 60_000);
});
