// The doctor's two outputs: the JSON contract (README "The doctor" and the guide's labs/doctor page; extra fields are
// extensions, the contract's fields keep their names) and a readable report built on formatTrace.

import {
  createEmptyTopology,
  DOCTOR_EXPORT_FORMAT,
  type DoctorExport,
  describeDestination,
  formatTrace,
} from "../egress/index.ts";
import type { Diagnosis } from "./diagnose-egress.ts";

export function toDoctorJson(diagnosis: Diagnosis): object {
  return {
    verdict: diagnosis.verdict,
    subnets: diagnosis.subnets.map((subnet) => ({
      subnetId: subnet.subnetId,
      availabilityZone: subnet.availabilityZone,
      verdict: subnet.verdict,
      hops: subnet.hops,
      reason: subnet.reason,
      fix: subnet.fix,
      change: subnet.change,
      sourceAddress: subnet.sourceAddress,
      ...(subnet.workload === undefined ? {} : { workload: subnet.workload }),
    })),
    warnings: diagnosis.warnings,
    source: { mode: diagnosis.mode, description: diagnosis.description },
    destination: diagnosis.destination,
  };
}

/**
 * What `--export` writes: the read-only Describe data the doctor loaded, as the model's topology, the
 * interfaces it traced and the destination, so the guide's playground can trace them again in a
 * browser and give the same verdicts (src/playground/read-export.ts reads it).
 */
export function toDoctorExport(diagnosis: Diagnosis): DoctorExport {
  return {
    ...DOCTOR_EXPORT_FORMAT,
    description: diagnosis.description,
    topology: diagnosis.topology ?? createEmptyTopology(),
    sources: diagnosis.sources,
    destination: diagnosis.destination,
    warnings: diagnosis.warnings,
  };
}

const VERDICT_TEXT: Record<Diagnosis["verdict"], string> = {
  reachable: "every subnet reaches the destination",
  unreachable: "no subnet reaches the destination",
  partial: "some subnets reach the destination, others do not",
};

export function formatDiagnosis(diagnosis: Diagnosis): string[] {
  const lines = [
    `Diagnosing ${diagnosis.description}`,
    `Destination: ${describeDestination(diagnosis.destination)}`,
    "",
  ];
  for (const subnet of diagnosis.subnets) {
    const where =
      subnet.subnetId === null
        ? "AWS-managed egress"
        : `${subnet.subnetId} (${subnet.availabilityZone ?? "?"})`;
    const title = subnet.workload === undefined ? where : `${subnet.workload.address}: ${where}`;
    const { change: _change, workload: _workload, ...trace } = subnet;
    lines.push(...formatTrace(trace, { title }), "");
  }
  const reaching = diagnosis.subnets.filter((subnet) => subnet.verdict === "reachable").length;
  const unknown = diagnosis.subnets.filter((subnet) => subnet.verdict === "unknown").length;
  lines.push(
    `Overall: ${diagnosis.verdict.toUpperCase()}: ${unknown > 0 ? `${unknown} subnet${unknown === 1 ? "'s path continues" : "s' paths continue"} where these credentials cannot read` : VERDICT_TEXT[diagnosis.verdict]} (${reaching} of ${diagnosis.subnets.length}).`,
  );
  if (diagnosis.warnings.length > 0) {
    lines.push("", "Warnings:");
    for (const warning of diagnosis.warnings) lines.push(`- ${warning.code}: ${warning.message}`);
  }
  return lines;
}
