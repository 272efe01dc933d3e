// Runs the local AWS emulator (EC2, App Runner, STS, Lambda, ECS) until interrupted.
//   npx tsx scripts/emulator.ts [--port 4599] [--host 127.0.0.1] [--seed N] [--delays fast|realistic]
//     [--factor 0.01] [--not-apprunner-customer] [--unknown-images assume-listening|fail]

import "../src/node-version/require-supported-node.ts";
import { pathToFileURL } from "node:url";
import { parseFlags, UsageError } from "../src/aws/command-line.ts";
import { FAST_PROFILE, REALISTIC_PROFILE, scaleProfile } from "../src/emulator/clock.ts";
import { startEmulator } from "../src/emulator/server.ts";

export const DEFAULT_EMULATOR_PORT = 4599;

const HELP = `Usage: npx tsx scripts/emulator.ts [options]

Serves emulated EC2, App Runner, STS, Lambda and ECS APIs on one port, for the labs, the doctor and the tests.

Options:
  --port <n>                 port to listen on (default ${DEFAULT_EMULATOR_PORT}; 0 picks a free one)
  --host <addr>              address to bind (default 127.0.0.1; the emulator has no real authentication)
  --seed <n>                 seed for IDs and injected faults (default 20260430)
  --delays fast|realistic    delays of state transitions (default fast)
  --factor <x>               multiply the delays (0.05: twenty times faster than AWS; 1: AWS-like)
  --not-apprunner-customer   emulate an account that cannot use App Runner
  --unknown-images assume-listening|fail
                             an App Runner image outside the emulator's health catalogue (node images,
                             hello-app-runner, the labs' probe app): assume it listens on its port and
                             log that (default), or end its creation CREATE_FAILED
  -h, --help                 show this help

Use it from the AWS SDK with AWS_ENDPOINT_URL=<url> (plus any region and credentials), and from the
AWS CLI with --endpoint-url <url>.`;

export interface EmulatorArgs {
  help: boolean;
  port: number;
  host: string | undefined;
  seed: number | undefined;
  delays: "fast" | "realistic";
  factor: number;
  appRunnerCustomer: boolean;
  unknownImages: "assume-listening" | "fail";
}

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  seed: { type: "string" },
  delays: { type: "string" },
  factor: { type: "string" },
  "not-apprunner-customer": { type: "boolean" },
  "unknown-images": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The command line, checked: a usage error (thrown as UsageError) names the flag and what it takes. */
export function parseEmulatorArgs(argv: readonly string[]): EmulatorArgs {
  // The flag was --profile until it was renamed: to AWS tools --profile names a credentials profile,
  // which the emulator has none of. Said before parsing, so "--profile" with or without a value is named.
  if (argv.some((arg) => arg === "--profile" || arg.startsWith("--profile=")))
    throw new UsageError(
      "the emulator has no --profile (to AWS tools it names a credentials profile); choose the transition delays with --delays fast|realistic.",
    );
  const values = parseFlags(argv, OPTIONS);
  const port = values.port === undefined ? DEFAULT_EMULATOR_PORT : readInteger(values.port);
  if (port === undefined || port < 0 || port > 65535)
    throw new UsageError(`--port must be a whole number from 0 to 65535, not ${values.port}.`);
  const seed = values.seed === undefined ? undefined : readInteger(values.seed);
  if (values.seed !== undefined && (seed === undefined || seed < 0))
    throw new UsageError(`--seed must be a whole number (0 or more), not ${values.seed}.`);
  const delays = values.delays ?? "fast";
  if (delays !== "fast" && delays !== "realistic")
    throw new UsageError(`--delays must be fast or realistic, not ${delays}.`);
  const factor = values.factor === undefined ? 1 : Number(values.factor);
  if (values.factor?.trim() === "" || !Number.isFinite(factor) || factor < 0)
    throw new UsageError(`--factor must be a non-negative number, not ${values.factor}.`);
  const unknownImages = values["unknown-images"] ?? "assume-listening";
  if (unknownImages !== "assume-listening" && unknownImages !== "fail")
    throw new UsageError(`--unknown-images must be assume-listening or fail, not ${unknownImages}.`);
  return {
    help: values.help === true,
    port,
    host: values.host,
    seed,
    delays,
    factor,
    appRunnerCustomer: values["not-apprunner-customer"] !== true,
    unknownImages,
  };
}

function readInteger(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) ? Number(text) : undefined;
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseEmulatorArgs(argv);
  if (args.help) {
    console.log(HELP);
    return;
  }
  const base = args.delays === "realistic" ? REALISTIC_PROFILE : FAST_PROFILE;
  let running: Awaited<ReturnType<typeof startEmulator>>;
  try {
    running = await startEmulator({
      port: args.port,
      ...(args.host === undefined ? {} : { host: args.host }),
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      delays: scaleProfile(base, args.factor),
      appRunnerCustomer: args.appRunnerCustomer,
      unknownImages: args.unknownImages,
    });
  } catch (error) {
    if ((error as { code?: string }).code === "EADDRINUSE")
      throw new UsageError(
        `port ${args.port} on ${args.host ?? "127.0.0.1"} is in use (another emulator?). Choose another with --port <n>, or --port 0 for a free one.`,
      );
    throw error;
  }
  console.log(running.url);
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`emulator: ${error.message}\nRun with --help for usage.`);
      process.exit(2);
    }
    console.error(`emulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  });
}
