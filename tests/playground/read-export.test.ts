import { describe, expect, test } from "vitest";
import { DOCTOR_EXPORT_FORMAT, traceSnapshot } from "../../src/egress/index.ts";
import { buildScenario } from "../../src/playground/build-scenario.ts";
import { FIXED_CONTROLS } from "../../src/playground/controls.ts";
import { ExportError, readDoctorExport } from "../../src/playground/read-export.ts";

function exportText(changes: Record<string, unknown> = {}): string {
  const { description, topology, sources, destination } = buildScenario({ ...FIXED_CONTROLS, route: "none" });
  return JSON.stringify({
    ...DOCTOR_EXPORT_FORMAT,
    description,
    topology,
    sources,
    destination,
    warnings: [],
    ...changes,
  });
}

describe("readDoctorExport", () => {
  test("reads an export into a snapshot the model traces", () => {
    const snapshot = readDoctorExport(exportText());
    expect(traceSnapshot(snapshot).traces.map((entry) => entry.trace.reason?.code)).toEqual([
      "NO_ROUTE",
      "NO_ROUTE",
    ]);
  });

  test("keeps fields it does not know, for a model that does", () => {
    const text = exportText();
    const data = JSON.parse(text);
    data.topology.transitGateways = [{ id: "tgw-1" }];
    const snapshot = readDoctorExport(JSON.stringify(data));
    expect((snapshot.topology as unknown as Record<string, unknown>)["transitGateways"]).toEqual([
      { id: "tgw-1" },
    ]);
  });

  test.each([
    ["not json", "this is not JSON"],
    ["[1, 2]", "holds no JSON object"],
    ['{"verdict": "unreachable", "subnets": []}', "doctor --json output is a result, not an export"],
    [exportText({ version: 2 }), "this page reads version 1"],
    [exportText({ topology: { vpcs: [] } }), "lacks the lists subnets, routeTables"],
    [exportText({ sources: [] }), 'has no "sources"'],
    [exportText({ sources: [{ subnetId: "subnet-1" }] }), 'source 1 of the export has no "source"'],
    [exportText({ destination: { address: "203.0.113.10" } }), 'no "destination"'],
  ])("refuses %s, saying why", (text, message) => {
    expect(() => readDoctorExport(text)).toThrow(ExportError);
    expect(() => readDoctorExport(text)).toThrow(message);
  });
});
