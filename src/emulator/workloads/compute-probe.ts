// What the probe (src/probe) would answer if it ran on this interface now: name resolution, a TCP
// connect and the address checkip.amazonaws.com sees, all decided by the egress model over the
// emulated state at the moment of the request. A route added to a running stack changes the next
// answer, as in AWS. Timings are the ones the real probe would report: a few ms for what works, the
// probe's 5 s timeout for what times out (the emulator answers at once instead of waiting).

import { type SourceInterface, type Topology, type TraceResult, traceEgress } from "../../egress/index.ts";
import type { ProbeResult } from "../../probe/probe-result.ts";
import { resolveName } from "./resolve-name.ts";

export const PROBE_TIMEOUT_MS = 5_000;
const CHECKIP_HOST = "checkip.amazonaws.com";

export interface ComputedProbe {
  result: ProbeResult;
  /** The trace of the TCP connect (null when the name did not resolve). */
  trace: TraceResult | null;
}

export interface ProbeContext {
  topology: Topology;
  source: SourceInterface;
  /** Whether the resolver answers (the VPC's enableDnsSupport; always true for DEFAULT egress). */
  dnsSupport: boolean;
  now: number;
  /** The source address for DEFAULT egress, which the model leaves open (AWS-owned, not fixed). */
  defaultEgressAddress: () => string;
}

export function computeProbe(ctx: ProbeContext, host: string, port: number): ComputedProbe {
  const dns = resolveName(host, ctx.dnsSupport);
  let trace: TraceResult | null = null;
  let tcp: ProbeResult["tcp"];
  if (dns.ok) {
    const address = dns.addresses[0] as string;
    trace = traceEgress(ctx.topology, ctx.source, { address, protocol: "tcp", port, hostname: host });
    tcp =
      trace.verdict === "reachable"
        ? { ok: true, address, ms: 3 }
        : { ok: false, error: "ETIMEDOUT", ms: PROBE_TIMEOUT_MS };
  } else {
    tcp = { ok: false, error: dns.error, ms: 0 };
  }
  return {
    result: {
      probe: "egress-probe/1",
      host,
      port,
      dns: dns.ok ? { ok: true, addresses: dns.addresses, ms: 1 } : { ok: false, error: dns.error, ms: 1 },
      tcp,
      publicIp: computeCheckip(ctx),
      at: new Date(ctx.now).toISOString(),
    },
    trace,
  };
}

function computeCheckip(ctx: ProbeContext): ProbeResult["publicIp"] {
  const dns = resolveName(CHECKIP_HOST, ctx.dnsSupport);
  if (!dns.ok) return { ok: false, error: dns.error, ms: 1 };
  const trace = traceEgress(ctx.topology, ctx.source, {
    address: dns.addresses[0] as string,
    protocol: "tcp",
    port: 443,
    hostname: CHECKIP_HOST,
  });
  if (trace.verdict !== "reachable") return { ok: false, error: "ETIMEDOUT", ms: PROBE_TIMEOUT_MS };
  return { ok: true, address: trace.sourceAddress ?? ctx.defaultEgressAddress(), ms: 40 };
}
