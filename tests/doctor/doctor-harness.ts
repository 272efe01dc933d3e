// Starts an emulator in-process and runs the doctor against it, in-process (runDoctor) or as a real
// process (npx tsx scripts/doctor.ts), returning the exit code, the output and the parsed JSON.

import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppRunnerClient } from "@aws-sdk/client-apprunner";
import { EC2Client } from "@aws-sdk/client-ec2";
import { runDoctor } from "../../src/aws/run-doctor.ts";
import type { ApiCall } from "../../src/emulator/emulator.ts";
import { type RunningEmulator, startEmulator } from "../../src/emulator/server.ts";
import { NetworkBuilder } from "../../test-support/build-network.ts";

export const REGION = "us-east-1";
const CREDENTIALS = { accessKeyId: "AKIATEST", secretAccessKey: "test" };

export interface DoctorRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The parsed --json output (undefined when stdout is not JSON). */
  json: DoctorJson | undefined;
}

export interface DoctorJson {
  verdict: "reachable" | "unreachable" | "partial";
  subnets: {
    subnetId: string | null;
    availabilityZone: string | null;
    verdict: string;
    hops: { kind: string; id?: string; detail: string }[];
    reason: { code: string; message: string } | null;
    fix: string | null;
    /** The fix as edits a program can apply (src/egress/types.ts TopologyChange), or null. */
    change?: { edits: Record<string, unknown>[] } | null;
    sourceAddress: string | null;
    /** --template and --terraform-plan: the workload the subnet belongs to. */
    workload?: { kind: string; name: string; address: string };
  }[];
  warnings: { code: string; message: string }[];
  source: { mode: string; description: string };
}

export interface Harness {
  running: RunningEmulator;
  ec2: EC2Client;
  appRunner: AppRunnerClient;
  build: NetworkBuilder;
  env: NodeJS.ProcessEnv;
  doctor: (argv: string[]) => Promise<DoctorRun>;
  doctorProcess: (argv: string[], env?: NodeJS.ProcessEnv) => Promise<DoctorRun>;
  calls: () => Promise<ApiCall[]>;
  close: () => Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  // Every scenario builds its own VPC in one emulator: lift AWS's default quota of 5 VPCs and 5 EIPs.
  const running = await startEmulator({ port: 0, quotas: { vpcsPerRegion: 500, elasticIpsPerRegion: 500 } });
  const config = { region: REGION, endpoint: running.url, credentials: CREDENTIALS };
  const ec2 = new EC2Client(config);
  const appRunner = new AppRunnerClient(config);
  const env: NodeJS.ProcessEnv = {
    AWS_ENDPOINT_URL: running.url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  };
  return {
    running,
    ec2,
    appRunner,
    build: new NetworkBuilder(ec2),
    env,
    doctor: (argv) => runDoctorInProcess(argv, env),
    doctorProcess: (argv, extraEnv = {}) => spawnDoctor(argv, { ...env, ...extraEnv }),
    calls: async () => {
      const response = await fetch(`${running.url}/_emulator/calls`);
      const body = (await response.json()) as unknown;
      return (Array.isArray(body) ? body : ((body as { calls?: unknown }).calls ?? [])) as ApiCall[];
    },
    close: async () => {
      ec2.destroy();
      appRunner.destroy();
      await running.close();
    },
  };
}

/** The doctor in-process (runDoctor) with this environment; lookupHost stands in for DNS. */
export async function runDoctorInProcess(
  argv: string[],
  env: NodeJS.ProcessEnv,
  lookupHost?: (host: string) => Promise<string>,
): Promise<DoctorRun> {
  let stdout = "";
  let stderr = "";
  const code = await runDoctor(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
    ...(lookupHost === undefined ? {} : { lookupHost }),
  });
  return { code, stdout, stderr, json: parseJson(stdout) };
}

/** An environment where no region, profile, credentials or endpoint can be found: any AWS call fails. */
export function offlineEnv(): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), "doctor-home-"));
  return {
    HOME: home,
    AWS_CONFIG_FILE: join(home, "missing-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "missing-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

export function spawnDoctor(argv: string[], env: NodeJS.ProcessEnv): Promise<DoctorRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/doctor.ts", ...argv],
      { env: { PATH: process.env["PATH"], ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr, json: parseJson(stdout) });
      },
    );
  });
}

function parseJson(text: string): DoctorJson | undefined {
  try {
    return JSON.parse(text) as DoctorJson;
  } catch {
    return undefined;
  }
}
