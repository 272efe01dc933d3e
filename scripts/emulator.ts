// Runs the local AWS emulator (EC2, App Runner, STS) until interrupted.
//   npx tsx scripts/emulator.ts [--port 4599] [--host 127.0.0.1] [--seed N] [--profile fast|realistic]
//     [--factor 0.01] [--not-apprunner-customer]

import { parseArgs } from "node:util";
import { FAST_PROFILE, REALISTIC_PROFILE, scaleProfile } from "../src/emulator/clock.ts";
import { startEmulator } from "../src/emulator/server.ts";

export const DEFAULT_EMULATOR_PORT = 4599;

const HELP = `Usage: npx tsx scripts/emulator.ts [options]

Serves emulated EC2, App Runner and STS APIs on one port, for the labs, the doctor and the tests.

Options:
  --port <n>                 port to listen on (default ${DEFAULT_EMULATOR_PORT}; 0 picks a free one)
  --host <addr>              address to bind (default 127.0.0.1; the emulator has no real authentication)
  --seed <n>                 seed for IDs and injected faults (default 20260430)
  --profile fast|realistic   delays of state transitions (default fast)
  --factor <x>               scale the delays (for example 0.01 with --profile realistic)
  --not-apprunner-customer   emulate an account that cannot use App Runner
  -h, --help                 show this help

Use it from the AWS SDK with AWS_ENDPOINT_URL=<url> (plus any region and credentials), and from the
AWS CLI with --endpoint-url <url>.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      seed: { type: "string" },
      profile: { type: "string" },
      factor: { type: "string" },
      "not-apprunner-customer": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = values.port === undefined ? DEFAULT_EMULATOR_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    usage(`--port must be 0-65535, got ${values.port}`);
  const profileName = values.profile ?? "fast";
  if (profileName !== "fast" && profileName !== "realistic") usage("--profile must be fast or realistic");
  const factor = values.factor === undefined ? 1 : Number(values.factor);
  if (!(factor >= 0)) usage(`--factor must be a non-negative number, got ${values.factor}`);
  const base = profileName === "realistic" ? REALISTIC_PROFILE : FAST_PROFILE;
  const running = await startEmulator({
    port,
    ...(values.host ? { host: values.host } : {}),
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    delays: scaleProfile(base, factor),
    appRunnerCustomer: !values["not-apprunner-customer"],
  });
  console.log(running.url);
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

function usage(message: string): never {
  console.error(`emulator: ${message}\nRun with --help for usage.`);
  process.exit(2);
}

await main().catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  if (code === "EADDRINUSE") {
    console.error(
      "emulator: the port is in use. Choose another with --port <n> (or --port 0 for a free one).",
    );
  } else {
    console.error(`emulator: ${String(error)}`);
  }
  process.exit(2);
});
