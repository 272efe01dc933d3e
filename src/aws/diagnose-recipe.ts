// The doctor before deployment: every workload a CloudFormation template (cdk synth output too) or a
// Terraform plan declares, traced against the network the same file declares, with the egress model
// and the verdicts, reasons and fixes of an account diagnosis. The file's resources have synthetic
// IDs (src/recipes/synthetic-ids.ts); every ID in the output is mapped back to the logical ID or the
// Terraform address it stands for. Resources the file only refers to by ID (an existing subnet or VPC)
// are loaded from the account with the doctor's own loader when a loader is given and the calls
// succeed; otherwise each subnet that depends on them gets the verdict "unknown", saying what could
// not be resolved and why, rather than a guess.

import { findWarnings, overallVerdict, traceEgress } from "../egress/index.ts";
import type { Destination, Topology } from "../egress/types.ts";
import {
  listRecipeWorkloads,
  listWorkloadSources,
  type RecipeReading,
  type RecipeWorkload,
  routeTargetFromId,
  type WorkloadKind,
} from "../recipes/index.ts";
import type { Diagnosis, SubnetDiagnosis } from "./diagnose-egress.ts";
import type { LoadedTopology } from "./load-topology.ts";
import { DoctorInputError, type DoctorWarning } from "./resolve-doctor-input.ts";

export interface RecipeFile {
  /** "CloudFormation template" or "Terraform plan". */
  format: "cloudformation" | "terraform-plan";
  /** The path as the user gave it, for messages. */
  path: string;
  reading: RecipeReading;
  /**
   * Values the file leaves to deployment time that the reader could not resolve (a Terraform
   * plan's unknown values with no reference to follow), by the placeholder standing in for each.
   */
  unresolved?: Map<string, string>;
  /** For some placeholders: the values it can only be one of (read-terraform-plan.ts). */
  candidates?: Map<string, string[]>;
}

/** Loads existing resources by ID; a failure is reported per subnet, not thrown. */
export type LoadExisting = (options: { subnetIds: string[]; vpcIds: string[] }) => Promise<LoadedTopology>;

export interface DiagnoseRecipeOptions {
  file: RecipeFile;
  destination: Destination;
  /** Absent when no AWS call should be made: references to existing resources stay unresolved. */
  loadExisting?: LoadExisting;
  /** Why loadExisting is absent, for the message ("no AWS credentials are configured"). */
  noLoaderReason?: string;
}

/** What a subnet diagnosis names when it comes from a file. */
export interface WorkloadIdentity {
  kind: WorkloadKind;
  name: string;
  /** The logical ID or Terraform address. */
  address: string;
}

const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;

