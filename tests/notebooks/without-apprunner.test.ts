// Teardown and cleanup when App Runner cannot be listed: a policy without apprunner:* (enough for
// --workload instance; the emulator's deniedActions setting answers AccessDeniedException), or a
// region whose App Runner endpoint does not answer (AWS_ENDPOINT_URL_APPRUNNER at a closed port).
// The EC2 part, NAT gateway and Elastic IP included, must still be deleted, and the App Runner part
// reported as not checked, with what to do.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ListVpcConnectorsCommand } from "@aws-sdk/client-apprunner";
import { DescribeSubnetsCommand, DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { endpointEnv, findLeftovers, type LabFixture, runScript, startLabFixture } from "./lab-fixture.ts";

let fixture: LabFixture;
let clockPump: NodeJS.Timeout;
beforeAll(async () => {
  fixture = await startLabFixture();
  clockPump = setInterval(() => fixture.running.emulator.clock.advance(5_000), 200);
});
afterAll(async () => {
  clearInterval(clockPump);
  await fixture.close();
});
afterEach(() => {
  fixture.running.emulator.deniedActions = [];
});

/** Keeps an instance stack (NAT gateway, Elastic IP, instance...) with full permissions. */
async function keepInstanceStack(): Promise<string[]> {
  const kept = await runScript(
    "notebooks/02-with-nat.ts",
    ["--workload", "instance", "--keep"],
    endpointEnv(fixture),
  );
  expect(kept.code).toBe(0);
  const left = await findLeftovers(fixture.clients);
  expect(left.some((entry) => entry.startsWith("nat-gateway "))).toBe(true);
  expect(left.some((entry) => entry.startsWith("elastic-ip "))).toBe(true);
  return left;
}

describe("the emulator's deniedActions", () => {
  test("refuse in each protocol's shape, through the real SDK clients", async () => {
    fixture.running.emulator.deniedActions = ["ec2:DescribeVpcs", "apprunner:List*"];
    const ec2 = await fixture.clients.ec2.send(new DescribeVpcsCommand({})).catch((e: unknown) => e);
    expect((ec2 as Error).name).toBe("UnauthorizedOperation");
    expect((ec2 as Error).message).toMatch(/not authorized to perform: ec2:DescribeVpcs/);
    const appRunner = await fixture.clients.appRunner
      .send(new ListVpcConnectorsCommand({}))
      .catch((e: unknown) => e);
    expect((appRunner as Error).name).toBe("AccessDeniedException");
    // Anything not listed still works.
    await fixture.clients.ec2.send(new DescribeSubnetsCommand({}));
  });
});

describe("without App Runner", () => {
  test("02 --workload instance under a policy without apprunner:* tears everything down", async () => {
    fixture.running.emulator.deniedActions = ["apprunner:*"];
    const run = await runScript("notebooks/02-with-nat.ts", ["--workload", "instance"], endpointEnv(fixture));
    expect(run.stdout).toMatch(
      /App Runner could not be listed in us-east-1 \(AccessDeniedException: .*apprunner:ListServices/,
    );
    expect(run.stdout).toMatch(/This run created no App Runner resource/);
    expect(run.stdout).toMatch(/Teardown: all deleted/);
    expect(run.code).toBe(0);
    fixture.running.emulator.deniedActions = [];
    expect(await findLeftovers(fixture.clients)).toEqual([]);
  });

  test("auto under a policy without apprunner:* uses an instance and says why", async () => {
    fixture.running.emulator.deniedActions = ["apprunner:*"];
    const run = await runScript("notebooks/01-without-nat.ts", [], endpointEnv(fixture));
    expect(run.stdout).toMatch(/cannot use App Runner \(apprunner:ListServices is denied/);
    expect(run.stdout).toMatch(/no egress, as expected/);
    expect(run.code).toBe(0);
    fixture.running.emulator.deniedActions = [];
    expect(await findLeftovers(fixture.clients)).toEqual([]);
  });

  test("cleanup with apprunner:* denied deletes the NAT gateway and the Elastic IP, reports App Runner unchecked", async () => {
    await keepInstanceStack();
    fixture.running.emulator.deniedActions = ["apprunner:*"];
    const run = await runScript("scripts/cleanup.ts", ["--yes"], endpointEnv(fixture));
    expect(run.stdout).toMatch(/All \d+ resources deleted \(EC2 only\)/);
    expect(run.stdout).toMatch(/App Runner could not be listed .* run the cleanup again/);
    expect(run.code).toBe(1);
    fixture.running.emulator.deniedActions = [];
    expect(await findLeftovers(fixture.clients)).toEqual([]);
  });

  test("cleanup where the App Runner endpoint does not answer still deletes the EC2 part", async () => {
    await keepInstanceStack();
    // As a region without App Runner: an address that answers a plain GET (the notebooks' endpoint
    // check) but drops every API call, so the SDK sees a network error.
    const dead = createServer((req, res) => {
      if (req.method === "GET") res.end("not App Runner");
      else req.socket.destroy();
    });
    await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
    try {
      const run = await runScript("scripts/cleanup.ts", ["--yes"], {
        ...endpointEnv(fixture),
        AWS_ENDPOINT_URL_APPRUNNER: `http://127.0.0.1:${(dead.address() as AddressInfo).port}`,
      });
      expect(run.stdout).toMatch(/All \d+ resources deleted \(EC2 only\)/);
      expect(run.stdout).toMatch(/App Runner could not be listed in us-east-1/);
      expect(run.code).toBe(1);
      expect(await findLeftovers(fixture.clients)).toEqual([]);
      console.log(`cleanup with App Runner unreachable: ${run.ms} ms`);
    } finally {
      dead.closeAllConnections();
      await new Promise((resolve) => dead.close(resolve));
    }
  });
});
