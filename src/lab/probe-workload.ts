// Asks the running workload what happened when it tried to get out: the App Runner service over its
// URL (GET /probe), the instance through its console output (GetConsoleOutput, polled: AWS updates it
// with a lag). Against an emulator the service URL is reached through the emulator's own address with
// the service's host name in the Host header, like `curl --resolve`.

import { request as httpRequest } from "node:http";
import { GetConsoleOutputCommand } from "@aws-sdk/client-ec2";
import { findProbeResultInConsole, type ProbeResult, parseProbeResult } from "../probe/index.ts";
import { callAws } from "./aws-call.ts";
import { type LabContext, sleep, throwIfAborted } from "./lab-context.ts";
import { PROBE_DESTINATION } from "./probe-destination.ts";

export async function probeService(ctx: LabContext, serviceUrl: string): Promise<ProbeResult> {
  const path = `/probe?host=${encodeURIComponent(PROBE_DESTINATION.host)}&port=${PROBE_DESTINATION.port}`;
  const host = serviceUrl.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  const body =
    ctx.emulatorUrl === undefined
      ? await fetchText(`https://${host}${path}`, ctx.signal)
      : await getThroughEmulator(ctx.emulatorUrl, host, path, ctx.signal);
  return parseProbeResult(body);
}

async function fetchText(url: string, signal: AbortSignal): Promise<string> {
  // The probe itself waits up to 5 s per step; allow for that plus the round trip.
  const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]) });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  return text;
}

function getThroughEmulator(
  emulatorUrl: string,
  host: string,
  path: string,
  signal: AbortSignal,
): Promise<string> {
  const target = new URL(emulatorUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname: target.hostname, port: target.port, path, method: "GET", headers: { host }, signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if ((res.statusCode ?? 500) >= 400)
            reject(new Error(`GET ${host}${path} answered HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
          else resolve(text);
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/**
 * The newest probe line in the instance's console output, waiting for one newer than `after` (the
 * `at` of a result already seen) when given.
 */
export async function probeInstance(
  ctx: LabContext,
  instanceId: string,
  after?: string,
): Promise<ProbeResult> {
  const deadline = Date.now() + ctx.timing.consoleOutputMaxWaitMs;
  for (;;) {
    throwIfAborted(ctx.signal);
    const reply = await callAws(ctx, "ec2:GetConsoleOutput", (o) =>
      ctx.clients.ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId, Latest: true }), o),
    );
    const text = reply.Output === undefined ? "" : Buffer.from(reply.Output, "base64").toString("utf8");
    const result = findProbeResultInConsole(text);
    if (result !== null && (after === undefined || result.at > after)) return result;
    if (Date.now() > deadline) {
      throw new Error(
        `No ${after === undefined ? "" : "new "}probe result in the console output of ${instanceId} after ${Math.round(
          ctx.timing.consoleOutputMaxWaitMs / 1000,
        )} s (consoleOutputMaxWaitMs).`,
      );
    }
    await sleep(ctx.timing.pollIntervalMs, ctx.signal);
  }
}

/** What the probe showed, in the lab's terms. */
export type ProbeOutcome =
  | { kind: "no-egress"; resolved: boolean; error: string }
  | { kind: "egress"; publicIp: string }
  | { kind: "inconclusive"; detail: string };

export function classifyProbe(result: ProbeResult): ProbeOutcome {
  if (result.tcp.ok && result.publicIp.ok) return { kind: "egress", publicIp: result.publicIp.address };
  if (!result.tcp.ok && !result.publicIp.ok) {
    return { kind: "no-egress", resolved: result.dns.ok, error: result.tcp.error };
  }
  return {
    kind: "inconclusive",
    detail: `tcp ${result.tcp.ok ? "ok" : result.tcp.error}, checkip ${result.publicIp.ok ? "ok" : result.publicIp.error}`,
  };
}

export function describeProbe(result: ProbeResult): string[] {
  const dns = result.dns.ok
    ? `resolved to ${result.dns.addresses.join(", ")}`
    : `failed (${result.dns.error})`;
  const tcp = result.tcp.ok ? `connected to ${result.tcp.address}` : `failed (${result.tcp.error})`;
  const ip = result.publicIp.ok
    ? `the internet saw ${result.publicIp.address}`
    : `failed (${result.publicIp.error})`;
  return [
    `DNS ${result.host}: ${dns} (${result.dns.ms} ms)`,
    `TCP ${result.host}:${result.port}: ${tcp} (${result.tcp.ms} ms)`,
    `Public address check: ${ip} (${result.publicIp.ms} ms)`,
  ];
}