export async function diagnoseRecipe(options: DiagnoseRecipeOptions): Promise<Diagnosis> {
  const { file, destination } = options;
  const workloads = listRecipeWorkloads(file.reading);
  const what = file.format === "cloudformation" ? "template" : "plan";
  if (workloads.length === 0)
    throw new DoctorInputError(
      `${file.path} declares no workload the doctor can trace: no App Runner service using a VPC connector (EgressType VPC), no Lambda function with a VpcConfig, no ECS service with awsvpc networking.`,
      `Give the ${what} of the stack that holds the workload; to check subnets directly, use --subnets.`,
    );

  const topology = structuredClone(file.reading.topology);
  const names = nameSyntheticResources(file.reading, topology);
  const rename = (text: string) => renameIn(text, names, file.unresolved);

  // Existing resources: subnets the workloads use that the file does not declare, and VPCs that the
  // file's own subnets are placed in without declaring them.
  const declaredSubnets = new Set(topology.subnets.map((subnet) => subnet.id));
  const declaredVpcs = new Set(topology.vpcs.map((vpc) => vpc.id));
  const externalSubnets = [...new Set(workloads.flatMap((workload) => workload.subnetIds))].filter(
    (id) => !declaredSubnets.has(id) && SUBNET_ID.test(id),
  );
  const externalVpcs = [
    ...new Set(topology.subnets.map((subnet) => subnet.vpcId).filter((id) => !declaredVpcs.has(id))),
  ].filter((id) => VPC_ID.test(id));
  let loadFailure: string | null = null;
  if (externalSubnets.length > 0 || externalVpcs.length > 0) {
    if (options.loadExisting === undefined) {
      loadFailure = options.noLoaderReason ?? "no AWS account was asked";
    } else {
      try {
        const loaded = await options.loadExisting({ subnetIds: externalSubnets, vpcIds: externalVpcs });
        mergeTopology(topology, loaded.topology);
      } catch (error) {
        loadFailure = error instanceof Error ? error.message : String(error);
      }
    }
  }

  const warnings: DoctorWarning[] = [];
  const subnets: SubnetDiagnosis[] = [];
  for (const workload of workloads) {
    const identity: WorkloadIdentity = {
      kind: workload.kind,
      name: workload.name,
      address: workload.address,
    };
    const traced: string[] = [];
    for (const source of listWorkloadSources(workload)) {
      const missing = findMissing(topology, workload, source.subnetId);
      const subnet = topology.subnets.find((candidate) => candidate.id === source.subnetId);
      if (missing.length > 0) {
        const placeholders = [...(file.unresolved?.keys() ?? [])].filter((token) =>
          missing.some((item) => item.includes(token)),
        );
        const cause =
          placeholders.length > 0
            ? "whose value the doctor cannot know before deployment"
            : `which the ${what} does not declare and ${loadFailure === null ? "the account does not hold" : `could not be loaded from the account (${loadFailure})`}`;
        subnets.push({
          subnetId: names.get(source.subnetId) ?? rename(source.subnetId),
          availabilityZone: subnet?.availabilityZone ?? null,
          verdict: "unknown",
          hops: [],
          reason: {
            code: "UNRESOLVED_REFERENCE",
            message: rename(
              `${workload.address} uses ${missing.join(" and ")}, ${cause}: its egress cannot be decided.`,
            ),
          },
          fix:
            placeholders.length > 0
              ? "Check the deployed workload with --service, --lambda-function, --ecs-service or --subnets, or write the IDs into the template."
              : loadFailure === null
                ? rename(`Check the IDs ${workload.address} uses.`)
                : "Run the doctor where read-only AWS credentials for the target account and region are available (scripts/doctor-iam-policy.json), or declare these resources in the same stack.",
          change: null,
          sourceAddress: null,
          workload: identity,
        });
        continue;
      }
      traced.push(source.subnetId);
      let trace = traceEgress(topology, source, destination);
      // A path through a value the plan leaves unknown (a route target, say) decides nothing, unless
      // the value is one of a few candidates and every candidate gives the same verdict and reason.
      const placeholders = [...(file.unresolved?.keys() ?? [])].filter((token) =>
        JSON.stringify(trace).includes(token),
      );
      const agreed =
        placeholders.length > 0 ? traceCandidates(file, topology, source, destination, placeholders) : null;
      if (agreed !== null) {
        trace = agreed.trace;
        warnings.push({
          code: "PLAN_VALUE_CANDIDATES",
          message: rename(
            `The path from ${workload.address} in ${source.subnetId} goes through ${agreed.described.join(" and ")}; the doctor traced every candidate (${agreed.count} paths) and all give the same verdict${trace.reason === null ? "" : ` (${trace.reason.code})`}. The hops show the first: ${agreed.first.join(", ")}.`,
          ),
        });
      } else if (placeholders.length > 0) {
        subnets.push({
          subnetId: names.get(source.subnetId) ?? source.subnetId,
          availabilityZone: subnet?.availabilityZone ?? null,
          verdict: "unknown",
          hops: trace.hops.map((hop) => renameDeep(hop, rename)),
          reason: {
            code: "UNRESOLVED_REFERENCE",
            message: `The path from ${workload.address} depends on ${placeholders.map((token) => file.unresolved?.get(token) ?? token).join(" and ")}: the doctor cannot follow it in the plan, so this subnet's egress cannot be decided.`,
          },
          fix: "Refer to the resource directly (aws_nat_gateway.main[0].id rather than a conditional or a local), or run the doctor on the applied resources with --subnets.",
          change: null,
          sourceAddress: null,
          workload: identity,
        });
        continue;
      }
      subnets.push({
        subnetId: names.get(source.subnetId) ?? source.subnetId,
        availabilityZone: subnet?.availabilityZone ?? null,
        verdict: trace.verdict,
        hops: trace.hops.map((hop) => renameDeep(hop, rename)),
        reason: trace.reason === null ? null : { ...trace.reason, message: rename(trace.reason.message) },
        fix: trace.fix === null ? null : rename(trace.fix),
        // The structured change names the file's resources too (their synthetic IDs mean nothing).
        change: trace.change === undefined ? null : renameDeep(trace.change, rename),
        // A synthetic Elastic IP is no address anyone will see: named, not shown.
        sourceAddress:
          trace.sourceAddress === null ? null : names.has(trace.sourceAddress) ? null : trace.sourceAddress,
        workload: identity,
      });
    }
    if (workload.securityGroupIds.length === 0 && traced.length > 0)
      warnings.push({
        code: "DEFAULT_SECURITY_GROUP",
        message: `${workload.address} names no security groups: traced with the VPC's default group, which AWS gives an interface created without groups.`,
      });
    // The warnings are about interfaces without a public IP (a public subnet gives them nothing).
    if (!workload.hasPublicIp)
      for (const warning of findWarnings(topology, traced, {
        subject: `${describeKind(workload.kind)} ${workload.address}`,
      }))
        warnings.push({ code: warning.code, message: rename(warning.message) });
  }

  return {
    verdict: overallVerdict(subnets),
    subnets,
    warnings,
    description: `${workloads.length} workload${workloads.length === 1 ? "" : "s"} in ${file.format === "cloudformation" ? "CloudFormation template" : "Terraform plan"} ${file.path}: ${workloads.map((workload) => `${describeKind(workload.kind)} ${workload.address}`).join(", ")}`,
    mode: "vpc",
    destination,
    topology,
    // Not exported: the file's synthetic IDs would not name anything (run-doctor refuses --export here).
    sources: [],
  };
}

