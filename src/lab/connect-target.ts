// Turns the chosen target into clients: starts the embedded emulator when needed (in-process, on a
// free port), names the account, and asks before creating anything in a real AWS account.

import { createInterface } from "node:readline/promises";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { checkEndpointAnswers, parseEndpoint } from "../aws/check-endpoint.ts";
import { type AwsClients, createAwsClients, EMULATOR_CREDENTIALS } from "../aws/clients.ts";
import { UsageError } from "../aws/command-line.ts";
import { describeAwsError } from "../aws/errors.ts";
import type { Target } from "../aws/target.ts";
import { AWS_TIMING, EMULATOR_TIMING, type LabTiming } from "./lab-context.ts";
import type { Narrator } from "./narrator.ts";

export interface Connection {
  clients: AwsClients;
  timing: LabTiming;
  emulatorUrl: string | undefined;
  isRealAws: boolean;
  account: string;
  close: () => Promise<void>;
}

export interface ConnectOptions {
  target: Target;
  narrator: Narrator;
  env: NodeJS.ProcessEnv;
  yes: boolean;
  /** Can we ask a question? (stdin is a TTY) */
  canPrompt: boolean;
  /** Shown in the confirmation: "about $0.06 per hour". */
  costLine: string;
  what: string;
  input?: NodeJS.ReadableStream;
  /** Which command connects, for error hints (default "notebook"). */
  tool?: "notebook" | "cleanup";
}

export async function connectTarget(options: ConnectOptions): Promise<Connection> {
  const { target, narrator } = options;
  if (target.kind === "embedded") {
    const { startEmulator } = await import("../emulator/server.ts");
    const running = await startEmulator({ port: 0 });
    narrator.line(
      target.why === "forced"
        ? `Target: the embedded emulator at ${running.url} (--local; nothing is created in AWS).`
        : `Target: no AWS credentials found, so the embedded emulator at ${running.url} (nothing is created in AWS).`,
    );
    const clients = createAwsClients({ region: target.region, endpoint: running.url });
    return {
      clients,
      timing: EMULATOR_TIMING,
      emulatorUrl: running.url,
      isRealAws: false,
      account: running.emulator.accountId,
      close: async () => {
        clients.destroy();
        await running.close();
      },
    };
  }
  if (target.kind === "endpoint") {
    // Before any AWS call: a dead port or https:// to the emulator's HTTP port is a usage error.
    for (const variable of target.variables) {
      const value = options.env[variable] ?? "";
      await checkEndpointAnswers(variable, parseEndpoint(variable, value));
    }
    // A service-specific variable (AWS_ENDPOINT_URL_APPRUNNER...) wins over AWS_ENDPOINT_URL for
    // its service, as in the SDK and the CLI: then the SDK reads them all itself, and an explicit
    // endpoint here would override them.
    const perService = target.variables.some((name) => name !== "AWS_ENDPOINT_URL");
    const clients = createAwsClients({
      region: target.region,
      ...(target.endpoint === undefined || perService
        ? { credentials: EMULATOR_CREDENTIALS }
        : { endpoint: target.endpoint }),
    });
    const emulatorUrl = options.env["AWS_ENDPOINT_URL_APPRUNNER"] ?? target.endpoint;
    narrator.line(
      `Target: the endpoint from ${target.variables.join(", ")} (${perService ? "per service" : target.endpoint}), region ${target.region}.`,
    );
    return {
      clients,
      timing: EMULATOR_TIMING,
      emulatorUrl,
      isRealAws: false,
      account: "",
      close: async () => clients.destroy(),
    };
  }
  // Real AWS: refuse before any call when nobody can confirm.
  if (!options.yes && !options.canPrompt) {
    throw new UsageError(
      `Refusing to create resources in your AWS account (region ${target.region}, ${options.costLine}) without confirmation: ` +
        "this is not an interactive terminal. Pass --yes to confirm, --dry-run to see the plan, or --local to use the emulator.",
    );
  }
  const clients = createAwsClients({
    region: target.region,
    credentials: target.credentials,
    ...(target.profile === undefined ? {} : { profile: target.profile }),
  });
  let account: string;
  try {
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    account = identity.Account ?? "unknown";
    narrator.line(`Target: AWS account ${account} (${identity.Arn ?? "?"}), region ${target.region}.`);
  } catch (error) {
    clients.destroy();
    const described = describeAwsError(error, {
      action: "sts:GetCallerIdentity",
      region: target.region,
      tool: options.tool ?? "notebook",
    });
    throw new UsageError(`${described.message}${described.hint === "" ? "" : ` ${described.hint}`}`);
  }
  if (!options.yes) {
    const confirmed = await askYesNo(
      `Create ${options.what} in account ${account}, region ${target.region} (${options.costLine}), and delete it at the end? [y/N] `,
      options.input,
    );
    if (!confirmed) {
      clients.destroy();
      throw new UsageError("Not confirmed: nothing was created.");
    }
  }
  return {
    clients,
    timing: AWS_TIMING,
    emulatorUrl: undefined,
    isRealAws: true,
    account,
    close: async () => clients.destroy(),
  };
}

/** One line typed on the terminal (an MFA code), asked on stderr. */
export async function askLine(question: string, input?: NodeJS.ReadableStream): Promise<string> {
  const rl = createInterface({ input: input ?? process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/** For role profiles with mfa_serial: ask for the code when someone can answer, else nothing (the profile fails with what to do). */
export function mfaPrompt(
  canPrompt: boolean,
  input?: NodeJS.ReadableStream,
): { mfaCodeProvider?: (serial: string) => Promise<string> } {
  return canPrompt ? { mfaCodeProvider: (serial) => askLine(`MFA code for ${serial}: `, input) } : {};
}

/** One y/N question on stderr; anything but y/yes is no. */
export async function askYesNo(question: string, input?: NodeJS.ReadableStream): Promise<boolean> {
  const rl = createInterface({ input: input ?? process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
