// Shared setup for the EC2 emulator tests: a started emulator on a free port, an EC2 client
// against it (us-east-1, dummy credentials, no retries so that errors surface at once), and the
// control routes (/_emulator/...).

import { EC2Client } from "@aws-sdk/client-ec2";
import { type RunningEmulator, type StartOptions, startEmulator } from "../../src/emulator/server.ts";

export const TEST_REGION = "us-east-1";
export const TEST_CREDENTIALS = { accessKeyId: "AKIDEMULATOR", secretAccessKey: "emulator" };

export interface Ec2TestContext {
  running: RunningEmulator;
  ec2: EC2Client;
  control: (method: string, path: string, body?: unknown) => Promise<unknown>;
  close: () => Promise<void>;
}

/** What every test client gets: the emulator's URL, the region, dummy credentials, no retries. */
export function testClientConfig(url: string, region = TEST_REGION) {
  return { endpoint: url, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
}

export function createEc2Client(url: string, region = TEST_REGION): EC2Client {
  return new EC2Client(testClientConfig(url, region));
}

export async function startEc2Emulator(options: StartOptions = {}): Promise<Ec2TestContext> {
  // Suites create many VPCs and addresses in one emulator; the quota tests set AWS's defaults back.
  const running = await startEmulator({
    port: 0,
    ...options,
    quotas: { vpcsPerRegion: 500, elasticIpsPerRegion: 500, ...options.quotas },
  });
  const ec2 = createEc2Client(running.url);
  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${running.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    });
    return response.json();
  };
  return {
    running,
    ec2,
    control,
    close: async () => {
      ec2.destroy();
      await running.close();
    },
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function errorOf(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Name + value pairs as the SDK's Filters. */
export function filter(name: string, ...values: string[]) {
  return { Name: name, Values: values };
}