export function describeKind(kind: WorkloadKind): string {
  switch (kind) {
    case "apprunner-vpc-connector":
      return "App Runner VPC connector";
    case "lambda-function":
      return "Lambda function";
    case "ecs-service":
      return "ECS service";
  }
}

/** Above this many combinations of candidate values, the doctor does not try them all. */
const MAX_CANDIDATE_PATHS = 64;

/**
 * Traces a source once per combination of the candidate values its path goes through. Returns the
 * first combination's trace when every combination gives the same verdict and reason code, else null.
 */
function traceCandidates(
  file: RecipeFile,
  topology: Topology,
  source: ReturnType<typeof listWorkloadSources>[number],
  destination: Destination,
  tokens: string[],
): { trace: ReturnType<typeof traceEgress>; count: number; described: string[]; first: string[] } | null {
  const choices = tokens.map((token) => file.candidates?.get(token) ?? []);
  if (choices.some((values) => values.length === 0)) return null;
  const count = choices.reduce((product, values) => product * values.length, 1);
  if (count > MAX_CANDIDATE_PATHS) return null;
  const text = JSON.stringify(topology);
  let first: ReturnType<typeof traceEgress> | null = null;
  for (let combination = 0; combination < count; combination += 1) {
    let rest = combination;
    let replaced = text;
    for (const [index, token] of tokens.entries()) {
      const values = choices[index] ?? [];
      replaced = replaced.replaceAll(token, values[rest % values.length] ?? token);
      rest = Math.floor(rest / values.length);
    }
    const candidate = JSON.parse(replaced) as Topology;
    // A route whose target was a placeholder was read as "other": its kind follows the real ID.
    for (const table of candidate.routeTables)
      for (const route of table.routes)
        if (route.target.kind === "other")
          route.target = routeTargetFromId(route.target.id, route.target.type);
    const trace = traceEgress(candidate, source, destination);
    if (first === null) first = trace;
    else if (trace.verdict !== first.verdict || trace.reason?.code !== first.reason?.code) return null;
  }
  if (first === null) return null;
  return {
    trace: first,
    count,
    described: tokens.map(
      (token) =>
        `${file.unresolved?.get(token) ?? token}, one of ${(file.candidates?.get(token) ?? []).join(", ")}`,
    ),
    first: choices.map((values) => values[0] ?? ""),
  };
}

