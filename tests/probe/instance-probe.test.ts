import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { type AddressInfo, createServer as createTcpServer } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  findProbeResultInConsole,
  parseInstanceProbeScript,
  renderInstanceProbeScript,
} from "../../src/probe/index.ts";
import { startBlackhole } from "./start-blackhole.ts";

// Runs the user data script with bash against local ports, as an instance would at boot.

const run = promisify(execFile);
const tcp = createTcpServer((socket) => socket.end());
let checkip: Server;
let checkipUrl = "";
let openPort = 0;
let blackhole: Awaited<ReturnType<typeof startBlackhole>>;

beforeAll(async () => {
  await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
  openPort = (tcp.address() as AddressInfo).port;
  checkip = createServer((_req, res) => res.end("198.51.100.7\n"));
  await new Promise<void>((resolve) => checkip.listen(0, "127.0.0.1", resolve));
  checkipUrl = `http://127.0.0.1:${(checkip.address() as AddressInfo).port}/`;
  blackhole = await startBlackhole();
});

afterAll(() => {
  tcp.close();
  checkip?.close();
  blackhole?.close();
});

async function runProbe(host: string, port: number, repeat = 1): Promise<string> {
  const script = renderInstanceProbeScript({
    host,
    port,
    repeat,
    intervalSeconds: 0,
    timeoutSeconds: 1,
    checkipUrl,
    console: false,
  });
  const { stdout } = await run("bash", ["-c", script], { timeout: 20_000 });
  return stdout;
}

describe("instance probe script", () => {
  test("a listening port prints a line the labs can parse, with the checkip address", async () => {
    const stdout = await runProbe("localhost", openPort);
    expect(stdout).toMatch(/^EGRESS_PROBE_RESULT \{/);
    expect(findProbeResultInConsole(stdout)).toMatchObject({
      probe: "egress-probe/1",
      host: "localhost",
      port: openPort,
      dns: { ok: true, addresses: ["127.0.0.1"] },
      tcp: { ok: true, address: "127.0.0.1" },
      publicIp: { ok: true, address: "198.51.100.7" },
    });
  });

  test("a port that never answers reports ETIMEDOUT", async () => {
    const result = findProbeResultInConsole(await runProbe("127.0.0.1", blackhole.port));
    expect(result?.tcp).toMatchObject({ ok: false, error: "ETIMEDOUT" });
  });

  test("a closed port reports ECONNREFUSED", async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = findProbeResultInConsole(await runProbe("127.0.0.1", port));
    expect(result?.tcp).toMatchObject({ ok: false, error: "ECONNREFUSED" });
  });

  test("an unknown name reports ENOTFOUND for resolution and connect", async () => {
    const result = findProbeResultInConsole(await runProbe("no-such-host.invalid", 443));
    expect(result?.dns).toMatchObject({ ok: false, error: "ENOTFOUND" });
    expect(result?.tcp).toMatchObject({ ok: false, error: "ENOTFOUND" });
  });

  test("the probe repeats and the console reader takes the last line", async () => {
    const stdout = await runProbe("localhost", openPort, 2);
    expect(stdout.trim().split("\n")).toHaveLength(2);
    expect(findProbeResultInConsole(`boot noise\n${stdout}[  OK  ] done\n`)?.port).toBe(openPort);
  });

  test("the script names its host and port for the emulator", () => {
    const script = renderInstanceProbeScript({ host: "example.com", port: 443 });
    expect(parseInstanceProbeScript(script)).toEqual({ host: "example.com", port: 443 });
    expect(parseInstanceProbeScript("#!/bin/bash\necho hi\n")).toBeNull();
  });

  test("hosts with shell characters are refused", () => {
    expect(() => renderInstanceProbeScript({ host: "a;rm -rf /", port: 443 })).toThrow(/Invalid probe host/);
  });
});

describe("findProbeResultInConsole", () => {
  test("returns null when no line is complete", () => {
    expect(findProbeResultInConsole('EGRESS_PROBE_RESULT {"probe":"egress-probe/1","ho')).toBeNull();
  });
});
