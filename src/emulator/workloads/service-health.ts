// Does the container an App Runner service runs listen on ImageConfiguration.Port? App Runner's
// default health check is TCP on that port (API reference, HealthCheckConfiguration); a service
// whose app never listens there ends CREATE_FAILED. The emulator runs no containers, so it answers
// from a small catalogue of images whose behaviour is documented:
//
// - The official Node images (public.ecr.aws/docker/library/node:*): ENTRYPOINT
//   docker-entrypoint.sh (it puts `node` in front of a first argument that starts with "-") and
//   CMD ["node"]. Without a terminal `node` reads its program from standard input, which is empty
//   in a container, and exits: nothing listens unless the command line or NODE_OPTIONS starts a
//   server. The image holds no application files, so the only server the emulator can know is the
//   project's probe app (src/probe/probe-app.ts), recognised by its exact source, however it is
//   given: preloaded from NODE_OPTIONS or the command line (`--import`/`--require` with a data: URL)
//   or evaluated (`-e`), also through the loader that decodes it from an environment variable.
//   It listens on PORT (default 8080). Other code is not run: the emulator assumes it serves nothing.
// - AWS's sample image public.ecr.aws/aws-containers/hello-app-runner: listens on 8000 with its
//   default command (docs/FACTS.md; the deployment log in aws/apprunner-roadmap#128 shows App Runner's
//   health check on port 8000 for it). What it does with another StartCommand is not known.
// - Any other image, or a catalogue image the emulator cannot follow: an assumption. By default the
//   emulator assumes it listens on the port and says so in its log; `unknownImages: "fail"` makes it
//   fail instead (the strict choice, for tests that must not rely on the assumption).
//
// StartCommand: App Runner runs no shell and does not document its word splitting (./split-command.ts),
// so the command must start the server under both rules; the reason names the rule that fails.

import { PROBE_APP_SOURCE } from "../../probe/probe-app.ts";
import { SPLIT_RULES, splitCommand, splitNodeOptions } from "./split-command.ts";

export type UnknownImagePolicy = "assume-listening" | "fail";

export interface ServiceHealthInput {
  imageIdentifier: string;
  port: string;
  startCommand?: string;
  environment: Record<string, string>;
}

export interface ServiceHealth {
  listens: boolean;
  /** Why, in one sentence (the emulator's log; App Runner's event log says "Health check failed"). */
  reason: string;
  /** True when the answer is the unknown-image assumption rather than the catalogue. */
  assumed: boolean;
}

const NODE_IMAGE = /^public\.ecr\.aws\/docker\/library\/node(:[\w.-]+)?(@sha256:[0-9a-f]{64})?$/;
const HELLO_APP_RUNNER_IMAGE =
  /^public\.ecr\.aws\/aws-containers\/hello-app-runner(:[\w.-]+)?(@sha256:[0-9a-f]{64})?$/;
export const HELLO_APP_RUNNER_PORT = "8000";

export function assessServiceHealth(input: ServiceHealthInput, policy: UnknownImagePolicy): ServiceHealth {
  if (NODE_IMAGE.test(input.imageIdentifier)) return assessNodeImage(input);
  if (HELLO_APP_RUNNER_IMAGE.test(input.imageIdentifier) && input.startCommand === undefined) {
    return input.port === HELLO_APP_RUNNER_PORT
      ? { listens: true, reason: "hello-app-runner listens on 8000.", assumed: false }
      : {
          listens: false,
          reason: `hello-app-runner listens on ${HELLO_APP_RUNNER_PORT}, not on port ${input.port}.`,
          assumed: false,
        };
  }
  const what = HELLO_APP_RUNNER_IMAGE.test(input.imageIdentifier)
    ? `what ${input.imageIdentifier} does with StartCommand '${input.startCommand}' is not known to the emulator`
    : `${input.imageIdentifier} is not in the emulator's image catalogue`;
  return policy === "fail"
    ? { listens: false, reason: `${what}; failing it (unknownImages: fail).`, assumed: true }
    : {
        listens: true,
        reason: `${what}; assuming it listens on port ${input.port} (App Runner would check).`,
        assumed: true,
      };
}

function assessNodeImage(input: ServiceHealthInput): ServiceHealth {
  if (input.startCommand === undefined) {
    const port = runNode(["node"], input.environment);
    return verdict(port, input.port, "the image's default command (node)");
  }
  for (const rule of SPLIT_RULES) {
    const words = splitCommand(input.startCommand, rule);
    const port = words === null ? notRun("the command has an unclosed quote") : runNodeImage(words, input);
    const result = verdict(
      port,
      input.port,
      `StartCommand split ${rule === "whitespace" ? "on whitespace" : "like a shell"}`,
    );
    if (!result.listens) return result;
  }
  return {
    listens: true,
    reason: `the probe app listens on ${input.port} whichever way App Runner splits StartCommand.`,
    assumed: false,
  };
}

