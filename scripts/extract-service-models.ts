// Writes the emulator's trimmed copies of AWS's official service models (src/emulator/models/*.json)
// from botocore's `data/<service>/<version>/service-2.json.gz`: only the operations the emulator
// serves and the shapes their inputs and outputs reach, with what validation and the reply check
// need (types, required, enum, min/max, pattern, list members, locationName/queryName/flattened),
// never the documentation. Users run the emulator without Python, so the copy is committed; this
// script refreshes it and `--check` (and tests/emulator/service-models.test.ts) proves the committed
// copy equals what the installed botocore produces.
//   npm run models            rewrite the copies from the installed botocore
//   npm run models -- --check exit 1 when a committed copy differs
//   BOTOCORE_DIR=/path/to/botocore overrides `python3 -c 'import botocore'`

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { appRunnerActions } from "../src/emulator/apprunner/actions.ts";
import { ec2Actions } from "../src/emulator/ec2/actions.ts";
import { ecsActions } from "../src/emulator/ecs/actions.ts";
import { lambdaActions } from "../src/emulator/lambda/actions.ts";
import {
  type HttpBinding,
  MODEL_FILES,
  type ServiceModel,
  type ServiceModelName,
} from "../src/emulator/models/service-model.ts";
import { stsActions } from "../src/emulator/sts/actions.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The operations the emulator serves, per model, read from the dispatch tables themselves. */
export function servedOperations(): Record<ServiceModelName, string[]> {
  return {
    ec2: Object.keys(ec2Actions).sort(),
    apprunner: Object.keys(appRunnerActions).sort(),
    sts: Object.keys(stsActions).sort(),
    lambda: Object.keys(lambdaActions).sort(),
    ecs: Object.keys(ecsActions).sort(),
  };
}

export interface Botocore {
  dir: string;
  version: string;
}

/** The installed botocore, or null when Python or botocore is missing. */
export function findBotocore(): Botocore | null {
  const script =
    "import botocore, os; print(os.path.dirname(botocore.__file__)); print(botocore.__version__)";
  try {
    if (process.env["BOTOCORE_DIR"]) {
      const dir = process.env["BOTOCORE_DIR"];
      const init = readFileSync(join(dir, "__init__.py"), "utf8");
      const version = /__version__\s*=\s*['"]([^'"]+)['"]/.exec(init)?.[1] ?? "unknown";
      return { dir, version };
    }
    const [dir, version] = execFileSync("python3", ["-c", script], { encoding: "utf8" }).trim().split("\n");
    return dir && version ? { dir, version } : null;
  } catch {
    return null;
  }
}

const SHAPE_KEYS = ["type", "required", "enum", "min", "max", "pattern", "flattened", "locationName"];
const MEMBER_KEYS = ["shape", "locationName", "queryName", "flattened", "idempotencyToken", "location"];

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

type RawShape = Record<string, unknown> & {
  members?: Record<string, Record<string, unknown>>;
  member?: Record<string, unknown>;
  key?: Record<string, unknown>;
  value?: Record<string, unknown>;
};

/** The trimmed model: the served operations and every shape their inputs and outputs reach. */
export function trimModel(
  raw: {
    metadata: Record<string, unknown>;
    operations: Record<string, Record<string, unknown>>;
    shapes: Record<string, RawShape>;
  },
  operations: string[],
  source: string,
): ServiceModel {
  const shapes: Record<string, unknown> = {};
  const visit = (name: string): void => {
    if (name in shapes) return;
    const shape = raw.shapes[name];
    if (!shape) throw new Error(`shape ${name} is missing from the model`);
    const out: Record<string, unknown> = pick(shape, SHAPE_KEYS);
    shapes[name] = out;
    if (shape.members) {
      out["members"] = Object.fromEntries(
        Object.entries(shape.members).map(([member, ref]) => [member, pick(ref, MEMBER_KEYS)]),
      );
      for (const ref of Object.values(shape.members)) visit(ref["shape"] as string);
    }
    for (const part of ["member", "key", "value"] as const) {
      const ref = shape[part];
      if (ref) {
        out[part] = pick(ref, MEMBER_KEYS);
        visit(ref["shape"] as string);
      }
    }
  };
  const ops: ServiceModel["operations"] = {};
  for (const name of operations) {
    const op = raw.operations[name];
    if (!op) throw new Error(`operation ${name} is not in the model (${source})`);
    const input = (op["input"] as { shape: string } | undefined)?.shape;
    const output = op["output"] as { shape: string; resultWrapper?: string } | undefined;
    // Only REST protocols address operations by method and path; the others would carry it unused.
    const http = raw.metadata["protocol"] === "rest-json" ? op["http"] : undefined;
    ops[name] = {
      ...(input ? { input } : {}),
      ...(output ? { output: output.shape } : {}),
      ...(output?.resultWrapper ? { resultWrapper: output.resultWrapper } : {}),
      ...(http
        ? {
            http: pick(http as Record<string, unknown>, [
              "method",
              "requestUri",
              "responseCode",
            ]) as unknown as HttpBinding,
          }
        : {}),
    };
    if (input) visit(input);
    if (output) visit(output.shape);
  }
  const sortedShapes = Object.fromEntries(
    Object.keys(shapes)
      .sort()
      .map((k) => [k, shapes[k]]),
  );
  return {
    source,
    metadata: pick(raw.metadata, [
      "apiVersion",
      "protocol",
      "serviceId",
      "targetPrefix",
      "jsonVersion",
      "xmlNamespace",
    ]),
    operations: ops,
    shapes: sortedShapes as ServiceModel["shapes"],
  };
}

/** File name -> content, exactly as committed. */
export function extractModels(botocore: Botocore): Record<string, string> {
  const served = servedOperations();
  const out: Record<string, string> = {};
  for (const [service, { file, botocorePath }] of Object.entries(MODEL_FILES)) {
    const gz = readFileSync(join(botocore.dir, "data", botocorePath));
    const raw = JSON.parse(gunzipSync(gz).toString("utf8"));
    const source = `botocore ${botocore.version} data/${botocorePath}`;
    const model = trimModel(raw, served[service as ServiceModelName], source);
    out[file] = `${JSON.stringify(model, null, 1)}\n`;
  }
  return out;
}

function main(): void {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
  const botocore = findBotocore();
  if (!botocore) {
    console.error(
      "botocore was not found (python3 -c 'import botocore'). Install it (pip install botocore) or set BOTOCORE_DIR.",
    );
    process.exit(2);
  }
  let stale = 0;
  for (const [file, content] of Object.entries(extractModels(botocore))) {
    const path = join(ROOT, "src/emulator/models", file);
    let current = "";
    try {
      current = readFileSync(path, "utf8");
    } catch {}
    if (values.check) {
      if (current !== content) {
        stale++;
        console.error(`${file}: differs from botocore ${botocore.version}; run npm run models`);
      } else console.log(`${file}: up to date (botocore ${botocore.version})`);
    } else {
      writeFileSync(path, content);
      console.log(`${file}: ${Buffer.byteLength(content)} bytes from botocore ${botocore.version}`);
    }
  }
  if (stale > 0) process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
