// doctor --export: the file holds what the doctor read, and tracing it again with the model (as the
// guide's playground does in a browser, src/playground/read-export.ts) gives exactly the doctor's
// answers for the same VPC, built in the emulator through the SDK.

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { traceSnapshot } from "../../src/egress/index.ts";
import { readDoctorExport } from "../../src/playground/read-export.ts";
import { type Harness, startHarness } from "./doctor-harness.ts";

let h: Harness;
const directory = mkdtempSync(join(tmpdir(), "doctor-export-"));
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  rmSync(directory, { recursive: true, force: true });
});

/** A VPC with one subnet that gets out through a NAT, one without a default route, and a public one. */
async function buildMixedVpc() {
  const net = await h.build.privateSubnetsWithNat(["us-east-1a"]);
  const isolated = await h.build.subnet(net.vpcId, "10.0.20.0/24", "us-east-1b");
  await h.build.routeTable(net.vpcId, [isolated], []);
  return [net.privateSubnetIds[0] ?? "", isolated, net.publicSubnetId];
}

describe("doctor --export", () => {
  test("the export traced again gives the same verdicts, hops, reasons and fixes as --json for the same VPC", async () => {
    const subnets = (await buildMixedVpc()).join(",");
    const file = join(directory, "mixed.json");
    const report = await h.doctor(["--subnets", subnets, "--json"]);
    const exported = await h.doctor(["--subnets", subnets, "--export", file]);
    expect(report.code).toBe(1);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain(`wrote ${file}`);

    const snapshot = readDoctorExport(readFileSync(file, "utf8"));
    const again = traceSnapshot(snapshot);
    expect(again.verdict).toBe("partial");
    expect(again.verdict).toBe(report.json?.verdict);
    // Field by field, whatever fields the JSON contract has: each is the trace's (absent means null).
    const json = (report.json?.subnets ?? []) as unknown as Record<string, unknown>[];
    expect(again.traces).toHaveLength(json.length);
    again.traces.forEach((entry, index) => {
      const trace = entry.trace as unknown as Record<string, unknown>;
      const fromExport: Record<string, unknown> = {
        subnetId: entry.subnetId,
        availabilityZone: entry.availabilityZone,
      };
      for (const key of Object.keys(json[index] ?? {}))
        if (!(key in fromExport)) fromExport[key] = trace[key] ?? null;
      expect(fromExport).toEqual(json[index]);
    });
    expect(report.json?.subnets.map((subnet) => subnet.reason?.code ?? subnet.verdict)).toEqual([
      "reachable",
      "NO_ROUTE",
      "NO_PUBLIC_IP",
    ]);
    expect(snapshot.warnings.map((warning) => warning.code)).toEqual(
      report.json?.warnings.map((warning) => warning.code),
    );
  });

  test("with --json, stdout stays the JSON report and the export goes to the file", async () => {
    const [subnet] = await buildMixedVpc();
    const file = join(directory, "with-json.json");
    const run = await h.doctor(["--subnets", subnet ?? "", "--json", "--export", file]);
    expect(run.code).toBe(0);
    expect(run.json?.verdict).toBe("reachable");
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({
      format: "apprunner-egress-lab/doctor-export",
      version: 1,
      sources: [{ subnetId: subnet }],
    });
  });

  test("a file that cannot be written is exit 2 with the reason, in JSON with --json, and leaves nothing", async () => {
    const [subnet] = await buildMixedVpc();
    const file = join(directory, "no-such-directory", "vpc.json");
    const run = await h.doctor(["--subnets", subnet ?? "", "--json", "--export", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot write the --export file ${file}`);
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: "error", error: { kind: "usage" } });
    expect(existsSync(file)).toBe(false);
  });

  test("--export with a template or plan is a usage error that says why (the file is already the input)", async () => {
    const file = join(directory, "template-export.json");
    for (const flag of ["--template", "--terraform-plan"]) {
      const run = await h.doctor([flag, "stack.json", "--export", file]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("with --template or --terraform-plan the file itself is the input");
    }
    expect(existsSync(file)).toBe(false);
  });

  test("an empty --export is a usage error before any AWS call, and --help documents the flag", async () => {
    const run = await h.doctor(["--subnets", "subnet-1", "--export", " "]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--export needs a value.");
    const help = await h.doctor(["--help"]);
    expect(help.stdout).toContain("--export");
  });
});