/** What a source needs that the topology lacks: its subnet, its VPC, or one of its security groups. */
function findMissing(topology: Topology, workload: RecipeWorkload, subnetId: string): string[] {
  const subnet = topology.subnets.find((candidate) => candidate.id === subnetId);
  if (subnet === undefined) return [`subnet ${subnetId}`];
  const missing: string[] = [];
  if (!topology.vpcs.some((vpc) => vpc.id === subnet.vpcId)) missing.push(`VPC ${subnet.vpcId}`);
  for (const groupId of workload.securityGroupIds)
    if (!topology.securityGroups.some((group) => group.id === groupId))
      missing.push(`security group ${groupId}`);
  return missing;
}

/** Adds what was loaded from the account; the file's own resources win where IDs meet. */
function mergeTopology(into: Topology, loaded: Topology): void {
  const key = (item: object): string =>
    "id" in item
      ? String(item.id)
      : "allocationId" in item
        ? String(item.allocationId)
        : JSON.stringify(item);
  const target = into as unknown as Record<string, object[] | undefined>;
  for (const [name, extra] of Object.entries(loaded)) {
    if (!Array.isArray(extra)) continue;
    const list = target[name] ?? [];
    const known = new Set(list.map(key));
    for (const item of extra as object[]) if (!known.has(key(item))) list.push(item);
    target[name] = list;
  }
}

/**
 * Synthetic ID (and synthetic Elastic IP address) -> the name the file gives it. What AWS creates
 * with every VPC (finishTopology: main route table, default network ACL, default security group)
 * is named after the VPC.
 */
function nameSyntheticResources(reading: RecipeReading, topology: Topology): Map<string, string> {
  const names = new Map<string, string>();
  for (const [address, id] of Object.entries(reading.ids)) names.set(id, address);
  for (const eip of topology.elasticIps) {
    const address = names.get(eip.allocationId);
    if (address !== undefined) names.set(eip.publicIp, address);
  }
  const vpcName = (vpcId: string) => names.get(vpcId) ?? vpcId;
  for (const table of topology.routeTables)
    if (table.main && !names.has(table.id)) names.set(table.id, `${vpcName(table.vpcId)}'s main route table`);
  for (const acl of topology.networkAcls)
    if (acl.isDefault && !names.has(acl.id)) names.set(acl.id, `${vpcName(acl.vpcId)}'s default network ACL`);
  for (const group of topology.securityGroups)
    if (group.name === "default" && !names.has(group.id))
      names.set(group.id, `${vpcName(group.vpcId)}'s default security group`);
  return names;
}

/** A copy of a value (a hop, with its route) with every string renamed. */
function renameDeep<T>(value: T, rename: (text: string) => string): T {
  if (typeof value === "string") return rename(value) as T;
  if (Array.isArray(value)) return value.map((item) => renameDeep(item, rename)) as T;
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, renameDeep(item, rename)]),
    ) as T;
  return value;
}

function renameIn(text: string, names: Map<string, string>, unresolved?: Map<string, string>): string {
  const all = new Map([...names, ...(unresolved ?? [])]);
  if (all.size === 0) return text;
  const pattern = new RegExp(
    `(?<![\\w.-])(${[...all.keys()]
      .sort((a, b) => b.length - a.length)
      .map((key) => key.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
      .join("|")})(?![\\w-]|\\.\\d)`,
    "g",
  );
  return text.replace(pattern, (match) => all.get(match) ?? match);
}
