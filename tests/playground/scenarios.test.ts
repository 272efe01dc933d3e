import { describe, expect, test } from "vitest";
import { traceEgress } from "../../src/egress/index.ts";
import { buildScenario } from "../../src/playground/build-scenario.ts";
import {
  CONTROL_NAMES,
  CONTROL_VALUES,
  type Controls,
  FIXED_CONTROLS,
  readControls,
  writeControls,
} from "../../src/playground/controls.ts";
import { diagnoseScenario } from "../../src/playground/diagnose.ts";
import { findPreset, PRESETS } from "../../src/playground/presets.ts";

/** Each preset's outcome as the model gives it: overall verdict, then each subnet's reason code (or "reachable"). */
const EXPECTED: Record<string, { verdict: string; outcomes: string[]; warnings: string[] }> = {
  fixed: { verdict: "reachable", outcomes: ["reachable", "reachable"], warnings: [] },
  "public-subnet-trap": {
    verdict: "unreachable",
    outcomes: ["NO_PUBLIC_IP", "NO_PUBLIC_IP"],
    warnings: ["PUBLIC_SUBNET_CONNECTOR", "PUBLIC_SUBNET_CONNECTOR"],
  },
  "no-route": { verdict: "unreachable", outcomes: ["NO_ROUTE", "NO_ROUTE"], warnings: [] },
  "aws-api-no-route": { verdict: "unreachable", outcomes: ["NO_ROUTE", "NO_ROUTE"], warnings: [] },
  "one-az-route": { verdict: "partial", outcomes: ["reachable", "NO_ROUTE"], warnings: [] },
  "dns-off": {
    verdict: "reachable",
    outcomes: ["reachable", "reachable"],
    warnings: ["DNS_SUPPORT_DISABLED"],
  },
  "default-egress": { verdict: "reachable", outcomes: ["reachable"], warnings: [] },
  "s3-endpoint-only": { verdict: "unreachable", outcomes: ["NO_ROUTE", "NO_ROUTE"], warnings: [] },
  "nat-deleted": { verdict: "unreachable", outcomes: ["BLACKHOLE_ROUTE", "BLACKHOLE_ROUTE"], warnings: [] },
  "nat-private-subnet": {
    verdict: "unreachable",
    outcomes: ["NAT_SUBNET_NOT_PUBLIC", "NAT_SUBNET_NOT_PUBLIC"],
    warnings: [],
  },
  "igw-detached": {
    verdict: "unreachable",
    outcomes: ["IGW_NOT_ATTACHED", "IGW_NOT_ATTACHED"],
    warnings: [],
  },
  "nat-pending": {
    verdict: "unreachable",
    outcomes: ["NAT_NOT_AVAILABLE", "NAT_NOT_AVAILABLE"],
    warnings: [],
  },
  "sg-https-only": {
    verdict: "unreachable",
    outcomes: ["SG_EGRESS_DENIED", "SG_EGRESS_DENIED"],
    warnings: [],
  },
  "nacl-no-return": { verdict: "unreachable", outcomes: ["NACL_DENIED", "NACL_DENIED"], warnings: [] },
  "sg-no-outbound": {
    verdict: "unreachable",
    outcomes: ["SG_EGRESS_DENIED", "SG_EGRESS_DENIED"],
    warnings: [],
  },
  "one-nat": { verdict: "reachable", outcomes: ["reachable", "reachable"], warnings: ["SINGLE_AZ_NAT"] },
  "default-egress-database": {
    verdict: "unreachable",
    outcomes: ["DEFAULT_EGRESS_NO_VPC_ACCESS"],
    warnings: [],
  },
  "endpoint-sg-closed": {
    verdict: "unreachable",
    outcomes: ["ENDPOINT_SG_DENIED", "ENDPOINT_SG_DENIED"],
    warnings: [],
  },
  "sts-global-name": {
    verdict: "unreachable",
    outcomes: ["STS_GLOBAL_ENDPOINT", "STS_GLOBAL_ENDPOINT"],
    warnings: [],
  },
  "endpoint-private-dns-off": {
    verdict: "unreachable",
    outcomes: ["ENDPOINT_PRIVATE_DNS_OFF", "ENDPOINT_PRIVATE_DNS_OFF"],
    warnings: [],
  },
  "tgw-egress": { verdict: "reachable", outcomes: ["reachable", "reachable"], warnings: [] },
  "ipv6-only-host": {
    verdict: "unreachable",
    outcomes: ["SOURCE_IPV4_ONLY", "SOURCE_IPV4_ONLY"],
    warnings: [],
  },
  "firewall-no-onward-route": {
    verdict: "unreachable",
    outcomes: ["NO_ROUTE", "NO_ROUTE"],
    warnings: ["APPLIANCE_NOT_EVALUATED", "APPLIANCE_NOT_EVALUATED"],
  },
  "nat-instance-check-on": {
    verdict: "unreachable",
    outcomes: ["NAT_INSTANCE_SOURCE_DEST_CHECK", "NAT_INSTANCE_SOURCE_DEST_CHECK"],
    warnings: [],
  },
  "peering-no-return": {
    verdict: "unreachable",
    outcomes: ["PEERING_NO_RETURN_ROUTE", "PEERING_NO_RETURN_ROUTE"],
    warnings: [],
  },
  "tgw-s3-egress-endpoint": {
    verdict: "unreachable",
    outcomes: ["GATEWAY_ENDPOINT_THROUGH_TRANSIT", "GATEWAY_ENDPOINT_THROUGH_TRANSIT"],
    warnings: [],
  },
  "fargate-ecr-no-nat": { verdict: "unreachable", outcomes: ["NO_ROUTE", "NO_ROUTE"], warnings: [] },
  "peering-default-route": {
    verdict: "unreachable",
    outcomes: ["PEERING_NO_INTERNET", "PEERING_NO_INTERNET"],
    warnings: [],
  },
  "tgw-blackhole": {
    verdict: "unreachable",
    outcomes: ["TGW_BLACKHOLE_ROUTE", "TGW_BLACKHOLE_ROUTE"],
    warnings: [],
  },
  "tgw-no-return": {
    verdict: "unreachable",
    outcomes: ["TGW_NO_RETURN_ROUTE", "TGW_NO_RETURN_ROUTE"],
    warnings: [],
  },
  "regional-nat-no-zone": {
    verdict: "partial",
    outcomes: ["reachable", "REGIONAL_NAT_NO_ADDRESS_IN_ZONE"],
    warnings: [],
  },
  "regional-nat-no-igw": {
    verdict: "unreachable",
    outcomes: ["REGIONAL_NAT_NO_INTERNET_GATEWAY", "REGIONAL_NAT_NO_INTERNET_GATEWAY"],
    warnings: [],
  },
};

