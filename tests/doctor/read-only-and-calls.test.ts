// The doctor only reads: every call the emulator receives during a diagnosis is a Describe, List or
// Get call, and the number of calls does not grow with the number of subnets.

import { readFileSync } from "node:fs";
import { CreateServiceCommand, CreateVpcConnectorCommand } from "@aws-sdk/client-apprunner";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Harness, startHarness } from "./doctor-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function callsDuring(run: () => Promise<unknown>) {
  await fetch(`${h.running.url}/_emulator/calls`, { method: "DELETE" });
  await run();
  return h.calls();
}

test("a diagnosis makes only Describe, List and Get calls", async () => {
  const net = await h.build.privateSubnetsWithNat(["us-east-1a", "us-east-1b"]);
  const calls = await callsDuring(() => h.doctor(["--subnets", net.privateSubnetIds.join(","), "--json"]));
  expect(calls.length).toBeGreaterThan(5);
  expect(calls.filter((call) => !/^(Describe|List|Get)/.test(call.action))).toEqual([]);
});

test("the number of API calls is the same for 1, 3, 6 and 16 subnets", async () => {
  const azs = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"];
  const net = await h.build.privateSubnetsWithNat(
    Array.from({ length: 16 }, (_, index) => azs[index % 6] ?? "us-east-1a"),
  );
  const counts: number[] = [];
  for (const size of [1, 3, 6, 16]) {
    const calls = await callsDuring(() =>
      h.doctor(["--subnets", net.privateSubnetIds.slice(0, size).join(","), "--json"]),
    );
    counts.push(calls.length);
  }
  expect(new Set(counts).size).toBe(1);
  // load-topology.ts lists the 15 EC2 calls for one VPC (2 of them for interface endpoints, 1 for
  // egress-only internet gateways).
  expect(counts[0]).toBe(15);
});

test("every call of a --service diagnosis is allowed by scripts/doctor-iam-policy.json", async () => {
  const policy = JSON.parse(readFileSync("scripts/doctor-iam-policy.json", "utf8")) as {
    Statement: { Effect: string; Action: string[] }[];
  };
  const allowed = new Set(policy.Statement.flatMap((statement) => statement.Action));
  const net = await h.build.privateSubnetsWithNat();
  const { VpcConnector } = await h.appRunner.send(
    new CreateVpcConnectorCommand({ VpcConnectorName: "policy-check", Subnets: net.privateSubnetIds }),
  );
  await h.appRunner.send(
    new CreateServiceCommand({
      ServiceName: "policy-check",
      SourceConfiguration: {
        AutoDeploymentsEnabled: false,
        ImageRepository: {
          ImageIdentifier: "public.ecr.aws/docker/library/node:24-alpine",
          ImageRepositoryType: "ECR_PUBLIC",
        },
      },
      NetworkConfiguration: {
        EgressConfiguration: { EgressType: "VPC", VpcConnectorArn: VpcConnector?.VpcConnectorArn ?? "" },
      },
    }),
  );
  const calls = await callsDuring(() => h.doctor(["--service", "policy-check", "--json"]));
  const used = new Set(calls.map((call) => `${call.service}:${call.action}`));
  expect(used).toContain("apprunner:DescribeVpcConnector");
  expect([...used].filter((action) => !allowed.has(action))).toEqual([]);
  expect(policy.Statement.every((statement) => statement.Effect === "Allow")).toBe(true);
  // Read-only: Describe, List and Get, and ec2:SearchTransitGatewayRoutes (it lists a route table's routes).
  expect([...allowed].every((action) => /^[a-z0-9]+:(Describe|List|Get|Search)/.test(action))).toBe(true);
});