/** What a process in the Node image listens on: the probe app's port, or why nothing listens. */
export type Outcome = { port: number } | { none: string };

function notRun(why: string): Outcome {
  return { none: why };
}

function verdict(outcome: Outcome, wanted: string, how: string): ServiceHealth {
  if ("none" in outcome)
    return {
      listens: false,
      reason: `${how}: ${outcome.none}, so nothing listens on port ${wanted}.`,
      assumed: false,
    };
  if (String(outcome.port) !== wanted) {
    return {
      listens: false,
      reason: `${how}: the probe app listens on ${outcome.port}, not on port ${wanted}.`,
      assumed: false,
    };
  }
  return { listens: true, reason: `${how}: the probe app listens on ${wanted}.`, assumed: false };
}

/**
 * The Node image started with these words as its command (docker-entrypoint.sh: a first word that
 * starts with "-" gets `node` in front of it). Exported for the test that runs the same words with
 * the real Node.
 */
export function runNodeImage(words: string[], input: Pick<ServiceHealthInput, "environment">): Outcome {
  const argv = words[0]?.startsWith("-") ? ["node", ...words] : words;
  const program = argv[0] ?? "";
  if (program !== "node" && !program.endsWith("/node")) {
    return notRun(`'${program}' is not modelled by the emulator (it follows only node in this image)`);
  }
  return runNode(argv, input.environment);
}

/** What `node` does with these arguments and this environment: the probe app's port, or why none. */
function runNode(argv: string[], env: Record<string, string>): Outcome {
  const fromEnv = env["NODE_OPTIONS"] === undefined ? [] : splitNodeOptions(env["NODE_OPTIONS"]);
  if (fromEnv === null) return notRun("NODE_OPTIONS has an unclosed quote (node refuses to start)");
  const preloads: string[] = [];
  const options = [...fromEnv, ...argv.slice(1)];
  let code: string | undefined;
  let script: string | undefined;
  for (let i = 0; i < options.length; i++) {
    const word = options[i] as string;
    const fromArgv = i >= fromEnv.length;
    const [flag, inline] = word.startsWith("--") && word.includes("=") ? splitFlag(word) : [word, undefined];
    const value = () => inline ?? options[++i];
    if (flag === "--import" || flag === "--require" || flag === "-r") {
      const specifier = value();
      if (specifier === undefined) return notRun(`${flag} has no value (node refuses to start)`);
      preloads.push(specifier);
    } else if (fromArgv && (flag === "-e" || flag === "--eval" || flag === "-p" || flag === "--print")) {
      code = value();
      if (code === undefined) return notRun(`${flag} has no value (node refuses to start)`);
      break;
    } else if (fromArgv && !word.startsWith("-")) {
      script = word;
      break;
    }
  }
  const probeApp =
    preloads.some((specifier) => isProbeAppModule(specifier)) ||
    (code !== undefined && isProbeAppCode(code, env));
  if (script !== undefined) {
    return notRun(`node is asked to run ${script}, a file the image does not contain, and exits`);
  }
  if (!probeApp) {
    return notRun(
      code !== undefined
        ? "node evaluates code that is not the probe app (the emulator runs no other code) and exits"
        : "node reads its program from the empty standard input and exits",
    );
  }
  const port = Number(env["PORT"] ?? "8080");
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return notRun(`PORT '${env["PORT"]}' is not a port (the probe app fails to listen)`);
  return { port };
}

function splitFlag(word: string): [string, string] {
  const at = word.indexOf("=");
  return [word.slice(0, at), word.slice(at + 1)];
}

/** A data: URL module whose text is the probe app (base64 or percent-encoded). */
function isProbeAppModule(specifier: string): boolean {
  const match = /^data:(?:text|application)\/javascript(;base64)?,(.*)$/s.exec(specifier);
  if (match === null) return false;
  try {
    const text = match[1]
      ? Buffer.from(match[2] ?? "", "base64").toString("utf8")
      : decodeURIComponent(match[2] ?? "");
    return text === PROBE_APP_SOURCE;
  } catch {
    return false;
  }
}

/**
 * The probe app's source itself, or the loader the notebooks used before (it decodes the source
 * from an environment variable): `eval(Buffer.from(process.env.NAME,'base64').toString())`.
 */
function isProbeAppCode(code: string, env: Record<string, string>): boolean {
  if (code === PROBE_APP_SOURCE) return true;
  const loader =
    /^eval\(Buffer\.from\(process\.env\.([A-Za-z_][A-Za-z0-9_]*),\s*(['"])base64\2\)\.toString\(\)\)$/.exec(
      code,
    );
  const name = loader?.[1];
  if (name === undefined || env[name] === undefined) return false;
  return Buffer.from(env[name], "base64").toString("utf8") === PROBE_APP_SOURCE;
}
