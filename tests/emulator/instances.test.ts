import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  GetConsoleOutputCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { findProbeResultInConsole, renderInstanceProbeScript } from "../../src/probe/index.ts";
import { startWithClients } from "./apprunner-helpers.ts";
import { buildPrivateSubnetWithNat, NAT_PUBLIC_IP } from "./workload-fixtures.ts";

let env: Awaited<ReturnType<typeof startWithClients>>;
beforeEach(async () => {
  env = await startWithClients();
});
afterEach(async () => {
  await env.running.close();
});

async function newestArmImage(): Promise<string> {
  const { Images } = await env.ec2.send(
    new DescribeImagesCommand({
      Owners: ["amazon"],
      Filters: [
        { Name: "name", Values: ["al2023-ami-2023.*-arm64"] },
        { Name: "architecture", Values: ["arm64"] },
        { Name: "state", Values: ["available"] },
      ],
    }),
  );
  const sorted = [...(Images ?? [])].sort((a, b) =>
    (b.CreationDate ?? "").localeCompare(a.CreationDate ?? ""),
  );
  return sorted[0]?.ImageId as string;
}

describe("instances", () => {
  test("DescribeImages finds AL2023 arm64 images with creation dates", async () => {
    const { Images } = await env.ec2.send(
      new DescribeImagesCommand({
        Owners: ["amazon"],
        Filters: [{ Name: "name", Values: ["al2023-ami-2023.*-arm64"] }],
      }),
    );
    expect(Images?.length).toBeGreaterThanOrEqual(2);
    expect(Images?.every((i) => i.Architecture === "arm64" && i.CreationDate)).toBe(true);
  });

  test("an instance in a private subnet is pending, then running, without a public IP, and terminates", async () => {
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const run = await env.ec2.send(
      new RunInstancesCommand({
        ImageId: await newestArmImage(),
        InstanceType: "t4g.nano",
        MinCount: 1,
        MaxCount: 1,
        SubnetId: net.privateSubnet.subnetId,
        TagSpecifications: [
          { ResourceType: "instance", Tags: [{ Key: "apprunner-egress-lab:stack", Value: "s1" }] },
        ],
      }),
    );
    const instance = run.Instances?.[0];
    expect(instance?.State?.Name).toBe("pending");
    expect(instance?.PublicIpAddress).toBeUndefined();
    const id = instance?.InstanceId as string;
    expect(
      net.ec2.networkInterfaces.get(instance?.NetworkInterfaces?.[0]?.NetworkInterfaceId as string),
    ).toBeDefined();
    env.running.emulator.clock.advance(1_000);
    const described = await env.ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: "tag:apprunner-egress-lab:stack", Values: ["s1"] },
          { Name: "instance-state-name", Values: ["running"] },
          { Name: "subnet-id", Values: [net.privateSubnet.subnetId] },
        ],
      }),
    );
    expect(described.Reservations?.[0]?.Instances?.[0]?.InstanceId).toBe(id);
    const terminated = await env.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(terminated.TerminatingInstances?.[0]?.CurrentState?.Name).toBe("shutting-down");
    env.running.emulator.clock.advance(1_000);
    const after = await env.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    expect(after.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe("terminated");
    expect(
      net.ec2.networkInterfaces.has(instance?.NetworkInterfaces?.[0]?.NetworkInterfaceId as string),
    ).toBe(false);
  });

  test("the console is empty at first, then shows probe lines that change when a NAT route is added", async () => {
    // Empty until instanceConsoleOutput (400 ms in the fast profile) has passed: only advance() moves
    // a frozen clock, however long RunInstances and the first read take.
    env.running.emulator.clock.freeze();
    const net = buildPrivateSubnetWithNat(env.running.emulator);
    const userData = renderInstanceProbeScript({ host: "example.com", port: 443 });
    const run = await env.ec2.send(
      new RunInstancesCommand({
        ImageId: await newestArmImage(),
        InstanceType: "t4g.nano",
        MinCount: 1,
        MaxCount: 1,
        SubnetId: net.privateSubnet.subnetId,
        UserData: Buffer.from(userData).toString("base64"),
      }),
    );
    const id = run.Instances?.[0]?.InstanceId as string;
    const empty = await env.ec2.send(new GetConsoleOutputCommand({ InstanceId: id }));
    expect(empty.Output).toBeUndefined();
    env.running.emulator.clock.advance(1_000);
    const decode = async () =>
      Buffer.from(
        (await env.ec2.send(new GetConsoleOutputCommand({ InstanceId: id }))).Output ?? "",
        "base64",
      ).toString();
    const before = findProbeResultInConsole(await decode());
    expect(before).toMatchObject({
      host: "example.com",
      dns: { ok: true },
      tcp: { ok: false, error: "ETIMEDOUT" },
    });
    net.routePrivateToNat();
    const after = findProbeResultInConsole(await decode());
    expect(after).toMatchObject({ tcp: { ok: true }, publicIp: { ok: true, address: NAT_PUBLIC_IP } });
  });
});
