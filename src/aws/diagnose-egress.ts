// The doctor's diagnosis, without the command line: resolve what the user named, load the topology
// in a constant number of Describe calls, trace every subnet (one per AZ, usually) to the
// destination with the egress model, and collect warnings. Read-only throughout.

import type { AppRunnerClient } from "@aws-sdk/client-apprunner";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { ECSClient } from "@aws-sdk/client-ecs";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { SnapshotSource } from "../egress/index.ts";
import { createEmptyTopology, findWarnings, overallVerdict, traceEgress } from "../egress/index.ts";
import type {
  Destination,
  Hop,
  Topology,
  TopologyChange,
  TraceResult,
  TraceWarning,
} from "../egress/types.ts";
import { loadTopology } from "./load-topology.ts";
import {
  type DoctorInput,
  DoctorInputError,
  type DoctorWarning,
  type ResolvedInput,
  resolveDoctorInput,
} from "./resolve-doctor-input.ts";

export interface SubnetDiagnosis {
  /** null for a service in DEFAULT egress mode: the path is App Runner's, not in any subnet of yours. */
  subnetId: string | null;
  availabilityZone: string | null;
  verdict: TraceResult["verdict"];
  hops: Hop[];
  reason: TraceResult["reason"];
  fix: string | null;
  /** The fix as a structured change (egress model, applyChange), or null when the fix is advice only. */
  change: TopologyChange | null;
  /** The address the destination sees, when known (a NAT gateway's Elastic IP). */
  sourceAddress: string | null;
  /** For a template or plan: which of its workloads this subnet belongs to (diagnose-recipe.ts). */
  workload?: { kind: string; name: string; address: string };
  /** What the trace could not judge (TraceResult.warnings); also listed in Diagnosis.warnings. */
  warnings?: TraceWarning[];
}

export interface Diagnosis {
  verdict: "reachable" | "unreachable" | "partial";
  subnets: SubnetDiagnosis[];
  warnings: DoctorWarning[];
  /** What was diagnosed, in one line. */
  description: string;
  mode: ResolvedInput["mode"];
  destination: Destination;
  /** The loaded topology (vpc mode), for callers that want to show more. */
  topology: Topology | null;
  /** The interfaces traced, in the order of `subnets` (what `--export` writes with the topology). */
  sources: SnapshotSource[];
}

export interface DiagnoseOptions {
  ec2: EC2Client;
  appRunner: AppRunnerClient;
  lambda: LambdaClient;
  ecs: ECSClient;
  input: DoctorInput;
  destination: Destination;
}

const EMPTY_TOPOLOGY: Topology = createEmptyTopology();

export async function diagnoseEgress(options: DiagnoseOptions): Promise<Diagnosis> {
  const { destination } = options;
  const resolved = await resolveDoctorInput(options, options.input);
  const base = { description: resolved.description, mode: resolved.mode, destination };

  if (resolved.mode !== "vpc") {
    const source: SnapshotSource = {
      subnetId: null,
      availabilityZone: null,
      source: { mode: resolved.mode, label: resolved.interfaceLabel },
    };
    const trace = traceEgress(EMPTY_TOPOLOGY, source.source, destination);
    const subnets = [toDiagnosis(trace, null, null)];
    return {
      ...base,
      verdict: overallVerdict(subnets),
      subnets,
      warnings: resolved.warnings,
      topology: null,
      sources: [source],
    };
  }

  if (resolved.subnetIds.length === 0)
    throw new DoctorInputError(
      `${resolved.description} has no subnets.`,
      "A VPC connector needs at least one subnet.",
    );
  const { topology, subnets } = await loadTopology(options.ec2, { subnetIds: resolved.subnetIds });
  const warnings = [
    ...resolved.warnings,
    ...checkSecurityGroups(topology, resolved.securityGroupIds, subnets),
  ];

  const sources: SnapshotSource[] = subnets.map((subnet) => ({
    subnetId: subnet.id,
    availabilityZone: subnet.availabilityZone,
    source: {
      mode: "vpc",
      subnetId: subnet.id,
      securityGroupIds: resolved.securityGroupIds,
      hasPublicIp: resolved.interfacesHavePublicIp,
      label: resolved.interfaceLabel,
      ...(resolved.ipv4Only === true ? { ipv4Only: true } : {}),
    },
  }));
  const diagnoses = sources.map((entry) =>
    toDiagnosis(traceEgress(topology, entry.source, destination), entry.subnetId, entry.availabilityZone),
  );
  warnings.push(
    ...findWarnings(topology, resolved.subnetIds, {
      subject: resolved.subject,
      interfacesHavePublicIp: resolved.interfacesHavePublicIp,
      ...(resolved.publicIpAlternative === undefined
        ? {}
        : { publicIpAlternative: resolved.publicIpAlternative }),
    }),
  );
  warnings.push(...traceWarnings(diagnoses));
  return { ...base, verdict: overallVerdict(diagnoses), subnets: diagnoses, warnings, topology, sources };
}

/** Groups must exist in the subnets' VPC; none given means the VPC's default group, which we say. */
function checkSecurityGroups(
  topology: Topology,
  groupIds: string[],
  subnets: { vpcId: string }[],
): DoctorWarning[] {
  const vpcIds = new Set(subnets.map((subnet) => subnet.vpcId));
  for (const id of groupIds) {
    const group = topology.securityGroups.find((candidate) => candidate.id === id);
    if (group === undefined)
      throw new DoctorInputError(
        `Security group ${id} is not in ${[...vpcIds].join(", ")}, the VPC of the subnets.`,
        "Security groups must belong to the same VPC as the subnets; check the IDs.",
      );
  }
  if (groupIds.length > 0) return [];
  const defaults = topology.securityGroups.filter(
    (group) => vpcIds.has(group.vpcId) && group.name === "default",
  );
  return [
    {
      code: "DEFAULT_SECURITY_GROUP",
      message: `No security groups given: traced with the VPC's default group${defaults.length === 0 ? "" : ` ${defaults.map((group) => group.id).join(", ")}`}, which AWS gives an interface created without groups (App Runner too).`,
    },
  ];
}

/** Warnings the traces raised (an appliance endpoint passed unevaluated), once each. */
function traceWarnings(diagnoses: SubnetDiagnosis[]): DoctorWarning[] {
  const seen = new Map<string, DoctorWarning>();
  for (const diagnosis of diagnoses)
    for (const warning of diagnosis.warnings ?? []) seen.set(`${warning.code} ${warning.message}`, warning);
  return [...seen.values()];
}

function toDiagnosis(trace: TraceResult, subnetId: string | null, az: string | null): SubnetDiagnosis {
  return {
    ...(trace.warnings === undefined ? {} : { warnings: trace.warnings }),
    subnetId,
    availabilityZone: az,
    verdict: trace.verdict,
    hops: trace.hops,
    reason: trace.reason,
    fix: trace.fix,
    change: trace.change ?? null,
    sourceAddress: trace.sourceAddress,
  };
}
