// Reads the file `doctor --export` writes (src/aws/run-doctor.ts) into a snapshot the model can trace.
// Checks the shape enough to say clearly what is wrong with a file that is not such an export;
// fields it does not know (from a newer doctor) are kept and handed to the model as they are.

import type { DoctorExport, EgressSnapshot, Topology } from "../egress/index.ts";
import { createEmptyTopology, DOCTOR_EXPORT_FORMAT } from "../egress/index.ts";

export class ExportError extends Error {
  override name = "ExportError";
}

export function readDoctorExport(text: string): DoctorExport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ExportError(
      `this is not JSON (${error instanceof Error ? error.message : String(error)}). Paste the whole file that doctor --export wrote.`,
    );
  }
  if (!isRecord(data))
    throw new ExportError("the file holds no JSON object. Paste the file that doctor --export wrote.");
  if (data["format"] !== DOCTOR_EXPORT_FORMAT.format) {
    throw new ExportError(
      `the file is not a doctor export (its "format" is ${JSON.stringify(data["format"] ?? null)}, expected "${DOCTOR_EXPORT_FORMAT.format}"). ` +
        "Note that doctor --json output is a result, not an export: run the doctor with --export <file>.",
    );
  }
  if (data["version"] !== DOCTOR_EXPORT_FORMAT.version) {
    throw new ExportError(
      `the export has version ${JSON.stringify(data["version"])}; this page reads version ${DOCTOR_EXPORT_FORMAT.version}. Export again with this guide's doctor.`,
    );
  }
  const topology = data["topology"];
  if (!isRecord(topology)) throw new ExportError('the export has no "topology" object.');
  const missing = Object.keys(createEmptyTopology()).filter((key) => !Array.isArray(topology[key]));
  if (missing.length > 0)
    throw new ExportError(`the export's topology lacks the lists ${missing.join(", ")}.`);
  const sources = data["sources"];
  if (!Array.isArray(sources) || sources.length === 0)
    throw new ExportError('the export has no "sources" (the interfaces to trace from).');
  sources.forEach((entry, index) => {
    if (!isRecord(entry) || !isRecord(entry["source"]) || typeof entry["source"]["mode"] !== "string")
      throw new ExportError(`source ${index + 1} of the export has no "source" with a "mode".`);
  });
  const destination = data["destination"];
  if (
    !isRecord(destination) ||
    typeof destination["address"] !== "string" ||
    typeof destination["port"] !== "number" ||
    typeof destination["protocol"] !== "string"
  )
    throw new ExportError('the export has no "destination" with an address, a protocol and a port.');
  const warnings = Array.isArray(data["warnings"]) ? data["warnings"].filter(isWarning) : [];
  return {
    ...DOCTOR_EXPORT_FORMAT,
    description: typeof data["description"] === "string" ? data["description"] : "",
    topology: topology as unknown as Topology,
    sources: sources as EgressSnapshot["sources"],
    destination: destination as unknown as EgressSnapshot["destination"],
    warnings,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isWarning(value: unknown): value is { code: string; message: string } {
  return isRecord(value) && typeof value["code"] === "string" && typeof value["message"] === "string";
}
