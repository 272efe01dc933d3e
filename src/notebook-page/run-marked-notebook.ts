// Runs a notebook once, for its page: a copy with cell markers (insert-cell-markers.ts), written
// next to the original so its relative imports resolve, run with `node --import tsx` against the
// embedded emulator (--local) with NO_COLOR=1 and CI=true, so the narrator prints plain lines.
// stdout and stderr go to one file descriptor, so their lines keep the order they were written in.

import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { insertCellMarkers } from "./insert-cell-markers.ts";
import { splitRunOutput } from "./split-run-output.ts";

/**
 * The notebook's --workload for a page run. Never "auto": a page must show the same story on every
 * build, whatever the machine could use.
 */
export type PageWorkload = "apprunner" | "instance" | "none";

export interface RunNotebookOptions {
  /** The repository root (where node_modules/tsx is). */
  root: string;
  /** The notebook, relative to root, e.g. notebooks/01-without-nat.ts. */
  notebook: string;
  source: string;
  workload: PageWorkload;
  timeoutMs?: number;
}

export interface NotebookRun {
  outputs: Map<number, string>;
  exitCode: number | null;
  wallMs: number;
  /** The whole output, ANSI and markers included, for error messages. */
  raw: string;
}

/** The temporary copy's path: a dot file beside the notebook, one per process (builds may overlap). */
export function markedCopyPath(notebook: string, pid = process.pid): string {
  return join(dirname(notebook), `.${basename(notebook, ".ts")}.page-run-${pid}.ts`);
}

export async function runMarkedNotebook(options: RunNotebookOptions): Promise<NotebookRun> {
  const copy = join(options.root, markedCopyPath(options.notebook));
  const outDir = mkdtempSync(join(tmpdir(), "notebook-page-"));
  const outFile = join(outDir, "output.txt");
  writeFileSync(copy, insertCellMarkers(options.source));
  const fd = openSync(outFile, "w");
  const started = Date.now();
  try {
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", CI: "true" };
      delete env["FORCE_COLOR"];
      const child = spawn(
        process.execPath,
        ["--import", "tsx", copy, "--local", "--workload", options.workload],
        { cwd: options.root, env, stdio: ["ignore", fd, fd] },
      );
      const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 180_000);
      child.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        resolve(signal === null ? code : null);
      });
    });
    const raw = readFileSync(outFile, "utf8");
    return { outputs: splitRunOutput(raw), exitCode, wallMs: Date.now() - started, raw };
  } finally {
    closeSync(fd);
    rmSync(copy, { force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}
