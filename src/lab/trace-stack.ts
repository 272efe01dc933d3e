// The traced path for the lab's workload: the doctor's topology loader reads the VPC as it is now,
// and the egress model says which hops a connection from the first private subnet takes and why.

import { loadTopology } from "../aws/load-topology.ts";
import { INTERNET_STAND_IN } from "../aws/resolve-destination.ts";
import { type Destination, formatTrace, type TraceResult, traceEgress } from "../egress/index.ts";
import type { LabContext } from "./lab-context.ts";
import { PROBE_DESTINATION } from "./probe-destination.ts";
import { requireCreated, type StackState } from "./stack-state.ts";

export interface StackTrace {
  result: TraceResult;
  lines: string[];
}

export async function traceStack(
  ctx: LabContext,
  state: StackState,
  workloadLabel: string,
  resolvedAddress: string | undefined,
  privateIp?: string,
): Promise<StackTrace> {
  const vpcId = requireCreated(state, "vpc").id;
  const subnet = requireCreated(state, "private-subnet-1");
  const group = requireCreated(state, "security-group");
  const { topology } = await loadTopology(ctx.clients.ec2, { vpcIds: [vpcId] });
  const destination: Destination = {
    // No probe resolved the name (workload none): routing treats every public address alike, so the
    // doctor's documentation address stands in, and the title says it is a stand-in.
    address: resolvedAddress ?? INTERNET_STAND_IN,
    protocol: "tcp",
    port: PROBE_DESTINATION.port,
    hostname: PROBE_DESTINATION.host,
  };
  const result = traceEgress(
    topology,
    {
      mode: "vpc",
      subnetId: subnet.id,
      securityGroupIds: [group.id],
      hasPublicIp: false,
      label: workloadLabel,
      ...(privateIp === undefined ? {} : { privateIp }),
    },
    destination,
  );
  const title = `${subnet.id} (${subnet.facts.availabilityZone ?? "?"}) -> tcp ${destination.port} to ${PROBE_DESTINATION.host} (${destination.address}${
    resolvedAddress === undefined ? ", a stand-in public address" : ""
  })`;
  return { result, lines: formatTrace(result, { title }) };
}
