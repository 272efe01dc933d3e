// A snapshot: everything one diagnosis needs, as data. The topology, the interfaces the traffic
// starts from (one per subnet, as the doctor traces them) and the destination. The doctor writes one
// with --export (the read-only Describe data it loaded); the guide's playground builds one from its
// controls or reads an exported one, and traces it in the browser with this same model.

import { traceEgress } from "./trace-egress.ts";
import type { Destination, SourceInterface, Topology, TraceResult } from "./types.ts";

export interface SnapshotSource {
  /** null for App Runner's DEFAULT egress: the path is AWS's, in no subnet of yours. */
  subnetId: string | null;
  availabilityZone: string | null;
  source: SourceInterface;
}

export interface EgressSnapshot {
  /** What was diagnosed, in one line ("VPC connector my-connector (2 subnets)"). */
  description: string;
  topology: Topology;
  sources: SnapshotSource[];
  destination: Destination;
}

/** The file `doctor --export` writes: a snapshot of what the doctor loaded, and its warnings. */
export const DOCTOR_EXPORT_FORMAT = { format: "apprunner-egress-lab/doctor-export", version: 1 } as const;

export interface DoctorExport extends EgressSnapshot {
  format: typeof DOCTOR_EXPORT_FORMAT.format;
  version: typeof DOCTOR_EXPORT_FORMAT.version;
  /** What the doctor warned about when it exported (some need App Runner's answers, not in the topology). */
  warnings: { code: string; message: string }[];
}

export type OverallVerdict = "reachable" | "unreachable" | "partial";

export interface SnapshotTrace extends SnapshotSource {
  trace: TraceResult;
}

/** Every source traced to the destination, in order, and the verdict over all of them. */
export function traceSnapshot(snapshot: EgressSnapshot): {
  verdict: OverallVerdict;
  traces: SnapshotTrace[];
} {
  const traces = snapshot.sources.map((entry) => ({
    ...entry,
    trace: traceEgress(snapshot.topology, entry.source, snapshot.destination),
  }));
  return { verdict: overallVerdict(traces.map((entry) => entry.trace)), traces };
}

/**
 * reachable when every subnet reaches the destination. "partial" covers both a mix of reaching and
 * failing subnets and any subnet whose path could not be followed (verdict "unknown"): then only part
 * of the answer is known. "unreachable" only when every subnet was followed to a failure.
 */
export function overallVerdict(subnets: { verdict: TraceResult["verdict"] }[]): OverallVerdict {
  const reaching = subnets.filter((subnet) => subnet.verdict === "reachable").length;
  const failing = subnets.filter((subnet) => subnet.verdict === "unreachable").length;
  if (reaching === subnets.length) return "reachable";
  return failing === subnets.length ? "unreachable" : "partial";
}
