// GetConsoleOutput of an emulated instance: nothing until the instanceConsoleOutput delay has passed
// since launch (AWS shows console output a few minutes after boot), then a few boot lines and one
// `EGRESS_PROBE_RESULT {json}` line per 30 s since then (at most the script's repeat count), for the
// host and port in the user data. Every line is computed from the state at the moment of the call
// (the emulator keeps no history), so a fix shows up in the next call's lines.

import { parseInstanceProbeScript } from "../../probe/instance-probe.ts";
import { PROBE_RESULT_PREFIX } from "../../probe/probe-result.ts";
import type { InstanceRecord } from "../ec2/records.ts";
import type { Ec2State } from "../ec2/state.ts";
import { ec2StateToTopology } from "../ec2/to-topology.ts";
import type { Emulator } from "../emulator.ts";
import { computeProbe } from "./compute-probe.ts";

const PROBE_INTERVAL_MS = 30_000;

export function renderConsoleOutput(
  emulator: Emulator,
  ec2: Ec2State,
  instance: InstanceRecord,
  now: number,
): string | null {
  const availableAt = instance.launchTime + emulator.clock.delays.instanceConsoleOutput;
  if (now < availableAt) return null;
  const lines = [
    "[    0.000000] Booting Linux on physical CPU 0x0000000000 [0x413fd0c1]",
    "[    0.000000] Linux version 6.1.155-176.282.amzn2023.aarch64 (emulated)",
    `[    4.120000] cloud-init[1612]: Cloud-init v. 22.2.2 running 'modules:final' (instance ${instance.instanceId})`,
  ];
  const probe = parseInstanceProbeScript(instance.userData);
  const stoppedAt = instance.terminateTime ?? now;
  if (probe !== null && stoppedAt >= availableAt) {
    const repeat = Number(/^PROBE_REPEAT=(\d+)$/m.exec(instance.userData)?.[1] ?? 10);
    const count = Math.min(repeat, 1 + Math.floor((stoppedAt - availableAt) / PROBE_INTERVAL_MS));
    const topology = ec2StateToTopology(ec2, now);
    const dnsSupport = topology.vpcs.find((v) => v.id === instance.vpcId)?.dnsSupport ?? true;
    for (let i = 0; i < count; i++) {
      const { result } = computeProbe(
        {
          topology,
          source: {
            mode: "vpc",
            subnetId: instance.subnetId,
            securityGroupIds: instance.groupIds,
            hasPublicIp: instance.publicIpAddress !== null,
            ...(instance.publicIpAddress ? { publicIp: instance.publicIpAddress } : {}),
            privateIp: instance.privateIpAddress,
            interfaceId: instance.networkInterfaceId,
            label: `EC2 instance ${instance.instanceId}`,
          },
          dnsSupport,
          now: availableAt + i * PROBE_INTERVAL_MS,
          defaultEgressAddress: () => instance.publicIpAddress ?? "",
        },
        probe.host,
        probe.port,
      );
      lines.push(`${PROBE_RESULT_PREFIX} ${JSON.stringify(result)}`);
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
