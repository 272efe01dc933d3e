// Measures the doctor against the embedded emulator: API calls (from /_emulator/calls) and wall
// time for 1, 3, 6 and 16 subnets. The loader batches its Describe calls, so the call count should
// stay flat as subnets grow.
//
//   npx tsx scripts/bench-doctor.ts [--runs 5]

import { parseArgs } from "node:util";
import { EC2Client } from "@aws-sdk/client-ec2";
import { runDoctor } from "../src/aws/run-doctor.ts";
import { startEmulator } from "../src/emulator/server.ts";
// The test network builder: creating resources is test and lab work, not the doctor's (read-only).
import { NetworkBuilder } from "../test-support/build-network.ts";

const SIZES = [1, 3, 6, 16];
const AZS = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"];

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Math.max(1, Number(values.runs) || 5);

const running = await startEmulator({ port: 0, quotas: { vpcsPerRegion: 500, elasticIpsPerRegion: 500 } });
const ec2 = new EC2Client({
  region: "us-east-1",
  endpoint: running.url,
  credentials: { accessKeyId: "AKIABENCH", secretAccessKey: "bench" },
});
try {
  const net = await new NetworkBuilder(ec2).privateSubnetsWithNat(
    Array.from({ length: Math.max(...SIZES) }, (_, index) => AZS[index % AZS.length] ?? "us-east-1a"),
  );
  const env = { AWS_ENDPOINT_URL: running.url, AWS_REGION: "us-east-1" };
  const quiet = { stdout: () => {}, stderr: (text: string) => process.stderr.write(text), env };
  // One warm-up run: module loading and the first connection would otherwise count against 1 subnet.
  await runDoctor(["--subnets", net.privateSubnetIds.join(","), "--json"], quiet);
  console.log(`doctor --subnets against the embedded emulator, median of ${runs} runs`);
  console.log("subnets  API calls  wall time (ms)");
  for (const size of SIZES) {
    const argv = ["--subnets", net.privateSubnetIds.slice(0, size).join(","), "--json"];
    const times: number[] = [];
    let calls = 0;
    for (let run = 0; run < runs; run++) {
      await fetch(`${running.url}/_emulator/calls`, { method: "DELETE" });
      const started = performance.now();
      const code = await runDoctor(argv, quiet);
      times.push(performance.now() - started);
      if (code !== 0) throw new Error(`doctor exited ${code} for ${size} subnets`);
      calls = ((await (await fetch(`${running.url}/_emulator/calls`)).json()) as unknown[]).length;
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    console.log(
      `${String(size).padStart(7)}  ${String(calls).padStart(9)}  ${median.toFixed(1).padStart(14)}`,
    );
  }
} finally {
  ec2.destroy();
  await running.close();
}
