// The answer of one egress probe, as the probe app (App Runner), the instance probe script (EC2
// user data) and the emulator all print it. One JSON object; the labs read it back with
// parseProbeResult / findProbeResultInConsole.

/** A step that worked: how long it took, and what it found. */
export type ProbeStep<Extra> =
  | ({ ok: true } & Extra & { ms: number })
  | { ok: false; error: string; ms: number };

export interface ProbeResult {
  /** Format marker, bumped if the shape ever changes incompatibly. */
  probe: "egress-probe/1";
  host: string;
  port: number;
  /** Name resolution (dns.lookup, all IPv4 addresses). error: ENOTFOUND, EAI_AGAIN, ETIMEDOUT... */
  dns: ProbeStep<{ addresses: string[] }>;
  /**
   * TCP connect to the first resolved address. error: ETIMEDOUT (no answer within the timeout),
   * ECONNREFUSED, EHOSTUNREACH...; when name resolution failed, the same error as dns.
   */
  tcp: ProbeStep<{ address: string }>;
  /** The address the internet saw: GET https://checkip.amazonaws.com. */
  publicIp: ProbeStep<{ address: string }>;
  /** ISO 8601 time of the probe, as the probing host's clock saw it. */
  at: string;
}

/** The console line prefix of the instance probe: `EGRESS_PROBE_RESULT {json}`. */
export const PROBE_RESULT_PREFIX = "EGRESS_PROBE_RESULT";

/** Parses and checks a probe answer (the body of GET /probe, or one console line's JSON). */
export function parseProbeResult(text: string): ProbeResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`Probe answer is not JSON: ${text.slice(0, 200)}`);
  }
  const problem = findShapeProblem(value);
  if (problem !== null)
    throw new Error(`Probe answer has an unexpected shape (${problem}): ${text.slice(0, 200)}`);
  return value as ProbeResult;
}

/** The last `EGRESS_PROBE_RESULT {json}` line of an EC2 console output (decoded text), or null. */
export function findProbeResultInConsole(consoleOutput: string): ProbeResult | null {
  const lines = consoleOutput.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    const at = line.indexOf(`${PROBE_RESULT_PREFIX} {`);
    if (at === -1) continue;
    try {
      return parseProbeResult(line.slice(at + PROBE_RESULT_PREFIX.length + 1).trim());
    } catch {
      // A line cut by the console buffer: try the one before.
    }
  }
  return null;
}

function findShapeProblem(value: unknown): string | null {
  if (!isRecord(value)) return "not an object";
  if (value["probe"] !== "egress-probe/1") return "probe";
  if (typeof value["host"] !== "string") return "host";
  if (typeof value["port"] !== "number") return "port";
  if (typeof value["at"] !== "string") return "at";
  for (const [name, field] of [
    ["dns", "addresses"],
    ["tcp", "address"],
    ["publicIp", "address"],
  ] as const) {
    const step = value[name];
    if (!isRecord(step) || typeof step["ok"] !== "boolean" || typeof step["ms"] !== "number") return name;
    if (step["ok"] === false && typeof step["error"] !== "string") return `${name}.error`;
    if (step["ok"] === true && step[field] === undefined) return `${name}.${field}`;
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
