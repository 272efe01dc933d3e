// HTTP requests that are not API calls: the URLs of running App Runner services. A request whose
// Host header is a RUNNING service's ServiceUrl (the labs connect to the emulator and send that Host,
// like curl --resolve) gets what the probe app (src/probe/probe-app.ts) would answer: GET / -> "ok",
// GET /probe?host=&port= -> a ProbeResult computed by the egress model from the state right now.
// With EgressType VPC each request leaves from one of the connector's ENIs, round-robin over its
// subnets; the response headers (not the body) say which. Unknown hosts get a 404, as App Runner's
// front end answers for a host it does not serve.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { SourceInterface } from "../../egress/index.ts";
import { ec2StateToTopology } from "../ec2/to-topology.ts";
import type { Emulator, RegionBackend } from "../emulator.ts";
import { sendReply } from "../send-reply.ts";
import { computeProbe } from "../workloads/compute-probe.ts";
import { defaultEgressAddress } from "../workloads/default-egress-address.ts";
import { findConnectorEni } from "./connector-enis.ts";
import { servingConfiguration } from "./service-status.ts";
import type { ServiceConfiguration, ServiceRecord } from "./state.ts";

/** Answers the request if it is for a service URL; false when it is not. */
export function serveWorkload(emulator: Emulator, req: IncomingMessage, res: ServerResponse): boolean {
  const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
  if (!host.endsWith(".awsapprunner.com")) return false;
  const now = emulator.clock.now();
  const found = findServing(emulator, host, now);
  if (found === null) {
    sendReply(res, 404, "text/plain", "404 page not found\n");
    return true;
  }
  const { backend, service, configuration } = found;
  const url = new URL(req.url ?? "/", "http://service");
  if (req.method === "GET" && url.pathname === "/") {
    sendReply(res, 200, "text/plain", "ok");
    return true;
  }
  if (req.method !== "GET" || url.pathname !== "/probe") {
    sendReply(res, 404, "text/plain", "not found");
    return true;
  }
  const target = url.searchParams.get("host") ?? "";
  const port = Number(url.searchParams.get("port") ?? 443);
  if (target === "" || !Number.isInteger(port) || port < 1 || port > 65535) {
    sendReply(
      res,
      400,
      "application/json",
      JSON.stringify({ error: "expected /probe?host=<name>&port=<1-65535>" }),
    );
    return true;
  }
  const sequence = service.requestCount++;
  const origin = chooseSource(backend, configuration, sequence);
  const topology = ec2StateToTopology(backend.ec2, now);
  const dnsSupport =
    origin.vpcId === null ? true : (topology.vpcs.find((v) => v.id === origin.vpcId)?.dnsSupport ?? true);
  const { result, trace } = computeProbe(
    {
      topology,
      source: origin.source,
      dnsSupport,
      now,
      defaultEgressAddress: () => defaultEgressAddress(sequence),
    },
    target,
    port,
  );
  const headers: Record<string, string> = { "x-emulator-egress": configuration.egress.EgressType };
  if (origin.source.mode === "vpc") {
    headers["x-emulator-subnet-id"] = origin.source.subnetId;
    if (origin.source.interfaceId) headers["x-emulator-network-interface-id"] = origin.source.interfaceId;
  }
  if (trace?.reason) headers["x-emulator-trace-reason"] = trace.reason.code;
  sendReply(res, 200, "application/json", JSON.stringify(result), headers);
  return true;
}

interface Serving {
  backend: RegionBackend;
  service: ServiceRecord;
  configuration: ServiceConfiguration;
}

function findServing(emulator: Emulator, host: string, now: number): Serving | null {
  for (const backend of emulator.regions()) {
    for (const service of backend.apprunner.services.values()) {
      if (service.url !== host) continue;
      const configuration = servingConfiguration(service, now);
      if (configuration !== null) return { backend, service, configuration };
    }
  }
  return null;
}

function chooseSource(
  backend: RegionBackend,
  configuration: ServiceConfiguration,
  sequence: number,
): { source: SourceInterface; vpcId: string | null } {
  const arn = configuration.egress.VpcConnectorArn;
  const connector = arn === undefined ? undefined : backend.apprunner.vpcConnectors.get(arn);
  if (
    configuration.egress.EgressType !== "VPC" ||
    connector === undefined ||
    connector.subnets.length === 0
  ) {
    return {
      source: { mode: "apprunner-default", label: "App Runner service (DEFAULT egress)" },
      vpcId: null,
    };
  }
  const subnetId = connector.subnets[sequence % connector.subnets.length] as string;
  const interfaceId = findConnectorEni(backend.apprunner, subnetId, connector.securityGroups);
  const eni = interfaceId === undefined ? undefined : backend.ec2.networkInterfaces.get(interfaceId);
  const vpcId = backend.ec2.subnets.get(subnetId)?.vpcId ?? null;
  return {
    source: {
      mode: "vpc",
      subnetId,
      securityGroupIds: connector.securityGroups,
      hasPublicIp: false,
      label: "App Runner VPC connector ENI",
      ...(eni ? { privateIp: eni.privateIpAddress, interfaceId: eni.networkInterfaceId } : {}),
    },
    vpcId,
  };
}