function outcome(controls: Controls) {
  const diagnosis = diagnoseScenario(buildScenario(controls));
  return {
    verdict: diagnosis.verdict,
    outcomes: diagnosis.traces.map((entry) => entry.trace.reason?.code ?? entry.trace.verdict),
    warnings: diagnosis.warnings.map((warning) => warning.code),
  };
}

describe("playground presets", () => {
  test("every preset has an expected outcome here, and ids are unique", () => {
    expect(PRESETS.map((preset) => preset.id).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(PRESETS.map((preset) => [preset.id, preset] as const))("%s gives its outcome", (id, preset) => {
    expect(outcome(preset.controls)).toEqual(EXPECTED[id]);
  });

  test("the public-subnet trap, moved to private subnets routed to the NAT gateway, is reachable through it", () => {
    const trap = findPreset("public-subnet-trap");
    if (trap === undefined) throw new Error("no public-subnet-trap preset");
    const fixed = diagnoseScenario(buildScenario({ ...trap.controls, subnets: "private", route: "nat" }));
    expect(fixed.verdict).toBe("reachable");
    for (const entry of fixed.traces) {
      const kinds = entry.trace.hops.map((hop) => hop.kind);
      expect(kinds).toContain("nat-gateway");
      expect(kinds.at(-1)).toBe("internet");
      expect(entry.trace.sourceAddress).toMatch(/^198\.51\.100\./);
    }
  });

  test("a Fargate task with a public IP in the public subnets does reach the internet, without the public-subnet warning", () => {
    expect(outcome({ ...FIXED_CONTROLS, subnets: "public", workload: "fargate-public-ip" })).toEqual({
      verdict: "reachable",
      outcomes: ["reachable", "reachable"],
      warnings: [],
    });
  });

  test("the S3 gateway endpoint carries S3 traffic without a NAT, and nothing else", () => {
    const s3 = { ...FIXED_CONTROLS, route: "none", s3Endpoint: "on", destination: "s3" } as const;
    const diagnosis = diagnoseScenario(buildScenario(s3));
    expect(diagnosis.verdict).toBe("reachable");
    expect(diagnosis.traces[0]?.trace.hops.map((hop) => hop.kind)).toContain("gateway-endpoint");
  });

  test("the database is reached locally, without any route to the internet", () => {
    expect(outcome({ ...FIXED_CONTROLS, route: "none", destination: "database" }).verdict).toBe("reachable");
  });

  test("a transit gateway route leads through the egress VPC: each AZ enters and leaves by its own NAT gateway, and the replies' way back is checked", () => {
    const diagnosis = diagnoseScenario(buildScenario({ ...FIXED_CONTROLS, route: "transit-gateway" }));
    expect(diagnosis.verdict).toBe("reachable");
    expect(diagnosis.traces.map((entry) => entry.trace.sourceAddress)).toEqual([
      "198.51.100.40",
      "198.51.100.41",
    ]);
    for (const [index, entry] of diagnosis.traces.entries()) {
      const zone = index === 0 ? "a" : "b";
      const hops = entry.trace.hops;
      expect(hops.map((hop) => hop.kind)).toContain("transit-gateway-attachment");
      expect(hops.find((hop) => hop.kind === "nat-gateway")?.id).toBe(`nat-egress-${zone}`);
      expect(hops.some((hop) => hop.kind === "transit-gateway" && hop.detail.startsWith("replies:"))).toBe(
        true,
      );
    }
  });

  test("the other ways out, working, and what their controls break, as the model says", () => {
    const cases: [Partial<Controls>, string[]][] = [
      [{ route: "firewall" }, ["reachable", "reachable"]],
      [{ route: "nat-instance" }, ["reachable", "reachable"]],
      [
        { route: "nat-instance", natInstanceState: "stopped" },
        ["NAT_INSTANCE_NOT_RUNNING", "NAT_INSTANCE_NOT_RUNNING"],
      ],
      [{ destination: "peered-database" }, ["reachable", "reachable"]],
      [
        { destination: "peered-database", peeringState: "pending-acceptance" },
        ["PEERING_NOT_ACTIVE", "PEERING_NOT_ACTIVE"],
      ],
      [{ destination: "ipv6-api" }, ["SOURCE_IPV4_ONLY", "SOURCE_IPV4_ONLY"]],
      [{ destination: "ipv6-api", workload: "fargate" }, ["SUBNET_NO_IPV6", "SUBNET_NO_IPV6"]],
      [{ route: "transit-gateway", tgwDefaultRoute: "none" }, ["TGW_NO_ROUTE", "TGW_NO_ROUTE"]],
      // The fixes the rows name: the image pull through an ECR endpoint, S3 through the VPC's own endpoint.
      [
        { workload: "fargate", route: "none", destination: "ecr", interfaceEndpoint: "ecr.dkr" },
        ["reachable", "reachable"],
      ],
      [{ route: "transit-gateway", s3Endpoint: "on", destination: "s3" }, ["reachable", "reachable"]],
      // A regional NAT gateway: working, a zone not added yet in automatic mode (unknown), not available.
      [{ route: "regional-nat" }, ["reachable", "reachable"]],
      [{ route: "regional-nat", regionalNatZones: "first" }, ["reachable", "REGIONAL_NAT_ZONE_EXPANDING"]],
      [{ route: "regional-nat", natState: "pending" }, ["NAT_NOT_AVAILABLE", "NAT_NOT_AVAILABLE"]],
    ];
    for (const [changes, outcomes] of cases) {
      expect(outcome({ ...FIXED_CONTROLS, ...changes }).outcomes, JSON.stringify(changes)).toEqual(outcomes);
    }
    const firewall = diagnoseScenario(buildScenario({ ...FIXED_CONTROLS, route: "firewall" }));
    expect(firewall.traces.map((entry) => entry.trace.sourceAddress)).toEqual([
      "198.51.100.20",
      "198.51.100.21",
    ]);
    // Each zone leaves with its own address.
    const regional = diagnoseScenario(buildScenario({ ...FIXED_CONTROLS, route: "regional-nat" }));
    expect(regional.traces.map((entry) => entry.trace.sourceAddress)).toEqual([
      "198.51.100.40",
      "198.51.100.41",
    ]);
    const natInstance = diagnoseScenario(buildScenario({ ...FIXED_CONTROLS, route: "nat-instance" }));
    expect(natInstance.traces.map((entry) => entry.trace.sourceAddress)).toEqual([
      "198.51.100.30",
      "198.51.100.30",
    ]);
  });

  test("the interface endpoint carries the service's traffic without a NAT when its group lets the workload in", () => {
    const controls = {
      ...FIXED_CONTROLS,
      route: "none",
      destination: "secretsmanager",
      interfaceEndpoint: "secretsmanager",
    } as const;
    const diagnosis = diagnoseScenario(buildScenario(controls));
    expect(diagnosis.verdict).toBe("reachable");
    expect(diagnosis.traces.map((entry) => entry.trace.hops.at(-1)?.id)).toEqual([
      "vpce-interface",
      "vpce-interface",
    ]);
    // The same endpoint for STS answers the regional name, not the global one (sts-global-name).
    expect(outcome({ ...controls, interfaceEndpoint: "sts", destination: "sts" }).verdict).toBe("reachable");
    // Private DNS needs the VPC's DNS hostnames attribute too.
    expect(outcome({ ...controls, dnsHostnames: "off" }).outcomes).toEqual([
      "ENDPOINT_PRIVATE_DNS_OFF",
      "ENDPOINT_PRIVATE_DNS_OFF",
    ]);
  });

  test("the page's numbers are the model's: each trace equals traceEgress on the built topology", () => {
    for (const preset of PRESETS) {
      const scenario = buildScenario(preset.controls);
      for (const entry of diagnoseScenario(scenario).traces) {
        expect(entry.trace).toEqual(traceEgress(scenario.topology, entry.source, scenario.destination));
      }
    }
  });
});

describe("playground controls", () => {
  test("every value of every control changes the situation (no control is decoration)", () => {
    // Some controls refine another one (the transit gateway's routes apply when the route goes to
    // it, the endpoint's DNS when there is an endpoint): each value must change the situation of
    // the fixed setup, of a preset, or of the fixed setup with one other control changed.
    const dead: string[] = [];
    const bases = [
      FIXED_CONTROLS,
      ...PRESETS.map((preset) => preset.controls),
      ...CONTROL_NAMES.flatMap((name) =>
        CONTROL_VALUES[name].map((value): Controls => ({ ...FIXED_CONTROLS, [name]: value })),
      ),
    ];
    for (const name of CONTROL_NAMES) {
      for (const value of CONTROL_VALUES[name]) {
        if (value === FIXED_CONTROLS[name]) continue;
        const changes = bases.some(
          (base) =>
            base[name] !== value &&
            JSON.stringify(buildScenario({ ...base, [name]: value })) !== JSON.stringify(buildScenario(base)),
        );
        if (!changes) dead.push(`${name}=${value}`);
      }
    }
    expect(dead).toEqual([]);
  });

  test("every value of every control goes into the URL and reads back, from the fixed setup and from each preset", () => {
    for (const base of [undefined, ...PRESETS]) {
      const start = base?.controls ?? FIXED_CONTROLS;
      for (const name of CONTROL_NAMES) {
        for (const value of CONTROL_VALUES[name]) {
          const changed: Controls = { ...start, [name]: value };
          const params = writeControls(changed, base);
          expect(params.get(name)).toBe(value === start[name] ? null : value);
          expect(readControls(new URLSearchParams(params.toString()), start)).toEqual({
            controls: changed,
            ignored: [],
          });
        }
      }
    }
  });

  test("the URL keeps the preset and only what differs from it, and reads back to the same controls", () => {
    for (const preset of PRESETS) {
      const changed: Controls = { ...preset.controls, destination: "database", nacl: "deny-outbound" };
      const params = writeControls(changed, preset);
      expect(params.get("preset")).toBe(preset.id);
      expect(readControls(params, preset.controls)).toEqual({ controls: changed, ignored: [] });
    }
    expect(writeControls(FIXED_CONTROLS).toString()).toBe("");
    expect(writeControls({ ...FIXED_CONTROLS, route: "none" }).toString()).toBe("route=none");
  });

  test("unknown controls and values in a URL are reported and leave the control as it was", () => {
    const { controls, ignored } = readControls(
      new URLSearchParams("route=carrier-pigeon&colour=red&igw=detached"),
    );
    expect(controls).toEqual({ ...FIXED_CONTROLS, igw: "detached" });
    expect(ignored).toEqual(["route=carrier-pigeon", "colour=red"]);
  });
});
