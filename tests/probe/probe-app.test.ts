import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { type AddressInfo, createServer as createTcpServer } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PROBE_APP_SOURCE, parseProbeResult } from "../../src/probe/index.ts";
import { startBlackhole } from "./start-blackhole.ts";

// Runs the real probe app source with Node, as App Runner would, on a free local port.

let app: ChildProcess;
let appUrl = "";
let checkip: Server;
const tcp = createTcpServer((socket) => socket.end());
let openPort = 0;
let closedPort = 0;
let blackhole: Awaited<ReturnType<typeof startBlackhole>>;

async function listen(server: {
  listen: (port: number, host: string, cb: () => void) => unknown;
  address: () => unknown;
}) {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  openPort = await listen(tcp);
  blackhole = await startBlackhole();
  // A port that was just free: nothing listens there, so connects are refused.
  const probeClosed = createTcpServer();
  closedPort = await listen(probeClosed);
  await new Promise((resolve) => probeClosed.close(resolve));
  checkip = createServer((_req, res) => res.end("203.0.113.9\n"));
  const checkipPort = await listen(checkip);
  app = spawn(process.execPath, ["-e", PROBE_APP_SOURCE], {
    env: {
      ...process.env,
      PORT: "0",
      PROBE_TIMEOUT_MS: "300",
      PROBE_CHECKIP_URL: `http://127.0.0.1:${checkipPort}/`,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolve, reject) => {
    app.stdout?.on("data", (chunk: Buffer) => {
      const match = /listening on (\d+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    app.once("exit", (code) => reject(new Error(`probe app exited with ${code}`)));
  });
  appUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  app?.kill();
  blackhole?.close();
  tcp.close();
  checkip?.close();
});

async function probe(host: string, port: number) {
  const res = await fetch(`${appUrl}/probe?host=${host}&port=${port}`);
  expect(res.status).toBe(200);
  return parseProbeResult(await res.text());
}

describe("probe app", () => {
  test("GET / answers ok", async () => {
    const res = await fetch(`${appUrl}/`);
    expect(await res.text()).toBe("ok");
  });

  test("a listening port connects and the public address comes from checkip", async () => {
    const result = await probe("localhost", openPort);
    expect(result).toMatchObject({
      probe: "egress-probe/1",
      host: "localhost",
      port: openPort,
      dns: { ok: true, addresses: expect.arrayContaining(["127.0.0.1"]) },
      tcp: { ok: true, address: "127.0.0.1" },
      publicIp: { ok: true, address: "203.0.113.9" },
    });
    expect(Number.isNaN(Date.parse(result.at))).toBe(false);
  });

  test("a closed port is refused", async () => {
    const result = await probe("127.0.0.1", closedPort);
    expect(result.tcp).toMatchObject({ ok: false, error: "ECONNREFUSED" });
  });

  test("a port that never answers times out after the timeout", async () => {
    const result = await probe("127.0.0.1", blackhole.port);
    expect(result.tcp).toMatchObject({ ok: false, error: "ETIMEDOUT" });
    expect(result.tcp.ms).toBeGreaterThanOrEqual(250);
    expect(result.tcp.ms).toBeLessThan(3_000);
  });

  test("an unknown name fails resolution and the connect reports the same error", async () => {
    const result = await probe("no-such-host.invalid", 443);
    expect(result.dns).toMatchObject({ ok: false });
    expect(result.tcp).toMatchObject({ ok: false, ms: 0 });
    if (!result.dns.ok && !result.tcp.ok) expect(result.tcp.error).toBe(result.dns.error);
  });

  test("a probe without a host is a 400", async () => {
    const res = await fetch(`${appUrl}/probe?port=443`);
    expect(res.status).toBe(400);
  });
});
