import { spawn } from "node:child_process";
import { connect, createServer } from "node:net";
import { describe, expect, test } from "vitest";
import { runNodeImage } from "../../src/emulator/workloads/service-health.ts";
import { SPLIT_RULES, splitCommand } from "../../src/emulator/workloads/split-command.ts";
import { buildProbeAppEnvironment, PROBE_APP_SOURCE } from "../../src/probe/index.ts";

// The probe app as the App Runner service starts it, with the real Node (this project's Node 24,
// as in the node:24-alpine image): no StartCommand, so the image's default `node` runs with the
// service's environment and an empty standard input. Then the emulator's health model is checked
// against the real Node: for each StartCommand and each way App Runner might split it
// (src/emulator/workloads/split-command.ts), the model and Node agree on whether and where it listens.

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Runs `words` (the first one `node`) with the real Node and this environment, stdin empty as in a
 * container: the port it listens on after start-up, or null when it exits or never listens.
 */
async function runWithRealNode(words: string[], env: Record<string, string>, port: number) {
  const child = spawn(process.execPath, words.slice(1), {
    env: { PATH: process.env["PATH"] ?? "", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  try {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      if (await canConnect(port)) {
        const reply = await fetch(`http://127.0.0.1:${port}/`);
        return { listens: true, body: await reply.text() };
      }
      if (exited) return { listens: false, body: "" };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { listens: false, body: "" };
  } finally {
    child.kill();
  }
}

const environment = buildProbeAppEnvironment();
const legacyEnvironment = { PROBE_APP_B64: Buffer.from(PROBE_APP_SOURCE, "utf8").toString("base64") };

describe("starting the probe app", () => {
  test("the image's default `node` with the service's environment answers on the port", async () => {
    const port = await freePort();
    const result = await runWithRealNode(["node"], environment, port);
    expect(result).toEqual({ listens: true, body: "ok" });
  });

  test("NODE_OPTIONS holds one word: no space, no quote", () => {
    expect(environment["NODE_OPTIONS"]).toMatch(/^--import=data:text\/javascript;base64,[A-Za-z0-9+/=]+$/);
  });

  const cases: { name: string; command: string; env: Record<string, string> }[] = [
    { name: "no StartCommand (the image's CMD)", command: "node", env: environment },
    { name: "node with no program and no NODE_OPTIONS", command: "node", env: {} },
    {
      name: "the module on the command line",
      command: `node ${environment["NODE_OPTIONS"]}`,
      env: {},
    },
    {
      name: "the earlier quoted command",
      command: `node -e "eval(Buffer.from(process.env.PROBE_APP_B64,'base64').toString())"`,
      env: legacyEnvironment,
    },
    {
      name: "the same command without quotes",
      command: "node -e eval(Buffer.from(process.env.PROBE_APP_B64,'base64').toString())",
      env: legacyEnvironment,
    },
  ];
  for (const { name, command, env } of cases) {
    for (const rule of SPLIT_RULES) {
      test(`${name}, split ${rule}: the emulator's model agrees with the real Node`, async () => {
        const words = splitCommand(command, rule);
        expect(words).not.toBeNull();
        const port = await freePort();
        const real = await runWithRealNode(words as string[], env, port);
        const model = runNodeImage(words as string[], { environment: { ...env, PORT: String(port) } });
        expect({ listens: "port" in model, port: "port" in model ? model.port : null }).toEqual({
          listens: real.listens,
          port: real.listens ? port : null,
        });
      });
    }
  }
});
