// Benchmark of the notebooks against the emulator with AWS-like waits scaled down: each notebook
// runs as a child process (the unchanged file) pointed at one in-process emulator through
// AWS_ENDPOINT_URL, and its numbered step lines (label, duration, start offset) are read back. The
// ratio "sum of step durations / wall time" shows how much the waits overlap: above 1 means the
// build ran steps side by side (02: the NAT gateway's wait beside the service's creation).
//   npx tsx scripts/bench-notebooks.ts [--scale 0.02] [--workload apprunner|instance|none] [--json]

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { REALISTIC_PROFILE, scaleProfile } from "../src/emulator/clock.ts";
import { startEmulator } from "../src/emulator/server.ts";

export interface StepLine {
  number: number;
  label: string;
  ok: boolean;
  durationMs: number;
  atMs: number;
}

export interface NotebookBench {
  notebook: string;
  workload: string;
  exitCode: number | null;
  wallMs: number;
  /** "Built in X s" as the lab printed it. */
  buildWallMs: number | undefined;
  buildStepSumMs: number;
  stepSumMs: number;
  steps: StepLine[];
}

const STEP_LINE = /^\s*(\d+)\. (.*) (ok|FAILED) \((.+?), at (.+?)\)\s*$/;

/** "1.5 s" or "2 min 5 s" (narrator.ts formatSeconds) in milliseconds. */
export function parseSeconds(text: string): number {
  const minutes = /^(\d+) min (\d+) s$/.exec(text.trim());
  if (minutes !== null) return Number(minutes[1]) * 60_000 + Number(minutes[2]) * 1000;
  const seconds = /^([\d.]+) s$/.exec(text.trim());
  if (seconds === null) throw new Error(`not a duration: "${text}"`);
  return Math.round(Number(seconds[1]) * 1000);
}

export function parseStepLines(output: string): StepLine[] {
  const steps: StepLine[] = [];
  for (const line of output.split("\n")) {
    const match = STEP_LINE.exec(line);
    if (match === null) continue;
    const [, number, label, mark, duration, at] = match;
    steps.push({
      number: Number(number),
      label: label ?? "",
      ok: mark === "ok",
      durationMs: parseSeconds(duration ?? ""),
      atMs: parseSeconds(at ?? ""),
    });
  }
  return steps;
}

/** The numbered steps printed between "Building stack" and the next heading. */
function buildSteps(output: string): StepLine[] {
  const start = output.indexOf("\nBuilding stack ");
  if (start === -1) return [];
  const rest = output.slice(start + 1);
  const end = rest.indexOf("\n\n");
  return parseStepLines(end === -1 ? rest : rest.slice(0, end));
}

function runNotebook(notebook: string, workload: string, endpoint: string): Promise<NotebookBench> {
  const root = fileURLToPath(new URL("../", import.meta.url));
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", `notebooks/${notebook}.ts`, "--yes", "--workload", workload],
      {
        cwd: root,
        env: {
          ...process.env,
          AWS_ENDPOINT_URL: endpoint,
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "bench",
          AWS_SECRET_ACCESS_KEY: "bench",
          AWS_PROFILE: "",
          NO_COLOR: "1",
          CI: "true",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (exitCode) => {
      const wallMs = Date.now() - started;
      const steps = parseStepLines(output);
      const built = /Built in ([\d.]+ s)\./.exec(output);
      if (exitCode !== 0) process.stderr.write(`${notebook} exited with ${exitCode}:\n${output}\n`);
      resolve({
        notebook,
        workload,
        exitCode,
        wallMs,
        buildWallMs: built?.[1] === undefined ? undefined : parseSeconds(built[1]),
        buildStepSumMs: buildSteps(output).reduce((sum, step) => sum + step.durationMs, 0),
        stepSumMs: steps.reduce((sum, step) => sum + step.durationMs, 0),
        steps,
      });
    });
  });
}

export function formatTable(results: readonly NotebookBench[]): string {
  const s = (ms: number | undefined) => (ms === undefined ? "-" : `${(ms / 1000).toFixed(1)} s`);
  const ratio = (sum: number, wall: number | undefined) =>
    wall === undefined || wall === 0 ? "-" : `${(sum / wall).toFixed(2)}x`;
  const rows = [
    [
      "notebook",
      "workload",
      "exit",
      "wall",
      "build wall",
      "build steps sum",
      "build sum/wall",
      "all steps sum",
      "all sum/wall",
    ],
    ...results.map((r) => [
      r.notebook,
      r.workload,
      String(r.exitCode),
      s(r.wallMs),
      s(r.buildWallMs),
      s(r.buildStepSumMs),
      ratio(r.buildStepSumMs, r.buildWallMs),
      s(r.stepSumMs),
      ratio(r.stepSumMs, r.wallMs),
    ]),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: "string", default: "0.02" },
      workload: { type: "string", default: "apprunner" },
      json: { type: "boolean", default: false },
    },
  });
  const scale = Number(values.scale);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number (got "${values.scale}")`);
  const running = await startEmulator({ port: 0, delays: scaleProfile(REALISTIC_PROFILE, scale) });
  try {
    const results: NotebookBench[] = [];
    for (const notebook of ["01-without-nat", "02-with-nat"]) {
      results.push(await runNotebook(notebook, values.workload, running.url));
    }
    if (values.json) console.log(JSON.stringify(results, null, 2));
    else {
      console.log(
        `Emulator: REALISTIC_PROFILE x ${scale} (NAT available ${REALISTIC_PROFILE.natGatewayAvailable * scale} ms, service running ${REALISTIC_PROFILE.serviceRunning * scale} ms)`,
      );
      console.log(formatTable(results));
    }
    if (results.some((r) => r.exitCode !== 0)) process.exitCode = 1;
  } finally {
    await running.close();
  }
}

// Import guard: runs when executed, not when imported by a test.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
